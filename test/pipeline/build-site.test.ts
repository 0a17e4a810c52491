import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, copyFixture, jsonLd, listFiles, type RunResult, readPage, scratch, textOf } from "../helpers/site.js";

const BASE = "/news/";
/** Published articles of the newsroom fixture, oldest first, in America/Los_Angeles. */
const CHRONOLOGY = [
  ["plant-reopens", "2026/10", "Rolling plant reopens after refit", "2026-10-01T09:30:00-07:00"],
  ["city-budget", "2026/10", "City budget passes second reading", "2026-10-05T00:00:00-07:00"],
  ["bond-sale", "2026/10", 'Bonds & <b>yields</b>: "what </script> means"', "2026-10-10T08:00:00-07:00"],
  ["tie-alpha", "2026/10", "Alpha story at the same minute", "2026-10-20T12:00:00-07:00"],
  ["tie-beta", "2026/10", "Beta story at the same minute", "2026-10-20T12:00:00-07:00"],
  ["late-edition", "2026/11", "Late edition across midnight", "2026-11-02T07:15:00-08:00"],
  ["zavod-zapuskaet-liniyu", "2026/11", "Завод запускает новую линию", "2026-11-02T23:30:00-08:00"],
  ["smelter-strike", "2026/11", "Smelter crews walk out over night-shift pay", "2026-11-24T09:00:00-08:00"],
] as const;
const urlOf = (slug: string, month: string) => `${BASE}${month}/${slug}/`;

describe("a built news site (zone west of UTC, base path /news/)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  let result: RunResult;
  let htmlFiles: string[];
  const page = (url: string) => readPage(output, url, BASE);

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    htmlFiles = listFiles(output).filter((file) => file.endsWith(".html"));
  });
  afterAll(() => work.cleanup());

  it("builds without errors, reporting the fixture's two likely mistakes as warnings", () => {
    expect(result.stderr.split("\n").filter((line) => line.includes("/content/"))).toEqual([
      expect.stringMatching(
        /\/articles\/2026\/10\/bond-sale\.md:6 {2}tags\[1\] {2}warning: tag "budget" differs only in case from "Budget"/,
      ),
      expect.stringMatching(
        /\/articles\/2099\/01\/future-story\.md:3 {2}date {2}warning: is in the future: it will be scheduled/,
      ),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Built \d+ pages/);
  });

  it("shows the title, authors, category, tags, dates, reading time, description and body on an article", () => {
    const doc = page(urlOf("bond-sale", "2026/10"));
    const article = doc.querySelector("article")!;
    expect(textOf(article.querySelector("h1"))).toBe('Bonds & <b>yields</b>: "what </script> means"');
    const authors = article.querySelectorAll('a[rel="author"]').map((a) => [textOf(a), a.getAttribute("href")]);
    expect(authors).toEqual([
      ["Ivan Petrov", "/news/author/ivan-petrov/"],
      ["Ольга Смирнова", "/news/author/olga-smirnova/"],
    ]);
    expect(article.querySelector(".kicker a")!.getAttribute("href")).toBe("/news/category/finance/");
    expect(article.querySelectorAll('a[rel="tag"]').map((a) => a.getAttribute("href"))).toEqual([
      "/news/tag/bonds/",
      "/news/tag/budget/",
    ]);
    const times = article.querySelectorAll("time");
    expect(times[0]!.getAttribute("datetime")).toBe("2026-10-10T08:00:00-07:00");
    expect(textOf(times[0])).toBe("10 October 2026, 08:00");
    expect(times[1]!.getAttribute("datetime")).toBe("2026-10-11T08:00:00-07:00");
    expect(textOf(article.querySelector(".meta"))).toMatch(/Updated 11 October 2026, 08:00 · 1 min read/);
    const description = doc.querySelector('meta[name="description"]')!.getAttribute("content")!;
    expect(description.startsWith("The region sold bonds worth 5 billion roubles")).toBe(true);
    expect(description.endsWith("…")).toBe(true);
    expect(description.length).toBeLessThanOrEqual(201);
    expect(textOf(article.querySelector(".article__body"))).toContain("put option in the third year");
  });

  it("shows a lead image as a figure with its caption and its credit marked apart, and one without a caption as a bare figure", () => {
    const figure = page(urlOf("plant-reopens", "2026/10")).querySelector(".article__image")!;
    expect(figure.tagName).toBe("FIGURE");
    expect(figure.querySelector("picture img")!.getAttribute("alt")).toBe("The rolling mill hall");
    const caption = figure.querySelector("figcaption")!;
    expect(textOf(caption)).toBe(
      "The rolling mill hall after the refit, with the new line on the left Photo: Anna Kuznetsova",
    );
    expect(textOf(caption.querySelector(".credit"))).toBe("Photo: Anna Kuznetsova");
    expect(page(urlOf("bond-sale", "2026/10")).querySelector(".article__image")).toBeNull();
    // A body image with a title is a figure with that caption.
    const bodyFigure = page(urlOf("plant-reopens", "2026/10")).querySelector(".article__body figure")!;
    expect(bodyFigure.querySelector("picture img")!.getAttribute("alt")).toBe("Mill floor");
    expect(textOf(bodyFigure.querySelector("figcaption"))).toBe("The mill floor on the first shift after the refit");
  });

  it("shows an article's corrections under the byline, oldest first, and dates the article by its last change everywhere", () => {
    const doc = page(urlOf("city-budget", "2026/10"));
    const corrections = doc.querySelector(".article__header .corrections")!;
    expect(textOf(corrections.querySelector("h2"))).toBe("Corrections");
    expect(
      corrections
        .querySelectorAll("li")
        .map((item) => [item.getAttribute("id"), item.querySelector("time")!.getAttribute("datetime"), textOf(item)]),
    ).toEqual([
      ["correction-1", "2026-10-06T09:15:00-07:00", "6 October 2026, 09:15: The vote was 31 to 4, not 31 to 14."],
      [
        "correction-2",
        "2026-10-07T16:00:00-07:00",
        "7 October 2026, 16:00: The budget passed its second reading, not its third.",
      ],
    ]);
    const last = "2026-10-07T16:00:00-07:00";
    expect(textOf(doc.querySelector(".article__header .meta"))).toContain("Updated 7 October 2026, 16:00");
    expect(doc.querySelector('meta[property="article:modified_time"]')!.getAttribute("content")).toBe(last);
    const [ld] = [...doc.toString().matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
      JSON.parse(m[1]!),
    );
    expect(ld.dateModified).toBe(last);
    expect(ld.correction).toEqual([
      {
        "@type": "CorrectionComment",
        text: "The vote was 31 to 4, not 31 to 14.",
        datePublished: "2026-10-06T09:15:00-07:00",
      },
      {
        "@type": "CorrectionComment",
        text: "The budget passed its second reading, not its third.",
        datePublished: last,
      },
    ]);
    const sitemap = readFileSync(path.join(output, "sitemap.xml"), "utf8");
    expect(sitemap).toMatch(
      /<loc>https:\/\/example\.org\/news\/2026\/10\/city-budget\/<\/loc>\s*<lastmod>2026-10-07T16:00:00-07:00<\/lastmod>/,
    );
    // The corrections log: newest first, each leading to its place in its article, linked from every footer, with a feed.
    const log = page("/news/corrections/");
    expect(
      log
        .querySelectorAll(".corrections-log li")
        .map((item) => [
          item.querySelector("time")!.getAttribute("datetime"),
          item.querySelector("a")!.getAttribute("href"),
          textOf(item.querySelector("a")),
          textOf(item.querySelectorAll("p")[1]),
        ]),
    ).toEqual([
      [
        last,
        "/news/2026/10/city-budget/#correction-2",
        "In “City budget passes second reading”",
        "The budget passed its second reading, not its third.",
      ],
      [
        "2026-10-06T09:15:00-07:00",
        "/news/2026/10/city-budget/#correction-1",
        "In “City budget passes second reading”",
        "The vote was 31 to 4, not 31 to 14.",
      ],
    ]);
    expect(doc.querySelector('footer a[href="/news/corrections/"]')).not.toBeNull();
    const feed = readFileSync(path.join(output, "corrections/feed.xml"), "utf8");
    expect(feed).toContain(
      '<link href="https://example.org/news/corrections/feed.xml" rel="self" type="application/atom+xml"/>',
    );
    expect(feed).toContain(`<updated>${last}</updated>`);
    expect(
      [...feed.matchAll(/<id>(https:\/\/example\.org\/news\/2026\/10\/city-budget\/#correction-\d)<\/id>/g)].map(
        (m) => m[1],
      ),
    ).toEqual([
      "https://example.org/news/2026/10/city-budget/#correction-2",
      "https://example.org/news/2026/10/city-budget/#correction-1",
    ]);
    // An article without corrections shows none.
    expect(page(urlOf("plant-reopens", "2026/10")).querySelector(".corrections")).toBeNull();
  });

  it("renders markdown with heading anchors, tables, fenced code and footnotes", () => {
    const body = page(urlOf("plant-reopens", "2026/10")).querySelector(".article__body")!;
    expect(body.querySelector("h2#new-line a")!.getAttribute("href")).toBe("#new-line");
    expect(textOf(body.querySelector("table td"))).toBe("Day");
    expect(textOf(body.querySelector("pre code.language-text"))).toBe("G01 X10 Y20");
    expect(body.querySelector(".footnotes")).not.toBeNull();
  });

  it("resolves Markdown links and images between content files to their URLs", () => {
    const body = page(urlOf("plant-reopens", "2026/10")).querySelector(".article__body")!;
    const hrefs = body.querySelectorAll("a").map((a) => a.getAttribute("href"));
    expect(hrefs).toContain("/news/2026/10/city-budget/");
    expect(hrefs).toContain("/news/about/#team");
    expect(body.querySelector("picture img")!.getAttribute("src")).toMatch(/^\/news\/img\/[\w-]+-480\.jpeg$/);
    expect(listFiles(output)).toContain("images/plant.png");
  });

  it("links every article to the next older (rel=prev) and next newer (rel=next) one, with titles", () => {
    CHRONOLOGY.forEach(([slug, month], index) => {
      const doc = page(urlOf(slug, month));
      const prev = doc.querySelector('a[rel="prev"]');
      const next = doc.querySelector('a[rel="next"]');
      const older = CHRONOLOGY[index - 1];
      const newer = CHRONOLOGY[index + 1];
      if (older) {
        expect(prev?.getAttribute("href"), slug).toBe(urlOf(older[0], older[1]));
        expect(textOf(prev)).toBe(`Previous article: ${older[2]}`);
      } else {
        expect(prev, `${slug} is the oldest`).toBeNull();
      }
      if (newer) {
        expect(next?.getAttribute("href"), slug).toBe(urlOf(newer[0], newer[1]));
        expect(textOf(next)).toBe(`Next article: ${newer[2]}`);
      } else {
        expect(next, `${slug} is the newest`).toBeNull();
      }
    });
  });

  it("dates every article as a wall-clock time with offset in the site zone", () => {
    for (const [slug, month, , iso] of CHRONOLOGY) {
      expect(page(urlOf(slug, month)).querySelector("article time")!.getAttribute("datetime")).toBe(iso);
    }
  });

  it("keeps drafts and scheduled articles out of every page", () => {
    const files = listFiles(output);
    expect(files.filter((file) => /secret-draft|future-story|draftonlytag|futureonlytag|2099/.test(file))).toEqual([]);
    for (const file of htmlFiles) {
      const html = readFileSync(path.join(output, file), "utf8");
      expect(html, file).not.toMatch(/secret-draft|Secret draft|zephyrine|future-story|Scheduled future|quillfeather/);
    }
  });

  it("starts every site-relative link, asset and form action with the base path", () => {
    let checked = 0;
    for (const file of htmlFiles) {
      const doc = readPage(output, file);
      for (const element of doc.querySelectorAll("[href], [src], form[action]")) {
        const url = element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("action")!;
        if (/^(https?:|#|mailto:)/.test(url)) continue;
        checked++;
        expect(url, `${file}: ${element.outerHTML.slice(0, 80)}`).toMatch(/^\/news\//);
        const target = url.split(/[#?]/)[0]!.slice(BASE.length);
        const targetFile = target === "" || target.endsWith("/") ? `${target}index.html` : target;
        expect(listFiles(output), `${file} links to ${url}`).toContain(targetFile);
      }
      expect(doc.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "https://example.org/news/").toMatch(
        /^https:\/\/example\.org\/news\//,
      );
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("keeps hostile titles and reader text as text", () => {
    const html = readFileSync(path.join(output, "2026/10/bond-sale/index.html"), "utf8");
    expect(html).not.toContain("<b>yields</b>");
    expect(html).not.toContain('"what </script>');
    expect(html).toContain("Bonds &amp; &lt;b&gt;yields&lt;/b&gt;");
    const listing = readFileSync(path.join(output, "category/finance/index.html"), "utf8");
    expect(listing).not.toContain("<b>yields</b>");
    const comments = page(urlOf("plant-reopens", "2026/10")).querySelector("#comments")!;
    expect(comments.querySelectorAll("script, b, i")).toHaveLength(0);
    expect(textOf(comments)).toContain("<i>Trader</i> Joe");
    expect(textOf(comments)).toContain("Great news <b>bold</b> <script>alert(1)</script> and emphasis.");
    expect(comments.querySelector(".comment__body em")).not.toBeNull();
  });

  it("threads approved comments one level deep, oldest first", () => {
    const comments = page(urlOf("plant-reopens", "2026/10")).querySelector("#comments")!;
    const top = comments.querySelectorAll(".comment-list > li");
    expect(top.map((li) => li.id)).toEqual(["comment-first"]);
    const replies = top[0]!.querySelectorAll(".comment-replies > li");
    expect(replies.map((li) => li.id)).toEqual(["comment-reply"]);
    expect(textOf(replies[0]!.querySelector(".comment__body strong"))).toBe("proud");
    expect(textOf(comments.querySelector("h2"))).toBe("2 comments");
  });

  it("shows the comment form, posting to the configured endpoint", () => {
    const form = page(urlOf("plant-reopens", "2026/10")).querySelector("form.comment-form")!;
    expect(form.getAttribute("action")).toBe("https://comments.example.org/comments");
    expect(form.getAttribute("method")).toBe("post");
    expect(form.querySelector('input[name="article"]')!.getAttribute("value")).toBe("plant-reopens");
  });

  it("paginates the home page newest first, with rel=prev/next between pages", () => {
    const pages = [page(BASE), page(`${BASE}page/2/`), page(`${BASE}page/3/`)];
    const titles = pages.flatMap((doc) => doc.querySelectorAll(".summary__title a").map((a) => a.getAttribute("href")));
    expect(titles).toEqual([...CHRONOLOGY].reverse().map(([slug, month]) => urlOf(slug, month)));
    expect(pages[0]!.querySelector('a[rel="prev"]')).toBeNull();
    expect(pages[0]!.querySelector('a[rel="next"]')!.getAttribute("href")).toBe("/news/page/2/");
    expect(pages[1]!.querySelector('a[rel="prev"]')!.getAttribute("href")).toBe("/news/");
    expect(pages[1]!.querySelector('link[rel="next"]')!.getAttribute("href")).toBe("/news/page/3/");
    expect(pages[2]!.querySelector('a[rel="next"]')).toBeNull();
    const item = pages[0]!.querySelector(".summary")!;
    expect(item.querySelector("time")).not.toBeNull();
    expect(item.querySelectorAll(".meta a").length).toBeGreaterThanOrEqual(2);
  });

  it("lists articles by category, tag, author, year and month", () => {
    const hrefs = (url: string) =>
      page(url)
        .querySelectorAll(".summary__title a")
        .map((a) => a.getAttribute("href"));
    expect(hrefs("/news/category/city/")).toEqual([urlOf("late-edition", "2026/11"), urlOf("city-budget", "2026/10")]);
    expect(hrefs("/news/tag/budget/")).toEqual([urlOf("bond-sale", "2026/10"), urlOf("city-budget", "2026/10")]);
    expect(hrefs("/news/author/olga-smirnova/")).toEqual([
      urlOf("zavod-zapuskaet-liniyu", "2026/11"),
      urlOf("bond-sale", "2026/10"),
      urlOf("city-budget", "2026/10"),
    ]);
    expect(hrefs("/news/archive/2026/11/")).toEqual([
      urlOf("smelter-strike", "2026/11"),
      urlOf("zavod-zapuskaet-liniyu", "2026/11"),
      urlOf("late-edition", "2026/11"),
    ]);
    expect(textOf(page("/news/archive/").querySelector(".archive-months"))).toContain("November 2026 (3 articles)");
  });

  it("shows an author's photo, role, bio and profile links above their articles, and names them in JSON-LD", () => {
    const doc = page("/news/author/ivan-petrov/");
    const header = doc.querySelector(".listing__header")!;
    const photo = header.querySelector("picture img.author__photo")!;
    expect(photo.getAttribute("alt")).toBe("Ivan Petrov");
    expect(photo.getAttribute("sizes")).toBe("8rem");
    expect(textOf(header.querySelector(".author__role"))).toBe("Industry correspondent");
    expect(textOf(header.querySelector(".listing__description"))).toBe("Covers manufacturing.");
    expect(
      header
        .querySelectorAll(".author__links a")
        .map((a) => [textOf(a), a.getAttribute("href"), a.getAttribute("rel")]),
    ).toEqual([
      ["social.example/@ivan", "https://social.example/@ivan", "me"],
      ["ivan.example.org", "https://ivan.example.org/", "me"],
    ]);
    const ld = jsonLd;
    const person = {
      "@type": "Person",
      name: "Ivan Petrov",
      jobTitle: "Industry correspondent",
      image: "https://example.org/news/images/people/ivan.png",
      sameAs: ["https://social.example/@ivan", "https://ivan.example.org/"],
      url: "https://example.org/news/author/ivan-petrov/",
    };
    expect(ld(doc.toString())).toContainEqual({
      "@context": "https://schema.org",
      "@type": "ProfilePage",
      url: "https://example.org/news/author/ivan-petrov/",
      mainEntity: person,
    });
    // An article's author is the same person; an author without a profile has only a name and a page.
    const [article] = ld(page(urlOf("bond-sale", "2026/10")).toString());
    expect(article!.author).toEqual([
      person,
      { "@type": "Person", name: "Ольга Смирнова", url: "https://example.org/news/author/olga-smirnova/" },
    ]);
    expect(
      page("/news/author/olga-smirnova/").querySelector(".author__photo, .author__role, .author__links"),
    ).toBeNull();
  });

  it("transliterates Cyrillic file names, tags and names into ASCII slugs", () => {
    const files = listFiles(output);
    expect(files).toContain("2026/11/zavod-zapuskaet-liniyu/index.html");
    expect(files).toContain("tag/metallurgiya/index.html");
    expect(htmlFiles.filter((file) => !/^[a-z0-9./_-]+$/.test(file))).toEqual([]);
  });

  it("writes standalone pages, a 404 page at the root and a search page the header form leads to", () => {
    expect(textOf(page("/news/about/").querySelector("h1"))).toBe("About the Gazette");
    const notFound = page("/news/404.html");
    expect(textOf(notFound.querySelector("h1"))).toBe("Page not found");
    const form = page(BASE).querySelector('header form[role="search"]')!;
    expect(form.getAttribute("action")).toBe("/news/search/");
    expect(form.getAttribute("method")).toBe("get");
    expect(form.querySelector('input[name="q"]')).not.toBeNull();
    expect(listFiles(output)).toContain("search/index.html");
  });

  it("sets the language, landmarks and a skip link on every page", () => {
    for (const file of htmlFiles) {
      const doc = readPage(output, file);
      if (doc.querySelector('meta[http-equiv="refresh"]')) continue; // an old URL's redirect page
      expect(doc.querySelector("html")!.getAttribute("lang"), file).toBe("en");
      for (const selector of ["header", "nav", "main#main", "footer", 'a.skip-link[href="#main"]']) {
        expect(doc.querySelector(selector), `${file} ${selector}`).not.toBeNull();
      }
    }
  });

  it("links one fingerprinted stylesheet", () => {
    const stylesheets = page(BASE).querySelectorAll('link[rel="stylesheet"]');
    expect(stylesheets).toHaveLength(1);
    expect(stylesheets[0]!.getAttribute("href")).toMatch(/^\/news\/assets\/style\.[0-9a-f]{10}\.css$/);
  });

  it("writes valid HTML on every page", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: { "no-trailing-whitespace": "off", "long-title": "off" },
    });
    const problems: string[] = [];
    for (const file of htmlFiles) {
      const report = await validator.validateString(readFileSync(path.join(output, file), "utf8"), file);
      for (const message of report.results.flatMap((r) => r.messages))
        problems.push(`${file}:${message.line} ${message.ruleId} ${message.message}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("a site in a zone east of UTC", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    const settings = path.join(content, "_data/site.yaml");
    writeFileSync(
      settings,
      readFileSync(settings, "utf8")
        .replace("America/Los_Angeles", "Asia/Tokyo")
        .replace("https://example.org/news/", "https://example.org/"),
    );
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    expect(result.code).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("reads zone-less dates as wall-clock times in that zone", () => {
    const time = (url: string) => readPage(output, url).querySelector("article time")!;
    expect(time("/2026/10/plant-reopens/").getAttribute("datetime")).toBe("2026-10-01T09:30:00+09:00");
    expect(time("/2026/10/city-budget/").getAttribute("datetime")).toBe("2026-10-05T00:00:00+09:00");
    expect(time("/2026/10/bond-sale/").getAttribute("datetime")).toBe("2026-10-11T00:00:00+09:00");
    expect(textOf(time("/2026/11/late-edition/"))).toBe("3 November 2026, 00:15");
  });

  it("orders articles by instant, so zone-less and offset dates interleave correctly", () => {
    // In Tokyo the zone-less 23:30 on 2 November comes before 00:15+09:00 on 3 November;
    // on the American west coast (first suite) the same files are ordered the other way round.
    const next = readPage(output, "/2026/11/zavod-zapuskaet-liniyu/").querySelector('a[rel="next"]');
    expect(next!.getAttribute("href")).toBe("/2026/11/late-edition/");
    expect(readPage(output, "/2026/11/late-edition/").querySelector('a[rel="next"]')!.getAttribute("href")).toBe(
      "/2026/11/smelter-strike/",
    );
  });
});
