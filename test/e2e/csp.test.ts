import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser, watchProblems } from "../helpers/browser.js";
import { parseHeadersFile } from "../helpers/serve.js";
import { buildFixture, scratch } from "../helpers/site.js";

describe.skipIf(skipBrowser)("the site under the Content-Security-Policy from _headers", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");

  beforeAll(() => buildFixture("newsroom", work.dir, output));
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/", () =>
    parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")),
  );

  /** Opens a page, runs `act`, and returns every CSP violation and console error it caused. */
  async function problemsOn(
    url: string,
    act: (page: import("playwright-core").Page) => Promise<void> = async () => {},
  ) {
    const page = await site.browser.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${site.server.url}${url}`);
    expect(response!.headers()["content-security-policy"]).toContain("default-src 'self'");
    await act(page);
    await page.close();
    return problems;
  }

  it("shows an article with its images and comment form without violations", async () => {
    const problems = await problemsOn("/news/2026/10/plant-reopens/", async (page) => {
      await page
        .locator("article picture img")
        .first()
        .evaluate((img: HTMLImageElement) => img.decode());
      expect(await page.locator("form.comment-form").count()).toBe(1);
    });
    expect(problems).toEqual([]);
  });

  it("runs a search (Pagefind's WebAssembly and worker included) without violations", async () => {
    const problems = await problemsOn("/news/search/?q=plant", async (page) => {
      await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
      // The count is shown before the results' fragments have loaded; wait for the first one.
      await page.locator("#search-results li").first().waitFor();
    });
    expect(problems).toEqual([]);
  });
});
