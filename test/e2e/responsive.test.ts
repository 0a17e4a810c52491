import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser } from "../helpers/browser.js";
import { buildFixture, scratch } from "../helpers/site.js";

const PAGES = [
  "/news/",
  "/news/2026/10/plant-reopens/",
  "/news/2026/10/bond-sale/",
  "/news/category/industry/",
  "/news/archive/",
  "/news/search/?q=city",
];

describe.skipIf(skipBrowser)("layout from 320 px phones to wide screens", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");

  beforeAll(() => buildFixture("newsroom", work.dir, output));
  afterAll(() => work.cleanup());
  const site = servedInBrowser(output, "/news/");

  for (const width of [320, 768, 1600]) {
    it(`needs no horizontal scrolling at ${width} px`, async () => {
      const context = await site.browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const url of PAGES) {
        await page.goto(`${site.server.url}${url}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${url} at ${width} px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    });
  }
});
