import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { serveStatic, type StaticServer } from "../helpers/serve.js";
import { buildFixture, scratch } from "../helpers/site.js";

const PAGES = ["/news/", "/news/2026/10/plant-reopens/", "/news/2026/10/bond-sale/", "/news/category/industry/", "/news/archive/", "/news/search/?q=city"];

describe.skipIf(skipBrowser)("layout from 320 px phones to wide screens", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    await buildFixture("newsroom", work.dir, output);
    server = await serveStatic(output, "/news/");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work.cleanup();
  });

  for (const width of [320, 768, 1600]) {
    it(`needs no horizontal scrolling at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const url of PAGES) {
        await page.goto(`${server.url}${url}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} at ${width} px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    });
  }
});
