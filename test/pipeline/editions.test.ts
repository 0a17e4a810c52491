import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article, RUSSIAN_EDITION } from "../helpers/editions.js";
import { indexedPages } from "../helpers/pagefind.js";
import {
  build,
  copyFixture,
  jsonLd,
  listFiles,
  type RunResult,
  readPage,
  runScript,
  scratch,
  textOf,
} from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";
const BASE = "/news/";
const alternatesOf = (html: string) =>
  [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map(([, lang, href]) => [
    lang!,
    href!,
  ]);

describe("a site with a Russian edition (newsroom fixture)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let result: RunResult;
  const read = (file: string) => readFileSync(path.join(output, file), "utf8");
  const page = (url: string) => readPage(output, url, BASE);

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir, RUSSIAN_EDITION);
    result = await build(content, output, [NOW]);
  });
  afterAll(() => work.cleanup());

  it("builds the site language's edition at the root and the Russian one under /ru/, each complete", () => {
    expect(result.code, result.stderr).toBe(0);
    for (const file of [
      "ru/index.html",
      "ru/2026/10/zavod-otkrylsya/index.html",
      "ru/o-nas/index.html",
      "ru/category/city/index.html",
      "ru/author/olga-smirnova/index.html",
      "ru/archive/index.html",
      "ru/search/index.html",
      "ru/feed.xml",
      "ru/rss.xml",
      "ru/feed.json",
      "ru/404.html",
      "ru/sitemap.xml",
    ])
      expect(listFiles(output), file).toContain(file);
    expect(listFiles(output)).not.toContain("2026/10/zavod-otkrylsya/index.html");
  });

  it("writes each edition in its language: html lang, interface strings, dates, section names; title from editions", () => {
    const doc = page(`${BASE}ru/2026/10/zavod-otkrylsya/`);
    expect(doc.querySelector("html")!.getAttribute("lang")).toBe("ru");
    expect(textOf(doc.querySelector(".byline"))).toMatch(/^Автор /);
    expect(textOf(doc.querySelector(".article__header .meta time"))).toBe("1 октября 2026, 10:30");
    expect(textOf(doc.querySelector(".kicker"))).toBe("Промышленность");
    expect(textOf(doc.querySelector(".site-name"))).toBe("Газета");
    // Its images are its own copies, made responsive like any other.
    const figure = doc.querySelector(".article__body figure")!;
    expect(figure.querySelector("picture source")!.getAttribute("srcset")).toMatch(/^\/news\/ru\/img\//);
    expect(textOf(figure.querySelector("figcaption"))).toBe("Цех после ремонта");
    expect(textOf(page(`${BASE}ru/404.html`).querySelector("h1"))).not.toBe(
      textOf(page(`${BASE}404.html`).querySelector("h1")),
    );
    expect(page(`${BASE}ru/404.html`).querySelector("html")!.getAttribute("lang")).toBe("ru");
    // The site language's edition is as before: English, its own names.
    expect(textOf(page(`${BASE}2026/10/plant-reopens/`).querySelector(".kicker"))).toBe("Industry");
  });

  it("keeps previous/next, listings, feeds and search inside each edition", () => {
    const doc = page(`${BASE}ru/2026/10/byudzhet/`);
    expect(doc.querySelector('a[rel="prev"]')!.getAttribute("href")).toBe(`${BASE}ru/2026/10/zavod-otkrylsya/`);
    expect(doc.querySelector('a[rel="next"]')!.getAttribute("href")).toBe(`${BASE}ru/2026/11/tramvai/`);
    const home = page(`${BASE}ru/`)
      .querySelectorAll(".summary__title a")
      .map((a) => a.getAttribute("href"));
    expect(home).toEqual([
      `${BASE}ru/2026/11/tramvai/`,
      `${BASE}ru/2026/10/byudzhet/`,
      `${BASE}ru/2026/10/zavod-otkrylsya/`,
    ]);
    expect(read("ru/feed.xml")).toContain("Трамвайное депо переедет");
    expect(read("ru/feed.xml")).not.toContain("Rolling plant reopens");
    expect(read("feed.xml")).not.toContain("Трамвайное депо");
    const shards = (root: string) =>
      readdirSync(path.join(output, root, "pagefind"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => indexedPages(path.join(output, root, "pagefind", entry.name)));
    const russian = shards("ru");
    expect(russian.map((entry) => entry.url).sort()).toEqual(
      ["/2026/10/byudzhet/", "/2026/10/zavod-otkrylsya/", "/2026/11/tramvai/", "/o-nas/"].sort(),
    );
    expect(shards(".").some((entry) => /depo|Депо/.test(entry.content))).toBe(false);
    expect(read("ru/pagefind-files.json")).toMatch(/\.ru_[0-9a-f]+\.pf_meta/);
  });

  it("links every member of a translation group to every other, itself and x-default included, both ways", () => {
    const groups = [
      [`${BASE}2026/10/plant-reopens/`, `${BASE}ru/2026/10/zavod-otkrylsya/`],
      [`${BASE}2026/10/city-budget/`, `${BASE}ru/2026/10/byudzhet/`],
      [`${BASE}about/`, `${BASE}ru/o-nas/`],
      [BASE, `${BASE}ru/`],
      [`${BASE}category/city/`, `${BASE}ru/category/city/`],
    ];
    for (const [english, russian] of groups) {
      const expected = [
        ["en", `https://example.org${english}`],
        ["ru", `https://example.org${russian}`],
        ["x-default", `https://example.org${english}`],
      ];
      for (const url of [english!, russian!]) {
        expect(alternatesOf(read(`${url.slice(BASE.length)}index.html`)), url).toEqual(expected);
      }
      // The language switch leads to the counterpart.
      expect(page(english!).querySelector('.editions a[hreflang="ru"]')!.getAttribute("href")).toBe(russian);
      expect(page(russian!).querySelector('.editions a[hreflang="en"]')!.getAttribute("href")).toBe(english);
      expect(textOf(page(english!).querySelector(".editions a"))).toBe("Русский");
    }
    // Every page that names alternates is named back by each of them.
    for (const file of listFiles(output).filter((name) => name.endsWith(".html"))) {
      const own = alternatesOf(read(file)).filter(([lang]) => lang !== "x-default");
      for (const [, href] of own) {
        const other = href!.replace("https://example.org/news/", "");
        expect(
          alternatesOf(read(`${other}index.html`)).filter(([lang]) => lang !== "x-default"),
          `${file} -> ${other}`,
        ).toEqual(own);
      }
    }
    // A page without a translation names no alternates and switches to the other edition's home.
    const untranslated = page(`${BASE}ru/2026/11/tramvai/`);
    expect(alternatesOf(read("ru/2026/11/tramvai/index.html"))).toEqual([]);
    expect(untranslated.querySelector('.editions a[hreflang="en"]')!.getAttribute("href")).toBe(BASE);
  });

  it("says in JSON-LD which is the original and which the translation, in their languages", () => {
    const [original] = jsonLd(read("2026/10/plant-reopens/index.html"));
    const [translation] = jsonLd(read("ru/2026/10/zavod-otkrylsya/index.html"));
    expect(original).toMatchObject({
      inLanguage: "en",
      workTranslation: [
        {
          "@type": "NewsArticle",
          inLanguage: "ru",
          url: "https://example.org/news/ru/2026/10/zavod-otkrylsya/",
          headline: "Прокатный завод открылся после ремонта",
        },
      ],
    });
    expect(original).not.toHaveProperty("translationOfWork");
    expect(translation).toMatchObject({
      inLanguage: "ru",
      translationOfWork: { inLanguage: "en", url: "https://example.org/news/2026/10/plant-reopens/" },
    });
    expect(translation).not.toHaveProperty("workTranslation");
  });

  it("lists alternates in the sitemaps, names every edition's sitemap in robots.txt, and gives news items their language", () => {
    expect(read("sitemap.xml")).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    expect(read("sitemap.xml")).toMatch(
      /<loc>https:\/\/example\.org\/news\/2026\/10\/plant-reopens\/<\/loc><lastmod>[^<]+<\/lastmod><xhtml:link rel="alternate" hreflang="en" href="https:\/\/example\.org\/news\/2026\/10\/plant-reopens\/"\/><xhtml:link rel="alternate" hreflang="ru" href="https:\/\/example\.org\/news\/ru\/2026\/10\/zavod-otkrylsya\/"\/><\/url>/,
    );
    expect(read("ru/sitemap.xml")).toContain('hreflang="en" href="https://example.org/news/2026/10/plant-reopens/"');
    expect(read("robots.txt")).toContain("Sitemap: https://example.org/news/ru/sitemap.xml");
    expect(read("ru/news-sitemap.xml")).not.toContain("<news:language>en</news:language>");
  });

  it("gives each edition its own service worker and offline pages, in its folder and scope", () => {
    const worker = read("ru/sw.js");
    expect(worker).toContain('"base": "/news/ru/"');
    expect(worker).toContain('"offline/"');
    expect(read("sw.js")).not.toContain("/news/ru/");
    expect(page(`${BASE}ru/offline/`).querySelector("html")!.getAttribute("lang")).toBe("ru");
    expect(read("ru/2026/10/zavod-otkrylsya/index.html")).toContain('src="/news/ru/assets/offline.');
  });

  it("writes valid HTML on every page of both editions", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: { "no-trailing-whitespace": "off", "long-title": "off" },
    });
    const problems: string[] = [];
    for (const file of listFiles(output).filter((name) => name.endsWith(".html"))) {
      const report = await validator.validateString(read(file), file);
      for (const message of report.results.flatMap((entry) => entry.messages))
        problems.push(`${file}:${message.line} ${message.ruleId} ${message.message}`);
    }
    expect(problems).toEqual([]);
  });

  it("writes one _headers and _redirects at the root for both editions, with each edition's 404 page", () => {
    const headers = read("_headers");
    expect(headers.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(headers).toContain("/news/ru/assets/*\n  Cache-Control: public, max-age=31536000, immutable");
    expect(headers).not.toMatch(/^\/news\/ru\/\*$/m);
    expect(read("_redirects")).toContain("/news/ru/* /news/ru/404.html 404");
    expect(listFiles(output)).not.toContain("ru/_headers");
  });
});

describe("editions: what npm run check reports", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("reports an unknown language, a translation of nothing, of the same language, of a translation, and a second member of one language, in one run", async () => {
    const content = copyFixture("newsroom", work.dir, {
      ...RUSSIAN_EDITION,
      "articles/ru/de.md": article(
        "title: Deutsch\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\nlanguage: de",
        "Text.",
      ),
      "articles/ru/nothing.md": article(
        "title: Ничего\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\nlanguage: ru\ntranslationOf: no-such-story",
        "Текст.",
      ),
      "articles/ru/same.md": article(
        "title: Тот же язык\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\nlanguage: ru\ntranslationOf: tramvai",
        "Текст.",
      ),
      "articles/en-of-translation.md": article(
        "title: Of a translation\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\ntranslationOf: zavod-otkrylsya",
        "Text.",
      ),
      "articles/ru/second.md": article(
        "title: Второй перевод\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\nlanguage: ru\ntranslationOf: plant-reopens",
        "Текст.",
      ),
    });
    const check = await runScript("check.ts", [`--input=${content}`, NOW]);
    expect(check.code).toBe(1);
    const lines = check.stdout.split("\n");
    const expected = [
      `articles/ru/de.md:6  language  unknown language "de"  (one of: en, ru)`,
      `articles/ru/nothing.md:7  translationOf  names no article "no-such-story"  (the slug of the original article)`,
      `articles/ru/same.md:7  translationOf  names "tramvai", which is in the same language (ru)  (the original is in another language)`,
      `articles/en-of-translation.md:6  translationOf  names "zavod-otkrylsya", which is a translation itself  (name its original, "plant-reopens")`,
      // Files are checked in path order: the later one is the second.
      `articles/ru/zavod-otkrylsya.md:7  translationOf  makes a second ru member of the group of "plant-reopens"  (one article per language; articles/ru/second.md is the other)`,
    ];
    for (const line of expected) expect(lines, line).toContain(`${content}/${line}`);
  });

  it("refuses language and translationOf on a site without editions", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "plain"), {
      "_data/categories.yaml": RUSSIAN_EDITION["_data/categories.yaml"]!,
      "articles/ru/one.md": article(
        "title: Один\ndate: 2026-10-02\ncategory: city\nauthor: ivan-petrov\nlanguage: ru\ntranslationOf: plant-reopens",
        "Текст.",
      ),
    });
    const check = await runScript("check.ts", [`--input=${content}`, NOW]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      `${content}/articles/ru/one.md:6  language  is only used when site.yaml has editions  (add editions there, or remove this key)`,
    );
    expect(check.stdout).toContain(
      `${content}/articles/ru/one.md:7  translationOf  is only used when site.yaml has editions`,
    );
  });
});
