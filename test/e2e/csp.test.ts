import { readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { parseHeadersFile, serveStatic, type StaticServer } from "../helpers/serve.js";
import { buildFixture, scratch } from "../helpers/site.js";

describe.skipIf(skipBrowser)("the site under the Content-Security-Policy from _headers", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    await buildFixture("newsroom", work.dir, output);
    server = await serveStatic(output, "/news/", parseHeadersFile(readFileSync(path.join(output, "_headers"), "utf8")));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work.cleanup();
  });

  /** Opens a page, runs `act`, and returns every CSP violation and console error it caused. */
  async function problemsOn(url: string, act: (page: import("playwright-core").Page) => Promise<void> = async () => {}) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    const response = await page.goto(`${server.url}${url}`);
    expect(response!.headers()["content-security-policy"]).toContain("default-src 'self'");
    await act(page);
    await page.close();
    return problems;
  }

  it("shows an article with its images and comment form without violations", async () => {
    const problems = await problemsOn("/news/2026/10/plant-reopens/", async (page) => {
      await page.locator("article picture img").first().evaluate((img: HTMLImageElement) => img.decode());
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
