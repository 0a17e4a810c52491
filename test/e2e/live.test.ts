import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser, watchProblems } from "../helpers/browser.js";
import { parseHeadersFile } from "../helpers/serve.js";
import { build, buildFixture, scratch } from "../helpers/site.js";

const NOW = "2026-11-26T12:00:00Z";
const LIVE = "/news/2026/11/smelter-strike/";

describe.skipIf(skipBrowser)("a live article open in Chromium while a new update is published", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let content: string;

  beforeAll(async () => {
    content = await buildFixture("newsroom", work.dir, output, NOW);
  });
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/", () =>
    parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")),
  );

  const ids = (page: Page) =>
    page.locator("[data-live-list] > .live-update").evaluateAll((updates) => updates.map((update) => update.id));

  it("is found by search from its own shard, merged with the newest months, on one WebAssembly download", async () => {
    const page = await site.browser.newPage();
    const problems = await watchProblems(page);
    const wasm: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/wasm.")) wasm.push(new URL(request.url()).pathname);
    });
    // "picket" is in two of its updates; "refit" in a November article of its month.
    await page.goto(`${site.server.url}/news/search/?q=picket`);
    await page.locator("#search-results li").first().waitFor();
    const links = await page
      .locator("#search-results li h2 a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links[0]).toBe(LIVE);
    await page.goto(`${site.server.url}/news/search/?q=refit`);
    await page.locator("#search-results li").first().waitFor();
    expect(await page.locator("#search-results li h2 a").first().getAttribute("href")).toMatch(
      /^\/news\/2026\/1[01]\//,
    );
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((url) => url.startsWith("/news/pagefind/live/"))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("offers the new update after a minute, inserts it on top on request and tells screen readers, under the CSP and the service worker", async () => {
    const page = await site.browser.newPage({ viewport: { width: 800, height: 600 } });
    const problems = await watchProblems(page);
    await page.clock.install();
    await page.goto(`${site.server.url}${LIVE}`);
    // The service worker is in charge of the page (its first visit, then a reload), so the check goes through it.
    await page.waitForFunction(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const before = await ids(page);
    expect(before).toEqual(["update-deal", "update-talks", "update-first"]);

    // A minute with nothing new: nothing is offered.
    await page.clock.runFor(61_000);
    await page.waitForTimeout(500);
    await expect(page.locator("[data-live-new]").isHidden()).resolves.toBe(true);

    // A writer adds an update; the site is built again while the page is open.
    writeFileSync(
      path.join(content, "live/smelter-strike/night-shift.md"),
      "---\ndate: 2026-11-25T12:00\ntitle: The night shift returns\n---\nThe furnaces are being brought back up to temperature.\n",
    );
    const rebuilt = await build(content, output, [`--now=${NOW}`]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);

    await page.evaluate(() => window.scrollTo(0, 400));
    const firstBefore = await page.locator("#update-deal").boundingBox();
    await page.clock.runFor(60_000);
    const offer = page.locator("[data-live-new]");
    await offer.waitFor({ state: "visible" });
    await expect(offer.textContent()).resolves.toBe("1 new update");
    await expect(page.locator("[data-live-status]").textContent()).resolves.toBe("1 new update");
    await expect(page.locator("[data-live-status]").getAttribute("role")).resolves.toBe("status");
    // Nothing moved: the list is as it was, and so is what the reader was looking at.
    expect(await ids(page)).toEqual(before);
    expect(await page.locator("#update-deal").boundingBox()).toEqual(firstBefore);

    await offer.click();
    expect(await ids(page)).toEqual(["update-night-shift", ...before]);
    await expect(page.locator("#update-night-shift .live-update__title").textContent()).resolves.toBe(
      "The night shift returns",
    );
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("update-night-shift");
    await expect(offer.isHidden()).resolves.toBe(true);
    await expect(page.locator("#live-updates-heading").textContent()).resolves.toBe("4 updates");

    // The next check finds nothing new: no offer, no duplicate.
    await page.clock.runFor(60_000);
    await page.waitForTimeout(500);
    await expect(offer.isHidden()).resolves.toBe(true);
    expect(await ids(page)).toEqual(["update-night-shift", ...before]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
