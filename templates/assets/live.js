// Live coverage: while the page is open, looks for new updates every minute by fetching the page
// itself (past every cache) and offers them with a button; a click puts them on top of the list.
// Nothing is inserted unasked, so nothing moves under the reader's eyes; the status line tells
// screen readers, politely, that new updates are there. Without JavaScript, a reload shows them.

const section = document.querySelector("[data-live-updates]");
const list = section?.querySelector("[data-live-list]");
const button = section?.querySelector("[data-live-new]");
const status = section?.querySelector("[data-live-status]");

const format = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
const plural = (forms, count) =>
  forms[new Intl.PluralRules(document.documentElement.lang).select(count)] ?? forms.other;

if (section && list && button && status) {
  const strings = JSON.parse(section.dataset.liveUpdates);
  const interval = Number(section.dataset.liveInterval) * 1000;
  const heading = section.querySelector("#live-updates-heading");
  /** New updates not shown yet, newest first. */
  let waiting = [];
  let timer;

  const known = () => new Set([...list.children, ...waiting].map((update) => update.id));

  async function check() {
    let page;
    try {
      const response = await fetch(location.href.split("#")[0], { cache: "no-store" });
      if (!response.ok) return;
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      return; // Offline or a dropped link: the next round tries again.
    }
    const latest = page.querySelector("[data-live-list]");
    if (!page.querySelector("[data-live-updates]")) clearInterval(timer); // The coverage has ended.
    if (!latest) return;
    const seen = known();
    const fresh = [...latest.children].filter((update) => update.id && !seen.has(update.id));
    if (!fresh.length) return;
    waiting = [...fresh.map((update) => document.adoptNode(update)), ...waiting];
    const label = format(plural(strings.newUpdates, waiting.length), { count: waiting.length });
    button.textContent = label;
    button.hidden = false;
    status.textContent = label;
  }

  button.addEventListener("click", () => {
    const [newest] = waiting;
    list.prepend(...waiting);
    waiting = [];
    button.hidden = true;
    status.textContent = "";
    if (heading)
      heading.textContent = format(plural(strings.updates, list.children.length), { count: list.children.length });
    newest.tabIndex = -1;
    newest.focus();
  });

  timer = setInterval(check, interval);
}
