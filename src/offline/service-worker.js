// Broadsheet's service worker, published as <base>sw.js with `const BUILD = {...}` written above
// this code by src/eleventy/offline.ts (version, base path, precache list, digests; see WorkerBuild
// in src/lib/offline.ts).
//
// Hand-written rather than generated with workbox-build: what the site needs is three small
// strategies (pages network-first, fingerprinted files cache-first, the search index cache-first
// and downloaded in full only when the reader asks), versioned caches, and a check that files
// without a hash in their name belong to this build. That is some 250 lines here; workbox-build
// would add a large build-time dependency tree and a runtime of its own, and the parts that matter
// most (keeping the archive on request, carrying the reader's pages and archive over to a new
// build) would still be custom code around it.
//
// Versions: every cache name carries BUILD.version. A new build's worker installs beside the old
// one (storing its precache, fetching anew the pages the reader had kept and, if the reader asked
// for it, the new archive), then takes over at once (skipWaiting + clients.claim) and deletes every
// cache of other versions, so old and new files never mix. Taking over at once is safe because
// pages ask only for pages by URL and for files whose names carry a hash or are checked against
// this build's digests: a page of the old build still open gets what it asks for from the server,
// as it would without a worker. Waiting instead would keep readers who never close the tab on the
// old version. If anything fails during install (the link drops halfway through the archive), the
// new worker is dropped and the old one, complete, keeps working until the next try.

const VERSION = BUILD.version;
const SCOPE = new URL(BUILD.base, self.location.href).href;
const PREFIX = `broadsheet:${BUILD.base}:`;
const CACHE = {
  static: `${PREFIX}static:${VERSION}`,
  pages: `${PREFIX}pages:${VERSION}`,
  search: `${PREFIX}search:${VERSION}`,
};
/** The reader's choices (keep the archive); not versioned, holds no site files. */
const SETTINGS = `${PREFIX}settings`;
const SETTINGS_KEY = `${SCOPE}__offline-settings`;
const OFFLINE_PAGE = `${SCOPE}offline/`;
/** How long a page may take from the network before the saved copy is shown instead. */
const NETWORK_TIMEOUT_MS = 4000;
/** How many of the reader's most recent pages a new version fetches again for its own cache. */
const PAGES_CARRIED_OVER = 50;
const DOWNLOADS_AT_ONCE = 6;

const urlOf = (path) => new URL(path, SCOPE).href;
/** Cache key of a URL: the query never changes a static file (Pagefind adds `?ts=` to its entry). */
const keyOf = (url) => {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
};
const isHtml = (response) =>
  response.ok && response.type === "basic" && (response.headers.get("content-type") ?? "").includes("text/html");

async function sha256(response) {
  const digest = await crypto.subtle.digest("SHA-256", await response.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Whether a response for `path` has this build's content: always for names that carry a hash. */
async function matchesBuild(path, response) {
  const expected = BUILD.pinned[path];
  return !expected || expected === (await sha256(response.clone()));
}

/** Like `matchesBuild`, for a response from the server: one from another build means a newer worker is waiting there. */
async function isOfThisBuild(path, response) {
  if (await matchesBuild(path, response)) return true;
  self.registration.update().catch(() => {});
  return false;
}

/** Fetches a file of this build, or fails. */
async function fetchOfThisBuild(path) {
  const response = await fetch(urlOf(path), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  if (!(await isOfThisBuild(path, response))) throw new Error(`${path} is from another build`);
  return response;
}

async function otherVersions(kind) {
  return (await caches.keys()).filter(
    (name) => name.startsWith(`${PREFIX}${kind}`) && name !== SETTINGS && !name.endsWith(`:${VERSION}`),
  );
}

async function readSettings() {
  const response = await (await caches.open(SETTINGS)).match(SETTINGS_KEY);
  return response ? response.json() : {};
}

async function writeSettings(settings) {
  const body = JSON.stringify({ ...(await readSettings()), ...settings });
  await (await caches.open(SETTINGS)).put(
    SETTINGS_KEY,
    new Response(body, { headers: { "content-type": "application/json" } }),
  );
}

/** Fetches a page and keeps it; a page that is gone (404) is simply not kept. */
async function savePage(url, pages) {
  const response = await fetch(url, { cache: "no-cache" });
  if (isHtml(response)) await pages.put(keyOf(url), response);
}

/** Fetches again, for this version, the pages the reader had kept with the previous one. */
async function carryOverPages() {
  const urls = new Set();
  for (const name of await otherVersions("pages:")) {
    for (const request of await (await caches.open(name)).keys()) urls.add(request.url);
  }
  const pages = await caches.open(CACHE.pages);
  await Promise.all([...urls].slice(-PAGES_CARRIED_OVER).map((url) => savePage(url, pages)));
}

/**
 * Stores every file of this build's search index. Files an older version's archive holds with the
 * same content (same hashed name, or same digest) are copied from it, so a new build downloads
 * only what changed. Reports progress in bytes.
 */
async function keepArchive(progress = () => {}) {
  const response = await fetch(urlOf(BUILD.archive.manifest), { cache: "no-cache" });
  const manifest = response.ok ? await response.json() : undefined;
  if (manifest?.version !== VERSION) {
    self.registration.update().catch(() => {});
    throw new Error("The index on the server is from another build.");
  }
  const search = await caches.open(CACHE.search);
  const older = await Promise.all((await otherVersions("search:")).map((name) => caches.open(name)));
  const paths = Object.keys(manifest.files);
  let next = 0;
  let done = 0;
  async function downloader() {
    while (next < paths.length) {
      const path = paths[next++];
      const url = urlOf(path);
      if (!(await search.match(url))) {
        let copy;
        for (const cache of older) {
          const candidate = copy ? undefined : await cache.match(url);
          if (candidate && (await matchesBuild(path, candidate))) copy = candidate;
        }
        await search.put(url, copy ?? (await fetchOfThisBuild(path)));
      }
      done += manifest.files[path];
      progress(done, manifest.bytes);
    }
  }
  await Promise.all(Array.from({ length: DOWNLOADS_AT_ONCE }, downloader));
  await writeSettings({ keepArchive: true });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const statics = await caches.open(CACHE.static);
      await Promise.all(BUILD.precache.map(async (path) => statics.put(urlOf(path), await fetchOfThisBuild(path))));
      await carryOverPages();
      if ((await readSettings()).keepArchive) await keepArchive();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all((await otherVersions("")).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

/** Network first; after a timeout or a failure, the saved copy, else the offline page. */
function navigate(event) {
  const key = keyOf(event.request.url);
  const network = fetch(event.request).then(async (response) => {
    if (isHtml(response)) await (await caches.open(CACHE.pages)).put(key, response.clone());
    return response;
  });
  // The page is kept even when the saved copy was shown first.
  event.waitUntil(network.catch(() => {}));
  return (async () => {
    const saved =
      (await (await caches.open(CACHE.pages)).match(key)) ?? (await (await caches.open(CACHE.static)).match(key));
    try {
      const response = await (saved ? Promise.race([network, timeout(NETWORK_TIMEOUT_MS)]) : network);
      return response.status >= 500 && saved ? saved : response;
    } catch {
      return saved ?? (await (await caches.open(CACHE.static)).match(OFFLINE_PAGE)) ?? Response.error();
    }
  })();
}

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

/** Cache first; what the network returns is kept if it is this build's. */
async function cacheFirst(cacheName, request, path) {
  const cache = await caches.open(cacheName);
  const key = keyOf(request.url);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && (await isOfThisBuild(path, response)))
    await cache.put(key, response.clone());
  return response;
}

/** An image that cannot load offline shows as empty space instead of a broken-image icon. */
async function imageOrBlank(request) {
  try {
    return await fetch(request);
  } catch {
    return new Response('<svg xmlns="http://www.w3.org/2000/svg"/>', { headers: { "content-type": "image/svg+xml" } });
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const path = keyOf(request.url).slice(SCOPE.length);
  // The browser editor talks to its backend itself; nothing of it is kept for reading offline.
  if (path.startsWith("admin/")) return;
  if (request.mode === "navigate") event.respondWith(navigate(event));
  else if (/^(assets|img)\//.test(path)) event.respondWith(cacheFirst(CACHE.static, request, path));
  else if (path.startsWith("pagefind/")) event.respondWith(cacheFirst(CACHE.search, request, path));
  else if (request.destination === "image") event.respondWith(imageOrBlank(request));
});

/** The pages the reader has kept, newest first, with their titles (as written in the HTML). */
async function savedPages() {
  const pages = await caches.open(CACHE.pages);
  const requests = (await pages.keys())
    .filter((request) => request.url !== OFFLINE_PAGE)
    .reverse()
    .slice(0, 30);
  return Promise.all(
    requests.map(async (request) => {
      const html = await (await pages.match(request)).text();
      return { url: request.url, title: /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? request.url };
    }),
  );
}

// Requests from the site's pages (templates/assets/offline.js and offline-reader.js); answers go
// back on the message's port.
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  const reply = (message) => port?.postMessage(message);
  const { type, url } = event.data ?? {};
  const archive = async () => ({ kept: (await readSettings()).keepArchive === true, bytes: BUILD.archive.bytes });
  const handlers = {
    "save-page": async () => {
      if (typeof url === "string" && url.startsWith(SCOPE)) await savePage(url, await caches.open(CACHE.pages));
      reply({});
    },
    archive: async () => reply(await archive()),
    "keep-archive": async () => {
      let percent = -1;
      await keepArchive((done, total) => {
        if (Math.floor((done * 100) / total) === percent) return;
        percent = Math.floor((done * 100) / total);
        reply({ done, total });
      });
      reply(await archive());
    },
    "drop-archive": async () => {
      await writeSettings({ keepArchive: false });
      await caches.delete(CACHE.search);
      reply(await archive());
    },
    "saved-pages": async () => reply({ pages: await savedPages() }),
  };
  const handler = handlers[type];
  if (handler) event.waitUntil(handler().catch((error) => reply({ error: String(error?.message ?? error) })));
});
