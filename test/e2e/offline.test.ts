import { readFileSync, writeFileSync } from "node:fs";
import type { RequestListener } from "node:http";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArchiveManifest, WorkerBuild } from "../../src/lib/offline.js";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { headersFor, parseHeadersFile, type StaticServer, serveStatic } from "../helpers/serve.js";
import { build, copyFixture, listFiles, readPage, scratch, textOf } from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";
const VISITED = "/news/2026/10/plant-reopens/";
const NOT_VISITED = "/news/2026/10/city-budget/";

/** The search index files a reader keeps: all but the Pagefind runtime copies the search page never loads (the first shard's script and English WebAssembly are loaded: the live coverage's, in the newsroom fixture). */
function archivedFiles(output: string): string[] {
  const runtime = /^pagefind\/[^/]+\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]+\.pagefind)$/;
  const loaded = ["pagefind/live/pagefind.js", "pagefind/live/wasm.en.pagefind"];
  return listFiles(output).filter(
    (file) => file.startsWith("pagefind/") && (loaded.includes(file) || !runtime.test(file)),
  );
}

/** The build data that src/eleventy/offline.ts wrote at the top of sw.js. */
function workerBuild(output: string): WorkerBuild {
  const script = readFileSync(path.join(output, "sw.js"), "utf8");
  return JSON.parse(/^const BUILD = (\{[\s\S]*?\n\});$/m.exec(script)![1]!) as WorkerBuild;
}

describe("the service worker and offline page written by the build", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  beforeAll(async () => {
    const result = await build(copyFixture("newsroom", work.dir), output, [NOW]);
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("writes sw.js at the root of the base path with the build's version and precache list", () => {
    const worker = workerBuild(output);
    expect(worker.version).toMatch(/^[0-9a-f]{12}$/);
    expect(worker.base).toBe("/news/");
    const assets = listFiles(output).filter((file) => file.startsWith("assets/"));
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^assets\/offline\.[0-9a-f]{10}\.js$/),
        expect.stringMatching(/^assets\/style\.[0-9a-f]{10}\.css$/),
      ]),
    );
    expect(worker.precache).toEqual(["offline/", "search/", "search/filters.json", ...assets]);
    expect(Object.keys(worker.pinned)).toEqual(
      expect.arrayContaining(["offline/", "search/", "pagefind/live/pagefind-entry.json", "pagefind/live/pagefind.js"]),
    );
    expect(Object.keys(worker.pinned).some((file) => file.endsWith(".pf_fragment"))).toBe(false);
  });

  it("lists every file of the search index, with its size, in pagefind-files.json, but the Pagefind runtime the search page never loads", () => {
    const manifest = JSON.parse(readFileSync(path.join(output, "pagefind-files.json"), "utf8")) as ArchiveManifest;
    const index = archivedFiles(output);
    // The first shard's (live coverage) script and English WebAssembly stay; no worker, no other shard's copies.
    expect(index).toEqual(expect.arrayContaining(["pagefind/live/pagefind.js", "pagefind/live/wasm.en.pagefind"]));
    expect(index.filter((file) => /\/(pagefind\.js|pagefind-worker\.js|wasm\.[^/]+\.pagefind)$/.test(file))).toEqual([
      "pagefind/live/pagefind.js",
      "pagefind/live/wasm.en.pagefind",
    ]);
    expect(listFiles(output)).toContain("pagefind/2026-10/pagefind.js");
    expect(Object.keys(manifest.files)).toEqual(index);
    expect(manifest.version).toBe(workerBuild(output).version);
    expect(manifest.bytes).toBe(index.reduce((sum, file) => sum + readFileSync(path.join(output, file)).length, 0));
    expect(workerBuild(output).archive).toEqual({
      manifest: "pagefind-files.json",
      bytes: manifest.bytes,
      files: index.length,
    });
  });

  it("revalidates sw.js and the manifest on every request", () => {
    const rules = parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8"));
    for (const file of ["/news/sw.js", "/news/pagefind-files.json", "/news/offline/"]) {
      expect(headersFor(rules, file)["Cache-Control"], file).toBe("public, max-age=0, must-revalidate");
      expect(headersFor(rules, file)["Content-Security-Policy"]).toContain("worker-src 'self'");
    }
  });

  it("writes an offline page, outside the sitemap, and loads the offline script on every page", () => {
    const offline = readPage(output, "/news/offline/", "/news/");
    expect(textOf(offline.querySelector("h1"))).toBe("You are offline");
    expect(readFileSync(path.join(output, "sitemap.xml"), "utf8")).not.toContain("/offline/");
    for (const url of ["/news/", VISITED, "/news/search/", "/news/offline/"]) {
      const script = readPage(output, url, "/news/").querySelector('script[src*="/assets/offline."]');
      expect(script?.getAttribute("type"), url).toBe("module");
      expect(readPage(output, url, "/news/").querySelector("#offline-status")?.getAttribute("role")).toBe("status");
    }
  });
});

describe.skipIf(skipBrowser)("reading offline in Chromium, under a base path and the site's CSP", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let content: string;
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /**
   * While false the server drops every connection. `context.setOffline` does not reach the
   * service worker's own fetches (https://github.com/microsoft/playwright/issues/2311), so
   * without this the worker would still find the network.
   */
  let network = true;
  /** CSP violations and uncaught script errors; failed requests while offline are expected. */
  const problems: string[] = [];

  const goOffline = async () => {
    network = false;
    await context.setOffline(true);
  };
  const goOnline = async () => {
    network = true;
    await context.setOffline(false);
  };
  const cacheNames = () => page.evaluate(() => caches.keys());
  const isSaved = (url: string) => page.evaluate((target) => caches.match(target).then(Boolean), `${server.url}${url}`);

  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir);
    const result = await build(content, output, [NOW]);
    expect(result.code, result.stderr).toBe(0);
    server = await serveStatic(output, "/news/", parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")));
    const [serve] = server.server.listeners("request") as RequestListener[];
    server.server.removeAllListeners("request");
    server.server.on("request", (request, response) =>
      network ? serve!(request, response) : request.socket.destroy(),
    );
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.text().startsWith("CSP violation")) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work.cleanup();
  });

  it("installs the worker on the first visit and keeps the pages the reader opens", async () => {
    await page.goto(`${server.url}/news/`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto(`${server.url}${VISITED}`);
    await expect.poll(() => isSaved(VISITED)).toBe(true);
    // The first page came from the network before the worker existed; it is kept all the same.
    await expect.poll(() => isSaved("/news/")).toBe(true);
    await expect(isSaved(NOT_VISITED)).resolves.toBe(false);
  });

  it("keeps the whole search index only when the reader asks, showing its size", async () => {
    const index = archivedFiles(output);
    const size = `${Math.round(index.reduce((sum, file) => sum + readFileSync(path.join(output, file)).length, 0) / 1000)} kB`;
    await page.goto(`${server.url}/news/search/`);
    const keep = page.getByRole("button", { name: `Keep the archive for offline search (${size})`, exact: true });
    await keep.waitFor();
    const fragment = index.find((file) => file.startsWith("pagefind/2026-11/fragment/"))!;
    expect(fragment).toBeDefined();
    await expect(isSaved(`/news/${fragment}`)).resolves.toBe(false);
    await keep.click();
    await page.getByText(`The archive (${size}) is on this device: search works offline.`, { exact: true }).waitFor();
    for (const file of index) await expect(isSaved(`/news/${file}`), file).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Remove the archive from this device" }).isVisible()).resolves.toBe(
      true,
    );
  });

  it("offline: reopens a visited article and says the reader is offline", async () => {
    await goOffline();
    const response = await page.goto(`${server.url}${VISITED}`);
    expect(response!.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("Rolling plant reopens after refit");
    await expect(page.locator("article").textContent()).resolves.toContain("reopened on Thursday");
    const status = page.locator("#offline-status");
    await expect(status.isVisible()).resolves.toBe(true);
    await expect(status.textContent()).resolves.toBe("You are offline. Pages you have opened before still open.");
  });

  it("offline: searches the whole archive and follows a result to a saved article", async () => {
    await page.goto(`${server.url}/news/search/?q=city`);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    const links = page.locator("#search-results li h2 a");
    // Titles and links come from the kept fragments, which load after the count is shown.
    await expect
      .poll(async () => (await links.allTextContents()).sort())
      .toEqual([
        "City budget passes second reading",
        "Late edition across midnight",
        "Rolling plant reopens after refit",
      ]);
    await links.filter({ hasText: "Rolling plant" }).click();
    await page.waitForURL(`${server.url}${VISITED}`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Rolling plant reopens after refit");
  });

  it("offline: an article never opened shows the offline page, listing the saved pages", async () => {
    const response = await page.goto(`${server.url}${NOT_VISITED}`);
    expect(response!.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("You are offline");
    const saved = page.locator("#offline-pages a");
    await expect.poll(() => saved.allTextContents()).toContain("Rolling plant reopens after refit");
    await expect(page.locator("#offline-status").isVisible()).resolves.toBe(true);
  });

  it("online after a rebuild: shows the new version and deletes every cache of the old one", async () => {
    const before = workerBuild(output).version;
    const oldIndex = new Map(
      listFiles(output)
        .filter((file) => file.startsWith("pagefind/"))
        .map((file) => [file, readFileSync(path.join(output, file))]),
    );
    const article = path.join(content, "articles/2026/10/plant-reopens.md");
    writeFileSync(
      article,
      readFileSync(article, "utf8").replace(
        "title: Rolling plant reopens after refit",
        "title: Rolling plant reopens at Kestrelford",
      ),
    );
    const result = await build(content, output, [NOW]);
    expect(result.code, result.stderr).toBe(0);
    const after = workerBuild(output).version;
    expect(after).not.toBe(before);

    const sentBefore = new Map(server.sent);
    await goOnline();
    await page.goto(`${server.url}${VISITED}`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Rolling plant reopens at Kestrelford");
    await expect(page.locator("#offline-status").isVisible()).resolves.toBe(false);
    // The new worker installs (storing its files, the reader's pages and the kept archive anew),
    // takes over and deletes the old version's caches; the reader's settings stay.
    await expect
      .poll(async () => (await cacheNames()).sort(), { timeout: 30_000 })
      .toEqual([
        `broadsheet:/news/:pages:${after}`,
        `broadsheet:/news/:search:${after}`,
        "broadsheet:/news/:settings",
        `broadsheet:/news/:static:${after}`,
      ]);
    // Only the files of the index that changed were downloaded again for the kept archive.
    const unchanged = listFiles(output).filter((file) =>
      oldIndex.get(file)?.equals(readFileSync(path.join(output, file))),
    );
    expect(unchanged).toEqual(expect.arrayContaining(["pagefind/live/pagefind.js", "pagefind/live/wasm.en.pagefind"]));
    for (const file of unchanged) expect(sentBefore.get(`/news/${file}`), file).toBe(server.sent.get(`/news/${file}`));
    expect(server.sent.get("/news/pagefind/2026-10/pagefind-entry.json")).toBeGreaterThan(
      sentBefore.get("/news/pagefind/2026-10/pagefind-entry.json")!,
    );
  });

  it("offline after the update: the new archive and the new copy of the article are there", async () => {
    await goOffline();
    await page.goto(`${server.url}/news/search/?q=kestrelford`);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    await expect
      .poll(() => page.locator("#search-results li h2 a").allTextContents())
      .toEqual(["Rolling plant reopens at Kestrelford"]);
    await page.goto(`${server.url}${VISITED}`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Rolling plant reopens at Kestrelford");
    await goOnline();
  });

  it("raises no Content-Security-Policy violation and no script error", () => {
    expect(problems).toEqual([]);
  });
});
