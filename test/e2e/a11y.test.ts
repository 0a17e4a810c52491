import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { AxeResults } from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipBrowser } from "../helpers/browser.js";
import { RUSSIAN_EDITION } from "../helpers/editions.js";
import { type StaticServer, serveStatic } from "../helpers/serve.js";
import { build, copyFixture, scratch } from "../helpers/site.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const ARTICLE = "/news/2026/10/plant-reopens/";
const SCHEMES = ["light", "dark"] as const;

/** One of each page type, with what to wait for before it is complete. */
const PAGES: { name: string; url: string; ready?: (page: Page) => Promise<void> }[] = [
  { name: "the home page", url: "/news/" },
  { name: "an article with an image and comments", url: ARTICLE },
  { name: "an article showing the comment-awaiting-moderation notice", url: `${ARTICLE}#comment-pending` },
  { name: "a section listing", url: "/news/category/industry/" },
  { name: "a tag listing", url: "/news/tag/steel/" },
  { name: "an author page", url: "/news/author/ivan-petrov/" },
  { name: "the archive index", url: "/news/archive/" },
  { name: "the corrections log", url: "/news/corrections/" },
  { name: "an article with corrections", url: "/news/2026/10/city-budget/" },
  { name: "a month of the archive", url: "/news/archive/2026/10/" },
  { name: "a live article", url: "/news/2026/11/smelter-strike/" },
  { name: "an article of the Russian edition", url: "/news/ru/2026/10/zavod-otkrylsya/" },
  { name: "the Russian edition's home page", url: "/news/ru/" },
  {
    // The offer live.js shows when new updates are published, as it shows it.
    name: "a live article offering new updates",
    url: "/news/2026/11/smelter-strike/#update-talks",
    ready: async (page) => {
      await page.locator("[data-live-new]").evaluate((button: HTMLButtonElement) => {
        button.textContent = "2 new updates";
        button.hidden = false;
      });
    },
  },
  {
    name: "the search page with results",
    url: "/news/search/?q=plant",
    ready: async (page) => {
      await page.locator("#search-status").filter({ hasText: /match/ }).waitFor();
      await page.locator("#search-refine:not([hidden])").waitFor();
    },
  },
  { name: "a standalone page", url: "/news/about/" },
  { name: "the not-found page", url: "/news/no-such-page/" },
  { name: "the offline page", url: "/news/offline/" },
];

/** Runs axe-core on the page as it stands and lists each violation with the elements it names. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }).axe.run({
      resultTypes: ["violations"],
    }),
  );
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes
        .map(
          (node) =>
            `    ${node.target.join(" ")}${node.failureSummary ? `: ${node.failureSummary.replace(/\s+/g, " ")}` : ""}`,
        )
        .join("\n"),
  );
}

/** Outline and shadow of the focused element, the parts a focus indicator is drawn with. */
async function focusRing(page: Page): Promise<{ outline: string; boxShadow: string; tag: string; text: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    const outline =
      style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0
        ? "none"
        : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    return {
      outline,
      boxShadow: style.boxShadow,
      tag: element.tagName.toLowerCase(),
      text: (element.textContent ?? "").trim().slice(0, 40),
    };
  });
}

describe.skipIf(skipBrowser)("accessibility in Chromium (axe-core, keyboard, motion)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let server: StaticServer;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();

  beforeAll(async () => {
    // With its Russian edition: every page has the language switch, and the Russian pages are checked too.
    const content = copyFixture("newsroom", work.dir, RUSSIAN_EDITION);
    const built = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    if (built.code !== 0) throw new Error(built.stderr);
    server = await serveStatic(output, "/news/");
    browser = await launchBrowser();
    for (const colorScheme of SCHEMES) contexts.set(colorScheme, await browser.newContext({ colorScheme }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work.cleanup();
  });

  async function open(scheme: string, url: string): Promise<Page> {
    const page = await contexts.get(scheme)!.newPage();
    await page.goto(`${server.url}${url}`);
    return page;
  }

  for (const scheme of SCHEMES) {
    describe(`in the ${scheme} colour scheme`, () => {
      for (const { name, url, ready } of PAGES) {
        it(`finds no axe violations on ${name} (${url})`, async () => {
          const page = await open(scheme, url);
          await ready?.(page);
          await page.evaluate(() => document.fonts.ready);
          expect(await axeViolations(page)).toEqual([]);
          await page.close();
        });
      }

      it("offers a skip link as the first Tab stop, shows it, and moves focus to the main content", async () => {
        const page = await open(scheme, ARTICLE);
        await page.keyboard.press("Tab");
        const skip = page.locator(":focus");
        await expect(skip.textContent()).resolves.toBe("Skip to content");
        const box = await skip.boundingBox();
        expect(box && box.y >= 0 && box.height > 0, "the focused skip link is inside the viewport").toBe(true);
        await page.keyboard.press("Enter");
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
        await page.keyboard.press("Tab");
        await expect(page.evaluate(() => !!document.activeElement?.closest("main"))).resolves.toBe(true);
        await page.close();
      });

      it("draws a visible focus indicator on every keyboard stop of an article page that differs from its unfocused look", async () => {
        const page = await open(scheme, ARTICLE);
        const stops: string[] = [];
        for (let press = 0; press < 200; press++) {
          await page.keyboard.press("Tab");
          const focused = await focusRing(page);
          if (focused.tag === "body") break;
          const unfocused = await page.evaluate(() => {
            const element = document.activeElement as HTMLElement;
            const clone = element.cloneNode(true) as HTMLElement;
            clone.removeAttribute("id");
            element.after(clone);
            const style = getComputedStyle(clone);
            const look = {
              outline:
                style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0
                  ? "none"
                  : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
              boxShadow: style.boxShadow,
            };
            clone.remove();
            return look;
          });
          const label = `${focused.tag} "${focused.text}"`;
          stops.push(label);
          expect(
            focused.outline !== unfocused.outline || focused.boxShadow !== unfocused.boxShadow,
            `${label} looks the same focused and unfocused`,
          ).toBe(true);
          expect(
            focused.outline !== "none" || focused.boxShadow !== "none",
            `${label} has no outline or shadow when focused`,
          ).toBe(true);
          if (focused.outline !== "none")
            expect(parseFloat(focused.outline.split(" ")[1]!), `${label} outline width`).toBeGreaterThanOrEqual(2);
        }
        expect(stops.length).toBeGreaterThan(10);
        expect(stops.some((stop) => stop.startsWith("textarea"))).toBe(true);
        await page.close();
      });
    });
  }

  it("runs no animation or transition when the reader asks for reduced motion", async () => {
    const context = await browser.newContext({ reducedMotion: "reduce" });
    for (const url of [ARTICLE, "/news/", "/news/search/?q=plant"]) {
      const page = await context.newPage();
      await page.goto(`${server.url}${url}`);
      // Hover and focus states are where transitions usually hide: put the pointer and the focus on a link.
      await page.locator(".site-nav a").first().hover();
      await page.keyboard.press("Tab");
      const moving = await page.evaluate(() => {
        const found: string[] = [];
        for (const element of [document.documentElement, ...document.querySelectorAll("body *")]) {
          for (const pseudo of [null, "::before", "::after"]) {
            const style = getComputedStyle(element, pseudo);
            const animated = style.animationDuration.split(",").some((value) => parseFloat(value) > 0);
            if (style.animationName !== "none" && animated)
              found.push(`${element.tagName.toLowerCase()}${pseudo ?? ""} animation ${style.animationName}`);
            if (style.transitionDuration.split(",").some((value) => parseFloat(value) > 0))
              found.push(`${element.tagName.toLowerCase()}${pseudo ?? ""} transition ${style.transitionDuration}`);
          }
        }
        if (getComputedStyle(document.documentElement).scrollBehavior === "smooth")
          found.push("html scroll-behavior smooth");
        for (const animation of document.getAnimations()) found.push(`running ${animation.constructor.name}`);
        return found;
      });
      expect(moving, url).toEqual([]);
      await page.close();
    }
    await context.close();
  });

  it("labels every field of the comment form and lets a keyboard user reach, fill and focus its send button", async () => {
    const page = await open("light", ARTICLE);
    const fields = await page.evaluate(() =>
      [
        ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
          "form.comment-form input:not([type=hidden]), form.comment-form textarea",
        ),
      ].map((field) => ({
        id: field.id,
        labels: [...(field.labels ?? [])].map((label) => (label.textContent ?? "").trim()),
        reachable: field.tabIndex >= 0 && !field.closest("[aria-hidden=true]"),
      })),
    );
    expect(fields.filter((field) => field.reachable)).toEqual([
      { id: "comment-author", labels: ["Your name"], reachable: true },
      { id: "comment-body", labels: ["Comment"], reachable: true },
    ]);
    expect(fields.every((field) => field.labels.length === 1)).toBe(true);

    // From the top of the page, Tab alone reaches the name field.
    let reached = false;
    for (let press = 0; press < 200 && !reached; press++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "comment-author");
    }
    expect(reached, "Tab reaches the name field").toBe(true);
    await page.keyboard.type("Anna Reader");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("comment-body");
    await page.keyboard.type("Good to see the mill running again.");
    // The spam trap is skipped: the next stop is the send button.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type)).resolves.toBe(
      "submit",
    );
    await expect(page.locator(":focus").textContent()).resolves.toBe("Send comment");
    await expect(page.getByLabel("Your name").inputValue()).resolves.toBe("Anna Reader");
    await expect(page.getByLabel("Comment", { exact: true }).inputValue()).resolves.toBe(
      "Good to see the mill running again.",
    );
    await expect(
      page.locator("form.comment-form").evaluate((form: HTMLFormElement) => form.checkValidity()),
    ).resolves.toBe(true);
    await page.close();
  });
});
