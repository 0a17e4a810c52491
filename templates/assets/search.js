// The search page: runs the query in the URL (?q=, filters, sort) against the Pagefind index
// that the build wrote, and keeps the URL in step so a search can be shared and the back
// button works. Everything it loads comes from the same site.
const config = JSON.parse(document.getElementById("search-config").textContent);
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const refine = document.getElementById("search-refine");
const sortSelect = document.getElementById("search-sort");
const filterSelects = [...form.querySelectorAll("select[data-filter]")];
const filtersToggle = document.getElementById("search-filters-toggle");
const filtersBox = document.getElementById("search-filters");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");

let pagefind;
let pending = [];
let runId = 0;

const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
const plural = (forms, count) => forms[new Intl.PluralRules(document.documentElement.lang).select(count)] ?? forms.other;

async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import(config.bundle);
    await pagefind.init();
  }
  return pagefind;
}

/** Reads the search from the URL into the form. */
function readUrl() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") ?? "";
  sortSelect.value = params.get("sort") ?? "";
  for (const select of filterSelects) select.dataset.wanted = params.get(select.name) ?? "";
  return params;
}

/** Writes the form into the URL; `push` adds a history entry. */
function writeUrl(push) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (String(value).trim()) params.set(name, String(value).trim());
  const url = `${location.pathname}${params.size ? `?${params}` : ""}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? "pushState" : "replaceState"](null, "", url);
}

/** Shows the filter menus, loading their values from the index the first time. */
async function openFilters(api) {
  if (filtersToggle.getAttribute("aria-expanded") === "true") return;
  await fillFilters(api);
  filtersBox.hidden = false;
  filtersToggle.setAttribute("aria-expanded", "true");
}

/** Fills the filter menus with the values in the index, keeping the selection from the URL. */
async function fillFilters(api) {
  const available = await api.filters();
  for (const select of filterSelects) {
    const values = Object.keys(available[select.dataset.filter] ?? {}).sort((a, b) =>
      select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b, document.documentElement.lang),
    );
    select.length = 1;
    for (const value of values) select.add(new Option(value, value));
    select.value = values.includes(select.dataset.wanted) ? select.dataset.wanted : "";
  }
}

/** Copies Pagefind's excerpt as text, keeping only its <mark> highlights. */
function excerptNode(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const paragraph = document.createElement("p");
  paragraph.className = "search-result__excerpt";
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(node.textContent);
    }
  }
  return paragraph;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  item.append(heading);
  const details = [data.meta.date, data.meta.author, data.meta.category].filter(Boolean);
  if (details.length) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = details.join(" · ");
    item.append(meta);
  }
  item.append(excerptNode(data.excerpt));
  if (data.meta.image) {
    const image = document.createElement("img");
    image.src = data.meta.image;
    image.alt = data.meta.image_alt ?? "";
    image.loading = "lazy";
    image.width = 160;
    image.height = 107;
    image.className = "search-result__image";
    item.prepend(image);
  }
  return item;
}

async function showMore(id) {
  // Fetch the batch's excerpts at once, but draw each result as soon as it and those above it arrived.
  const batch = pending.splice(0, config.pageSize).map((result) => result.data());
  for (const data of batch) {
    const item = resultItem(await data);
    if (id !== runId) return;
    list.append(item);
  }
  moreButton.hidden = pending.length === 0;
}

async function run() {
  const id = ++runId;
  const query = input.value.trim();
  list.replaceChildren();
  moreButton.hidden = true;
  let api;
  try {
    api = await loadPagefind();
    if (filterSelects.some((select) => select.dataset.wanted)) await openFilters(api);
  } catch {
    status.textContent = config.strings.unavailable;
    return;
  }
  if (!query) {
    status.textContent = config.strings.empty;
    return;
  }
  status.textContent = config.strings.searching;
  const filters = {};
  for (const select of filterSelects) if (select.value) filters[select.dataset.filter] = select.value;
  const search = await api.search(query, { filters, sort: sortSelect.value === "date" ? { date: "desc" } : undefined });
  if (id !== runId || !search) return;
  pending = [...search.results];
  const count = pending.length;
  // Results first, then the announcement, so a screen reader (or a test) that hears the count finds them there.
  await showMore(id);
  if (id !== runId) return;
  status.textContent = count
    ? format(plural(config.strings.results, count), { count, query })
    : format(config.strings.none, { query });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  writeUrl(true);
  run();
});
for (const select of [sortSelect, ...filterSelects]) {
  select.addEventListener("change", () => {
    writeUrl(true);
    run();
  });
}
moreButton.addEventListener("click", () => showMore(runId));
filtersToggle.addEventListener("click", async () => {
  if (filtersToggle.getAttribute("aria-expanded") === "true") {
    filtersBox.hidden = true;
    filtersToggle.setAttribute("aria-expanded", "false");
    return;
  }
  await openFilters(await loadPagefind());
  filterSelects[0].focus();
});
window.addEventListener("popstate", () => {
  readUrl();
  for (const select of filterSelects) select.value = select.dataset.wanted;
  run();
});

refine.hidden = false;
readUrl();
if (input.value.trim()) run();
