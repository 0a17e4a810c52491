import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedInBrowser, skipBrowser } from "../helpers/browser.js";
import { build, fileForUrl, listFiles, PROJECT_ROOT, scratch } from "../helpers/site.js";

/** An article page's HTML with its stylesheets and scripts, before images: 50 KB, uncompressed. */
const PAGE_BUDGET = 50_000;
/**
 * Every script a page may carry. Articles and listings read and navigate without JavaScript, so
 * they get only JSON-LD and the offline feature's small loader; the pages whose feature is a
 * script (search, the offline fallback page) name theirs. Anything else fails the budget test.
 */
const ALLOWED_SCRIPTS: { why: string; pages: RegExp; src?: RegExp; type?: string; id?: string }[] = [
  { why: "structured data for crawlers", pages: /.*/, type: "application/ld+json" },
  { why: "offline indicator and service worker registration", pages: /.*/, src: /^assets\/offline\.[\w-]+\.m?js$/ },
  { why: "the search page runs Pagefind", pages: /^search\/$/, src: /^assets\/search\.[\w-]+\.js$/ },
  { why: "the search page's strings", pages: /^search\/$/, type: "application/json", id: "search-config" },
  { why: "keep the archive for offline search", pages: /^search\/$/, src: /^assets\/offline-reader\.[\w-]+\.js$/ },
  { why: "the offline control's strings", pages: /^search\/$/, type: "application/json", id: "offline-archive-config" },
  { why: "the offline page lists the saved pages", pages: /^offline\/$/, src: /^assets\/offline-reader\.[\w-]+\.js$/ },
];
/** The sample site is built at a fixed moment, so the set of published articles does not drift with the clock. */
const NOW = "2026-11-26T12:00:00Z";
const BASE = "/";

interface BuiltPage {
  file: string;
  url: string;
  html: string;
  root: HTMLElement;
  kind: "article" | "other";
}

describe("page weight, scripts, fonts and images of the sample site", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let pages: BuiltPage[] = [];

  beforeAll(async () => {
    const result = await build(path.join(PROJECT_ROOT, "content"), output, [`--now=${NOW}`]);
    expect(result.code, result.stderr).toBe(0);
    pages = listFiles(output)
      .filter((file) => file.endsWith(".html") && !file.startsWith("pagefind/"))
      .map((file) => {
        const html = readFileSync(path.join(output, file), "utf8");
        const root = parse(html, { blockTextElements: { script: true, style: true } });
        const url = BASE + file.replace(/index\.html$/, "");
        const isArticle = root.querySelector('meta[property="og:type"]')?.getAttribute("content") === "article";
        return { file, url, html, root, kind: isArticle ? "article" : "other" };
      });
  });
  afterAll(() => work.cleanup());

  /** The output file a root-relative URL in a page points to, or undefined for another origin. */
  function localFile(href: string): string | undefined {
    if (/^([a-z]+:)?\/\//i.test(href)) return undefined;
    return fileForUrl(href.split(/[?#]/)[0]!, BASE);
  }

  it("builds articles, listings and the search page to check", () => {
    expect(pages.filter((page) => page.kind === "article").length).toBeGreaterThan(10);
    expect(pages.some((page) => page.url === `${BASE}search/`)).toBe(true);
    expect(pages.some((page) => page.url === `${BASE}category/industry/`)).toBe(true);
  });

  it("keeps every article page's HTML, CSS and JavaScript under 50 KB before images", () => {
    const over: string[] = [];
    for (const page of pages.filter((item) => item.kind === "article")) {
      const linked = [
        ...page.root.querySelectorAll('link[rel="stylesheet"]').map((link) => link.getAttribute("href")!),
        ...page.root.querySelectorAll("script[src]").map((script) => script.getAttribute("src")!),
        ...page.root.querySelectorAll('link[rel="modulepreload"]').map((link) => link.getAttribute("href")!),
      ];
      for (const href of linked) expect(localFile(href), `${page.url} loads ${href} from another origin`).toBeDefined();
      const bytes =
        Buffer.byteLength(page.html) +
        linked.reduce((sum, href) => sum + statSync(path.join(output, localFile(href)!)).size, 0);
      if (bytes >= PAGE_BUDGET) over.push(`${page.url}: ${bytes} bytes`);
    }
    expect(over).toEqual([]);
  });

  it("runs no script on articles and listings: only JSON-LD data, the offline loader, and the search and offline pages' own", () => {
    const unexpected: string[] = [];
    for (const page of pages) {
      // An edition's pages (ru/...) load the same scripts from its own folder.
      const edition = /^[a-z]{2,3}\//.exec(page.url.slice(BASE.length))?.[0] ?? "";
      const pagePath = page.url.slice(BASE.length + edition.length);
      for (const script of page.root.querySelectorAll("script")) {
        const src = script.getAttribute("src");
        const file = src ? localFile(src)?.replace(edition, "") : undefined;
        const type = script.getAttribute("type") ?? "";
        const allowed = ALLOWED_SCRIPTS.some(
          (rule) =>
            rule.pages.test(pagePath) &&
            (rule.src
              ? file !== undefined && rule.src.test(file)
              : !src && rule.type === type && (!rule.id || rule.id === script.id)),
        );
        if (!allowed) unexpected.push(`${page.url}: ${script.toString().slice(0, 120)}`);
      }
      for (const element of page.root.querySelectorAll("*")) {
        const handler = Object.keys(element.attributes).find((name) => /^on/i.test(name));
        if (handler) unexpected.push(`${page.url}: <${element.tagName.toLowerCase()} ${handler}=…>`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it("uses no font from another site: no font links, and every @font-face source is a small self-hosted WOFF2", () => {
    const problems: string[] = [];
    for (const page of pages) {
      for (const link of page.root.querySelectorAll("link")) {
        const href = link.getAttribute("href") ?? "";
        const isFont =
          link.getAttribute("as") === "font" || /fonts\.(googleapis|gstatic)\.com|use\.typekit|fonts\.bunny/.test(href);
        if (isFont && localFile(href) === undefined) problems.push(`${page.url}: <link href="${href}">`);
      }
    }
    const files = listFiles(output);
    for (const css of files.filter((file) => file.endsWith(".css"))) {
      const text = readFileSync(path.join(output, css), "utf8");
      for (const [rule] of text.matchAll(/@import[^;]+;/g))
        if (/(https?:)?\/\//.test(rule)) problems.push(`${css}: ${rule}`);
      for (const [face] of text.matchAll(/@font-face\s*{[^}]*}/g)) {
        for (const [, source] of face.matchAll(/url\(\s*["']?([^"')]+)/g)) {
          if (/^([a-z]+:)?\/\//i.test(source!)) problems.push(`${css}: @font-face from ${source}`);
          else if (!source!.endsWith(".woff2")) problems.push(`${css}: @font-face ${source} is not WOFF2`);
        }
      }
    }
    // A subset font (Latin and Cyrillic, one weight) is a few tens of kilobytes; a whole family is not.
    for (const font of files.filter((file) => /\.(woff2?|ttf|otf|eot)$/.test(file))) {
      const size = statSync(path.join(output, font)).size;
      if (!font.endsWith(".woff2") || size > 60_000) problems.push(`${font}: ${size} bytes`);
    }
    expect(problems).toEqual([]);
  });

  it("gives every image its size up front: inside <picture> with width and height, or with width and height itself", () => {
    const unsized: string[] = [];
    let images = 0;
    for (const page of pages) {
      for (const img of page.root.querySelectorAll("img")) {
        images++;
        const sized = Number(img.getAttribute("width")) > 0 && Number(img.getAttribute("height")) > 0;
        if (!sized) unsized.push(`${page.url}: ${img.toString()}`);
      }
    }
    expect(images).toBeGreaterThan(0);
    expect(unsized).toEqual([]);
  });

  describe.skipIf(skipBrowser)("in Chromium", () => {
    const site = servedInBrowser(output, BASE);

    const VIEWPORTS = [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ];

    /** A context whose pages record every layout shift not caused by the reader's input. */
    async function shiftRecordingContext(viewport: { width: number; height: number }) {
      const context = await site.browser.newContext({ viewport });
      await context.addInitScript(() => {
        const shifts: { value: number; sources: string[] }[] = [];
        (window as unknown as { layoutShifts: typeof shifts }).layoutShifts = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & {
            value: number;
            hadRecentInput: boolean;
            sources: { node?: Node }[];
          })[]) {
            if (entry.hadRecentInput) continue;
            shifts.push({
              value: entry.value,
              sources: entry.sources.map(
                (source) => (source.node as Element | undefined)?.outerHTML?.slice(0, 80) ?? "?",
              ),
            });
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      return context;
    }
    const shiftsOn = async (page: Page) => {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      return page.evaluate(
        () => (window as unknown as { layoutShifts: { value: number; sources: string[] }[] }).layoutShifts,
      );
    };

    for (const viewport of VIEWPORTS) {
      it(`shifts nothing while an article's lead image loads slowly (${viewport.width} px wide)`, async () => {
        const article = pages.find(
          (page) => page.kind === "article" && page.root.querySelector(".article__image picture img"),
        );
        expect(article, "the sample site has an article with a lead image").toBeDefined();
        const context = await shiftRecordingContext(viewport);
        // Images arrive well after the text has been laid out, as on a slow link.
        await context.route(/\/img\//, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 600));
          await route.continue();
        });
        const page = await context.newPage();
        await page.goto(`${site.server.url}${article!.url}`);
        const lead = page.locator(".article__image img");
        await lead.evaluate((img: HTMLImageElement) => img.decode());
        expect(await lead.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/img\//);
        expect(await shiftsOn(page)).toEqual([]);
        await context.close();
      });

      it(`shifts nothing on the search page while the controls and results arrive (${viewport.width} px wide)`, async () => {
        const context = await shiftRecordingContext(viewport);
        const page = await context.newPage();
        await page.goto(`${site.server.url}${BASE}search/?q=steel`);
        await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
        await page
          .locator("#search-results img")
          .first()
          .evaluate((img: HTMLImageElement) => img.decode());
        expect(await shiftsOn(page)).toEqual([]);
        await context.close();
      });
    }
  });
});
