import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser } from "../helpers/browser.js";
import { RUSSIAN_EDITION } from "../helpers/editions.js";
import { parseHeadersFile } from "../helpers/serve.js";
import { build, copyFixture, scratch } from "../helpers/site.js";

describe.skipIf(skipBrowser)("searching each edition in Chromium", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir, RUSSIAN_EDITION);
    const built = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    if (built.code !== 0) throw new Error(built.stderr);
  });
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/", () =>
    parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")),
  );

  async function results(page: Page, searchPage: string, query: string): Promise<string[]> {
    await page.goto(`${site.server.url}${searchPage}?q=${encodeURIComponent(query)}`);
    await page
      .locator("#search-status")
      .filter({ hasText: /\d|«|“/ })
      .waitFor();
    await page.waitForFunction(() => !document.querySelector("#search-status")?.textContent?.includes("…"));
    return page.locator("#search-results li h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  }

  it("finds Russian articles by a Russian word's other forms on the Russian search page, and never English ones", async () => {
    const page = await site.browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    // "заводы" is not in the text; the Russian stemmer matches "завод".
    const russian = await results(page, "/news/ru/search/", "заводы");
    expect(russian).toEqual(["/news/ru/2026/10/zavod-otkrylsya/"]);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("ru");
    await expect(page.locator("#search-status").textContent()).resolves.toMatch(/заводы/);
    // The English page's results never include the Russian edition, nor the other way round.
    expect(await results(page, "/news/search/", "plant")).not.toContainEqual(expect.stringContaining("/ru/"));
    expect(await results(page, "/news/ru/search/", "plant")).toEqual([]);
    // The Russian page's filters offer the Russian edition's sections, by their Russian names.
    const filters = (await page.evaluate(async () => {
      const response = await fetch("filters.json");
      return response.json();
    })) as { category: string[] };
    expect(filters.category).toContain("Промышленность");
    expect(filters.category).not.toContain("Industry");
    expect(problems).toEqual([]);
    await page.close();
  });
});
