import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { type StaticServer, serveStatic } from "../helpers/serve.js";
import { copyFixture, listFiles, OLDER_ARTICLES, runScript, scratch, WITHOUT_LIVE_ARTICLE } from "../helpers/site.js";

describe.skipIf(skipBrowser)("reader search in Chromium, under a base path", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // Without the live article: the bands below are counted in pages of the other months.
    const content = copyFixture("newsroom", work.dir, { ...OLDER_ARTICLES, ...WITHOUT_LIVE_ARTICLE });
    // The first search covers only the newest shard, so the test sees the search reach back.
    const built = await runScript(
      "build.ts",
      [`--input=${content}`, `--output=${output}`, "--now=2026-11-26T12:00:00Z"],
      { BROADSHEET_SEARCH_FIRST_BAND: "1" },
    );
    if (built.code !== 0) throw new Error(built.stderr);
    server = await serveStatic(output, "/news/");
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work.cleanup();
  });

  const resultLinks = () => page.locator("#search-results li h2 a");
  const search = async (query: string) => {
    await page.goto(`${server.url}/news/search/?q=${encodeURIComponent(query)}`);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
  };

  it("splits the index by months (tests build with one month per shard)", () => {
    const files = listFiles(output).filter((file) => file.startsWith("pagefind/"));
    for (const shard of ["2024-06", "2025-03", "2026-10", "2026-11"]) {
      expect(files).toContain(`pagefind/${shard}/pagefind.js`);
      expect(files.some((file) => file.startsWith(`pagefind/${shard}/fragment/`))).toBe(true);
    }
    // The scheduled article of 2099 is not published, so it has no shard.
    expect(files.some((file) => file.startsWith("pagefind/2099-"))).toBe(false);
    // The search page loads Pagefind for the newest shard, where every search starts, beside its own script.
    const searchPage = readFileSync(path.join(output, "search/index.html"), "utf8");
    expect(searchPage).toContain('<link rel="modulepreload" href="/news/pagefind/2026-11/pagefind.js">');
    // And its entry, metadata and WebAssembly, written in once the index was: files that exist, of this index.
    const entry = JSON.parse(readFileSync(path.join(output, "pagefind/2026-11/pagefind-entry.json"), "utf8")) as {
      languages: Record<string, { hash: string }>;
    };
    const hash = entry.languages.en!.hash;
    const preloaded = [
      ...searchPage.matchAll(/<link rel="preload" as="fetch" crossorigin href="\/news\/([^"?]+)(\?ts=[^"]+)?"/g),
    ].map((match) => match[1]! + (match[2] ?? ""));
    expect(preloaded).toEqual([
      `pagefind/2026-11/pagefind-entry.json?ts=${hash}`,
      `pagefind/2026-11/pagefind.${hash}.pf_meta`,
      "pagefind/2026-11/wasm.en.pagefind",
    ]);
    for (const file of preloaded) expect(files).toContain(file.replace(/\?.*/, ""));
  });

  it("starts Pagefind on the page's own thread from the files the page preloaded: each fetched once, no worker", async () => {
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname + new URL(request.url()).search));
    await search("city");
    const hash = /data-tag="([^"]+)"/.exec(readFileSync(path.join(output, "search/index.html"), "utf8"))![1]!;
    for (const file of [`pagefind-entry.json?ts=${hash}`, `pagefind.${hash}.pf_meta`, "wasm.en.pagefind"]) {
      expect(
        requested.filter((url) => url === `/news/pagefind/2026-11/${file}`),
        file,
      ).toHaveLength(1);
    }
    expect(
      requested.filter((url) => url.includes("pagefind-entry.json") && url.startsWith("/news/pagefind/2026-11/")),
    ).toHaveLength(1);
    expect(requested.filter((url) => url.includes("pagefind-worker"))).toEqual([]);
  });

  it("searches the newest months first and reaches back into older ones for more results", async () => {
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await search("city");
    // The first band is the newest shard (November 2026, 4 pages); the next band holds at least
    // twice as many pages (October 2026 and March 2025). That gives four matches, a page of
    // results (perPage is 3), so June 2024 is not searched yet.
    await expect(resultLinks().count()).resolves.toBe(3);
    await expect(page.locator("#search-status").textContent()).resolves.toBe(
      "4 articles from March 2025 onwards match “city”; More results searches older articles.",
    );
    expect(requested.some((url) => url.startsWith("/news/pagefind/2025-03/"))).toBe(true);
    expect(requested.filter((url) => url.startsWith("/news/pagefind/2024-"))).toEqual([]);
    await page.getByRole("button", { name: "More results" }).click();
    await expect
      .poll(() => resultLinks().allTextContents())
      .toEqual(expect.arrayContaining(["Tram depot lease signed", "Weighbridge fraud trial opens"]));
    await expect(page.locator("#search-status").textContent()).resolves.toBe("5 articles match “city”");
    await expect(page.getByRole("button", { name: "More results" }).isHidden()).resolves.toBe(true);
    page.removeAllListeners("request");
  });

  it("asks for the first result's excerpt alone, then, once it is drawn, the others at once", async () => {
    // A fresh context, so no excerpt comes from the cache of an earlier test.
    const context = await browser.newContext();
    const fresh = await context.newPage();
    // How many results were on screen when each excerpt was asked for (Pagefind fetches on the page's thread).
    await fresh.addInitScript(() => {
      const drawn: number[] = [];
      (window as unknown as { drawnAtFetch: number[] }).drawnAtFetch = drawn;
      const original = window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input instanceof Request ? input.url : input).includes("/fragment/"))
          drawn.push(document.querySelectorAll("#search-results li").length);
        return original(input, init);
      };
    });
    const events: string[] = [];
    fresh.on(
      "request",
      (request) => request.url().includes("/fragment/") && events.push(`asked ${new URL(request.url()).pathname}`),
    );
    fresh.on(
      "requestfinished",
      (request) => request.url().includes("/fragment/") && events.push(`got ${new URL(request.url()).pathname}`),
    );
    await fresh.goto(`${server.url}/news/search/?q=city`);
    await fresh.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    const shown = await fresh.locator("#search-results li h2 a").allTextContents();
    const drawnAtFetch = await fresh.evaluate(() => (window as unknown as { drawnAtFetch: number[] }).drawnAtFetch);
    await context.close();
    expect(shown).toHaveLength(3);
    expect(drawnAtFetch).toEqual([0, 1, 1]);
    expect(events).toHaveLength(6);
    const first = events[0]!.replace("asked ", "");
    expect(events[1]).toBe(`got ${first}`);
    expect(events.slice(2).filter((event) => event.startsWith("asked"))).toHaveLength(2);
  });

  it("finds a word that only the oldest shard has, and orders by date across shards", async () => {
    await search("weighbridge");
    // Ranked with everything searched so far: the oldest year's exact match comes before any near miss of a newer year.
    await expect(resultLinks().first().textContent()).resolves.toBe("Weighbridge fraud trial opens");
    await page.goto(`${server.url}/news/search/?q=city&sort=date`);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    await page.getByRole("button", { name: "More results" }).click();
    await expect.poll(() => resultLinks().count()).toBe(5);
    await expect(resultLinks().allTextContents()).resolves.toEqual([
      "Late edition across midnight",
      "City budget passes second reading",
      "Rolling plant reopens after refit",
      "Tram depot lease signed",
      "Weighbridge fraud trial opens",
    ]);
  });

  it("searches only the shards of that year when a year is chosen", async () => {
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${server.url}/news/search/?q=city&year=2024`);
    await expect.poll(() => resultLinks().allTextContents()).toEqual(["Weighbridge fraud trial opens"]);
    expect(requested.some((url) => url.startsWith("/news/pagefind/2025-"))).toBe(false);
    page.removeAllListeners("request");
  });

  it("runs the query from ?q= on load and finds a word from deep in an article body first", async () => {
    await search("pension");
    await expect(page.locator("#search-q").inputValue()).resolves.toBe("pension");
    await expect(resultLinks().first().getAttribute("href")).resolves.toBe("/news/2026/10/bond-sale/");
    await expect(resultLinks().first().textContent()).resolves.toBe('Bonds & <b>yields</b>: "what </script> means"');
    const first = page.locator("#search-results li").first();
    await expect(first.locator("mark").first().textContent()).resolves.toMatch(/pension/i);
    await expect(first.locator(".meta").textContent()).resolves.toBe(
      "10 October 2026, 08:00 · Ivan Petrov and Ольга Смирнова · Finance",
    );
  });

  it("shows the article image in results when the article has one", async () => {
    await search("refit");
    const first = page.locator("#search-results li").first();
    await expect(first.locator("h2 a").getAttribute("href")).resolves.toBe("/news/2026/10/plant-reopens/");
    await expect(first.locator("img").getAttribute("src")).resolves.toMatch(/^\/news\/img\/[\w-]+\.jpeg$/);
    await expect(first.locator("img").getAttribute("alt")).resolves.toBe("The rolling mill hall");
    // The file the article page's <picture> offers: it is there and loads.
    await expect
      .poll(() => first.locator("img").evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
  });

  it("leads from the header search form on any page to the results", async () => {
    await page.goto(`${server.url}/news/2026/10/city-budget/`);
    await page.getByRole("searchbox", { name: "Search articles" }).first().fill("councillors");
    await page.getByRole("searchbox", { name: "Search articles" }).first().press("Enter");
    await page.waitForURL(/\/news\/search\/\?q=councillors$/);
    await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    await expect(resultLinks().allTextContents()).resolves.toEqual(["City budget passes second reading"]);
  });

  it("narrows results with a filter, keeps it in the URL and restores it with the back button", async () => {
    await search("city");
    const all = await resultLinks().allTextContents();
    expect(all).toContain("Rolling plant reopens after refit");
    await page.getByRole("button", { name: "Filter by section, author, tag or year" }).click();
    await page.getByLabel("Section", { exact: true }).selectOption("City");
    await page.waitForURL(/category=City/);
    await expect
      .poll(() => resultLinks().allTextContents())
      .toEqual(["City budget passes second reading", "Late edition across midnight"]);
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes("category"));
    await expect.poll(() => resultLinks().count()).toBe(all.length);
    await expect(page.getByLabel("Section", { exact: true }).inputValue()).resolves.toBe("");
    // A shared link with a filter opens with the filter applied.
    await page.goto(`${server.url}/news/search/?q=city&category=City`);
    await expect
      .poll(() => resultLinks().allTextContents())
      .toEqual(["City budget passes second reading", "Late edition across midnight"]);
    await expect(page.getByLabel("Section", { exact: true }).inputValue()).resolves.toBe("City");
  });

  it("sorts by date, newest first, when asked", async () => {
    await search("city");
    await expect(resultLinks().first().textContent()).resolves.toBe("City budget passes second reading");
    await page.getByLabel("Order").selectOption("date");
    await page.waitForURL(/sort=date/);
    await expect
      .poll(() => resultLinks().allTextContents())
      .toEqual([
        "Late edition across midnight",
        "City budget passes second reading",
        "Rolling plant reopens after refit",
      ]);
  });

  it("finds nothing for a word only a draft or a scheduled article contains, and says so", async () => {
    for (const word of ["zephyrine", "quillfeather"]) {
      await search(word);
      await expect(page.locator("#search-status").textContent()).resolves.toBe(
        `No articles match “${word}”. Try fewer or different words, or remove a filter.`,
      );
      await expect(resultLinks().count()).resolves.toBe(0);
    }
  });

  it("finds a Cyrillic word in an English-language site", async () => {
    await search("прокатный");
    await expect(resultLinks().first().getAttribute("href")).resolves.toBe("/news/2026/11/zavod-zapuskaet-liniyu/");
  });

  it("inflates the index files with the browser's own DecompressionStream, so Pagefind gets them unpacked", async () => {
    await search("city");
    const meta = /href="(\/news\/pagefind\/2026-11\/pagefind\.[^"]+\.pf_meta)"/.exec(
      readFileSync(path.join(output, "search/index.html"), "utf8"),
    )![1]!;
    // On disk the file is gzip; through the page's fetch it starts with Pagefind's signature for unpacked data.
    expect([...readFileSync(path.join(output, meta.replace("/news/", ""))).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const heads = await page.evaluate(
      async (urls) =>
        Promise.all(
          urls.map(async (url) =>
            new TextDecoder().decode(new Uint8Array(await (await fetch(url)).arrayBuffer()).subarray(0, 12)),
          ),
        ),
      [meta, "/news/pagefind/2026-11/wasm.en.pagefind"],
    );
    expect(heads).toEqual(["pagefind_dcd", "pagefind_dcd"]);
    // Anything else comes as it was sent.
    const entry = await page.evaluate(async () => (await fetch("/news/pagefind/2026-11/pagefind-entry.json")).text());
    expect(entry).toBe(readFileSync(path.join(output, "pagefind/2026-11/pagefind-entry.json"), "utf8"));
  });

  it("still searches when the host sends the index files unpacked (Content-Encoding: gzip)", async () => {
    // No service worker: the requests it would make for the page are not routed.
    const context = await browser.newContext({ serviceWorkers: "block" });
    const fresh = await context.newPage();
    const errors: string[] = [];
    fresh.on("pageerror", (error) => errors.push(error.message));
    let unpacked = 0;
    await fresh.route(/\.(pagefind|pf_meta|pf_index|pf_fragment|pf_filter)$/, async (route) => {
      const response = await route.fetch();
      unpacked++;
      await route.fulfill({ response, body: gunzipSync(await response.body()) });
    });
    await fresh.goto(`${server.url}/news/search/?q=city`);
    await fresh.locator("#search-status").filter({ hasText: /match/ }).waitFor();
    const shown = await fresh.locator("#search-results li h2 a").count();
    await context.close();
    expect(unpacked).toBeGreaterThan(3);
    expect(shown).toBe(3);
    expect(errors).toEqual([]);
  });

  it("loads everything from the site itself and logs no errors", async () => {
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await search("plant");
    expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
