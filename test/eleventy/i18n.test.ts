import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { servedInBrowser, skipBrowser } from "../helpers/browser.js";
import { build, copyFixture, listFiles, PROJECT_ROOT, readPage, scratch, textOf } from "../helpers/site.js";

const BASE = "/vestnik/";

/** Every English interface string, with placeholders cut out, at least two words long. */
function englishStrings(): string[] {
  const dictionary = parseYaml(readFileSync(path.join(PROJECT_ROOT, "src/i18n/en.yaml"), "utf8"));
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string")
      strings.push(
        ...value
          .split(/\{\w+\}/)
          .map((part) => part.trim())
          .filter((part) => /\w+\s+\w+/.test(part)),
      );
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(dictionary);
  return strings;
}

describe("a Russian-language site", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  const page = (url: string) => readPage(output, url, BASE);

  beforeAll(async () => {
    const content = copyFixture("russian", work.dir);
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("leaves no English interface words on any page", () => {
    const english = englishStrings();
    expect(english.length).toBeGreaterThan(40);
    const single = [
      "Search",
      "Archive",
      "Latest",
      "Comments",
      "Updated",
      "Previous",
      "Next",
      "Tags",
      "Section",
      "Author",
      "Page",
    ];
    for (const file of listFiles(output).filter((name) => name.endsWith(".html"))) {
      const doc = readPage(output, file);
      expect(doc.querySelector("html")!.getAttribute("lang")).toBe("ru");
      const text = `${textOf(doc.querySelector("body"))} ${doc
        .querySelectorAll("[aria-label], [placeholder], title")
        .map((el) => `${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("placeholder") ?? ""} ${el.textContent}`)
        .join(" ")}`;
      for (const phrase of english) expect(text, `${file} contains "${phrase}"`).not.toContain(phrase);
      for (const word of single) expect(text, `${file} contains "${word}"`).not.toMatch(new RegExp(`\\b${word}\\b`));
    }
  });

  it("counts comments with Russian plural forms", () => {
    expect(textOf(page("/vestnik/2026/11/noviy-stan/").querySelector("#comments-heading"))).toBe("1 комментарий");
    expect(textOf(page("/vestnik/2026/11/gorodskoy-byudzhet/").querySelector("#comments-heading"))).toBe(
      "2 комментария",
    );
    expect(textOf(page("/vestnik/2026/11/tramvay/").querySelector("#comments-heading"))).toBe("5 комментариев");
  });

  it("writes dates, reading time, bylines and navigation in Russian", () => {
    const article = page("/vestnik/2026/11/noviy-stan/");
    expect(textOf(article.querySelector("article time"))).toBe("5 ноября 2026, 09:00");
    expect(textOf(article.querySelector("article .meta"))).toContain("1 минута чтения");
    expect(textOf(article.querySelector(".byline"))).toBe("Автор Иван Петров и Ольга Смирнова");
    expect(textOf(article.querySelector('a[rel="prev"]'))).toBe("Предыдущая статья: Трамвай пойдёт в новый район");
    expect(textOf(page("/vestnik/archive/").querySelector(".archive-months"))).toBe("ноябрь 2026 (3 статьи)");
  });

  it("shows related reading from shared tags", () => {
    const related = page("/vestnik/2026/11/noviy-stan/")
      .querySelectorAll(".related li a")
      .map((a) => a.getAttribute("href"));
    expect(related[0]).toBe("/vestnik/2026/11/gorodskoy-byudzhet/");
  });

  describe.skipIf(skipBrowser)("searching in Chromium", () => {
    const site = servedInBrowser(output, BASE);

    it("stems Russian words, so another form of a word finds the article", async () => {
      const searchPage = await site.browser.newPage();
      await searchPage.goto(`${site.server.url}/vestnik/search/?q=${encodeURIComponent("облигационным")}`);
      await searchPage
        .locator("#search-status")
        .filter({ hasText: /Найден/ })
        .waitFor();
      const links = await searchPage.locator("#search-results li h2 a").allTextContents();
      expect(links).toEqual(
        expect.arrayContaining(["Городской бюджет принят во втором чтении", "Новый прокатный стан запущен"]),
      );
      await expect(searchPage.locator("#search-status").textContent()).resolves.toBe(
        "Найдено 2 статьи по запросу «облигационным»",
      );
      await searchPage.close();
    });
  });
});
