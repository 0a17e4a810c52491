// The search page: runs the query in the URL (?q=, filters, sort) against the Pagefind index
// that the build wrote, and keeps the URL in step so a search can be shared and the back
// button works. Everything it loads comes from the same site.
//
// The index is split by date (config.shards, newest first, each a run of months). A search starts with the newest
// months (at least config.firstBand pages) and reaches back into earlier ones, in bands of
// growing size, until it has a page of results or the reader asks for more: a first search
// downloads only the newest months' index, whatever the size of the archive.
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

/**
 * Pagefind's index files are gzip, and Pagefind inflates them with its own JavaScript on the
 * page's thread, unless they arrive inflated already (starting with its signature, as when a
 * host sends them with Content-Encoding: gzip). The browser's DecompressionStream inflates them
 * natively: at 10,000 articles the first result came ~50 ms sooner (medians of 7 visits, four
 * rounds alternating). Only responses under the index's folder that start as gzip are touched.
 */
function inflateIndexFiles() {
  if (typeof DecompressionStream !== "function") return;
  const fetchOriginal = window.fetch.bind(window);
  const folder = new URL(config.index, location.href).href;
  window.fetch = async (input, init) => {
    const response = await fetchOriginal(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (
      !response.ok ||
      !url.href.startsWith(folder) ||
      !/\.(pagefind|pf_meta|pf_index|pf_fragment|pf_filter)$/.test(url.pathname)
    )
      return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    const body = gzip ? new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")) : bytes;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
inflateIndexFiles();

let pagefind;
const merged = new Set();
let runId = 0;
/** The search in progress: shards not searched yet, results found so far, the oldest year searched. */
let current;
const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
const plural = (forms, count) =>
  forms[new Intl.PluralRules(document.documentElement.lang).select(count)] ?? forms.other;

async function loadPagefind() {
  if (!pagefind) {
    const [newest] = config.shards;
    const api = await import(`${config.index}${newest.key}/pagefind.js`);
    // Every shard tags its pages with a filter of its own, so a band of shards can be searched alone.
    // On the page's own thread: Pagefind's web worker is one more script to download (~11 KB) and
    // start before anything is fetched, and only the page can use the files it preloaded
    // (the entry link carries the tag that makes the entry's URL the preloaded one).
    const entry = document.getElementById("search-index-entry");
    await api.options({
      noWorker: true,
      mergeFilter: { shard: newest.key },
      ...(entry ? { metaCacheTag: entry.dataset.tag } : {}),
    });
    await api.init();
    merged.add(newest.key);
    pagefind = api;
  }
  return pagefind;
}

/** Makes sure the shards' indexes are loaded (the newest is loaded with Pagefind itself). */
async function mergeShards(api, shards) {
  await Promise.all(
    shards
      .filter((shard) => !merged.has(shard.key))
      .map((shard) => {
        merged.add(shard.key);
        return api.mergeIndex(`${config.index}${shard.key}/`, { mergeFilter: { shard: shard.key } });
      }),
  );
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

/** Shows the filter menus, loading their values the first time. */
async function openFilters() {
  if (filtersToggle.getAttribute("aria-expanded") === "true") return;
  await fillFilters();
  filtersBox.hidden = false;
  filtersToggle.setAttribute("aria-expanded", "true");
}

/** Fills the filter menus with the values in the index, keeping the selection from the URL. */
async function fillFilters() {
  const response = await fetch(config.filters);
  if (!response.ok) throw new Error(`${config.filters}: ${response.status}`);
  const available = await response.json();
  for (const select of filterSelects) {
    const values = [...(available[select.dataset.filter] ?? [])].sort((a, b) =>
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

/**
 * Searches the next band of shards: at least config.firstBand pages for the first band, then
 * twice the previous band, so a search that finds little reaches the oldest years in a few steps.
 */
async function widen(search) {
  const band = [];
  let pages = 0;
  while (search.queue.length && (band.length === 0 || pages < search.bandPages)) {
    const shard = search.queue.shift();
    band.push(shard);
    pages += shard.pages;
  }
  search.bandPages = Math.max(config.firstBand, pages * 2);
  await mergeShards(search.api, band);
  if (search.sort) {
    // Sorted by date: each shard on its own, newest first, so the order holds across shards.
    for (const shard of band) {
      const found = await search.api.search(search.query, {
        filters: { ...search.filters, shard: shard.key },
        sort: search.sort,
      });
      search.found.push(...found.results);
    }
  } else {
    // By relevance: everything searched so far, ranked together, after what is already on screen.
    search.searched.push(...band.map((shard) => shard.key));
    const found = await search.api.search(search.query, {
      filters: { ...search.filters, shard: { any: search.searched } },
    });
    const onScreen = search.found.slice(0, search.shown);
    const shownIds = new Set(onScreen.map((result) => result.id));
    search.found = [...onScreen, ...found.results.filter((result) => !shownIds.has(result.id))];
  }
  search.oldest = band.at(-1).since;
}

/** Searches older shards until there are `wanted` results not shown yet, or no shards left. */
async function fill(search, wanted) {
  while (search.found.length - search.shown < wanted && search.queue.length) await widen(search);
}

/** `2024-03` as the reader's language writes a month: "March 2024", "03.2024". */
function monthName(month) {
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(document.documentElement.lang, {
    year: "numeric",
    month: config.strings.monthStyle,
    timeZone: "UTC",
  }).format(Date.UTC(year, number - 1, 15));
}

function statusText(search) {
  const count = search.found.length;
  if (!count && !search.queue.length) return format(config.strings.none, { query: search.query });
  const strings = search.queue.length ? config.strings.resultsSince : config.strings.results;
  return format(plural(strings, count), {
    count,
    query: search.query,
    since: search.oldest ? monthName(search.oldest) : "",
  });
}

async function showMore(search) {
  await fill(search, config.pageSize);
  if (search.id !== runId) return;
  // The first result's excerpt alone, drawn at once, then the rest of the batch's; each result is
  // drawn as soon as it and those above it arrived. Asked for all at once, the first excerpt waited
  // behind the others' unpacking: at 10,000 articles the first result came 60-150 ms later. Asked
  // for when the first excerpt arrived but before it was drawn, they delayed its drawing by ~20 ms.
  const results = search.found.slice(search.shown, search.shown + config.pageSize);
  search.shown += results.length;
  const [head, ...rest] = results;
  if (head) {
    const item = resultItem(await head.data());
    if (search.id !== runId) return;
    list.append(item);
    for (const data of rest.map((result) => result.data())) {
      const next = resultItem(await data);
      if (search.id !== runId) return;
      list.append(next);
    }
  }
  moreButton.hidden = search.shown >= search.found.length && !search.queue.length;
  // Results first, then the announcement, so a screen reader (or a test) that hears the count finds them there.
  status.textContent = statusText(search);
}

async function run() {
  const id = ++runId;
  const query = input.value.trim();
  list.replaceChildren();
  moreButton.hidden = true;
  let api;
  try {
    api = await loadPagefind();
    if (filterSelects.some((select) => select.dataset.wanted)) await openFilters();
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
  // A year filter needs only the shards holding that year.
  const queue = config.shards.filter((shard) => !filters.year || shard.years.includes(filters.year));
  current = {
    id,
    api,
    query,
    filters,
    sort: sortSelect.value === "date" ? { date: "desc" } : undefined,
    queue,
    bandPages: config.firstBand,
    searched: [],
    found: [],
    shown: 0,
  };
  await showMore(current);
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
moreButton.addEventListener("click", () => current && showMore(current));
filtersToggle.addEventListener("click", async () => {
  if (filtersToggle.getAttribute("aria-expanded") === "true") {
    filtersBox.hidden = true;
    filtersToggle.setAttribute("aria-expanded", "false");
    return;
  }
  await openFilters();
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
