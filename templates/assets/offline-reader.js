// Offline reading controls that live on one page each, both answered by the service worker:
// "keep the archive for offline search" on the search page, and the list of saved pages on the
// offline page. Without service workers (or JavaScript) both stay hidden.

/** Sends a request to the service worker; `onProgress` receives `{ done, total }` updates. */
function ask(message, onProgress) {
  return navigator.serviceWorker.ready.then(
    (registration) =>
      new Promise((resolve, reject) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = ({ data }) => {
          if (data.error) reject(new Error(data.error));
          else if ("total" in data) onProgress?.(data);
          else resolve(data);
        };
        registration.active.postMessage(message, [channel.port2]);
      }),
  );
}

const format = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => String(values[key] ?? whole));
const language = document.documentElement.lang;

/** "284 kB", "1.2 MB", in the page's language. */
function size(bytes) {
  const mega = bytes >= 1e6;
  const unit = new Intl.NumberFormat(language, {
    style: "unit",
    unit: mega ? "megabyte" : "kilobyte",
    maximumFractionDigits: 1,
  });
  return unit.format(mega ? bytes / 1e6 : Math.max(1, Math.round(bytes / 1e3)));
}

function archiveControl(control) {
  const strings = JSON.parse(document.getElementById("offline-archive-config").textContent);
  const text = control.querySelector("[data-archive-text]");
  const keep = control.querySelector("[data-archive-keep]");
  const drop = control.querySelector("[data-archive-drop]");
  const status = control.querySelector("[data-archive-status]");
  const show = ({ kept, bytes }) => {
    text.textContent = kept
      ? format(strings.kept, { size: size(bytes) })
      : navigator.onLine
        ? strings.intro
        : strings.offline;
    keep.textContent = format(strings.keep, { size: size(bytes) });
    keep.hidden = kept;
    keep.disabled = !navigator.onLine;
    drop.hidden = !kept;
    control.hidden = false;
  };
  const progress = ({ done, total }) => {
    status.textContent = format(strings.progress, { percent: Math.floor((done * 100) / total) });
  };
  let state;
  ask({ type: "archive" }).then(
    (answer) => show((state = answer)),
    () => {},
  );
  addEventListener("online", () => state && show(state));
  addEventListener("offline", () => state && show(state));
  keep.addEventListener("click", async () => {
    keep.disabled = true;
    progress({ done: 0, total: 1 });
    // Ask the browser not to evict what the reader chose to keep; it may say no.
    navigator.storage?.persist?.().catch(() => {});
    try {
      show((state = await ask({ type: "keep-archive" }, progress)));
      status.textContent = "";
    } catch {
      status.textContent = strings.failed;
    }
    keep.disabled = !navigator.onLine;
  });
  drop.addEventListener("click", async () => {
    show((state = await ask({ type: "drop-archive" })));
    status.textContent = strings.dropped;
  });
}

async function savedPagesList(list) {
  const { pages } = await ask({ type: "saved-pages" });
  const parser = new DOMParser();
  // Every page's title ends like this page's own (" · Site name"); the list needs no repeat of it.
  const siteSuffix = document.title.slice(document.title.lastIndexOf(" · "));
  for (const page of pages) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.url;
    // Titles come as written in the HTML, entities and all.
    const title = parser.parseFromString(page.title, "text/html").documentElement.textContent;
    link.textContent = title.endsWith(siteSuffix) && title !== siteSuffix ? title.slice(0, -siteSuffix.length) : title;
    item.append(link);
    list.append(item);
  }
  list.closest("section").hidden = pages.length === 0;
}

if ("serviceWorker" in navigator) {
  const control = document.getElementById("offline-archive");
  if (control) archiveControl(control);
  const list = document.getElementById("offline-pages");
  if (list) savedPagesList(list).catch(() => {});
}
