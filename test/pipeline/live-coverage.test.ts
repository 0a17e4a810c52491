import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexedPages } from "../helpers/pagefind.js";
import { build, buildFixture, copyFixture, jsonLd, listFiles, readPage, scratch, textOf } from "../helpers/site.js";

const BASE = "/news/";
const LIVE = `${BASE}2026/11/smelter-strike/`;
/** The fixture's published updates, newest first: anchor, time (America/Los_Angeles), title. */
const PUBLISHED = [
  ["update-deal", "2026-11-25T08:15:00-08:00", "A deal is reached"],
  ["update-talks", "2026-11-24T14:00:00-08:00", "Management offers talks"],
  ["update-first", "2026-11-24T09:30:00-08:00", undefined],
] as const;

describe("a live article (newsroom fixture, built on 26 November)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  const page = (url: string) => readPage(output, url, BASE);
  const html = (url: string) => readFileSync(path.join(output, url.slice(BASE.length), "index.html"), "utf8");

  beforeAll(async () => {
    await buildFixture("newsroom", work.dir, output);
  });
  afterAll(() => work.cleanup());

  it("shows the Live label, the summary on top, then the published updates newest first, each with its anchor and time", () => {
    const doc = page(LIVE);
    expect(textOf(doc.querySelector(".article__header .kicker .live-label"))).toBe("Live");
    expect(textOf(doc.querySelector(".article__body"))).toMatch(/^Crews at the copper smelter stopped work/);
    const updates = doc.querySelectorAll(".live-updates .live-update");
    expect(
      updates.map((update) => [
        update.id,
        update.querySelector("time")!.getAttribute("datetime"),
        update.querySelector(".live-update__title")?.textContent,
      ]),
    ).toEqual(PUBLISHED.map(([anchor, time, title]) => [anchor, time, title]));
    for (const update of updates)
      expect(update.querySelector(".live-update__time")!.getAttribute("href")).toBe(`#${update.id}`);
    expect(textOf(doc.querySelector("#live-updates-heading"))).toBe("3 updates");
    // The summary comes before the updates in the page.
    const source = html(LIVE);
    expect(source.indexOf("Crews at the copper smelter")).toBeLessThan(source.indexOf('id="update-deal"'));
  });

  it("names an update's author only when it is not the article's, and resolves its links and images relative to its file", () => {
    const doc = page(LIVE);
    const byline = (id: string) => doc.querySelector(`#${id} .live-update__meta a[href$="/author/olga-smirnova/"]`);
    expect(textOf(byline("update-deal"))).toBe("Ольга Смирнова");
    expect(byline("update-talks")).toBeNull();
    expect(doc.querySelectorAll("#update-talks .live-update__meta a").length).toBe(1);
    expect(doc.querySelector("#update-talks .live-update__body a")!.getAttribute("href")).toBe(
      `${BASE}2026/10/plant-reopens/`,
    );
    const figure = doc.querySelector("#update-deal figure")!;
    expect(figure.querySelector("picture img")!.getAttribute("alt")).toBe("The smelter hall with its furnaces lit");
    expect(textOf(figure.querySelector("figcaption"))).toBe("The smelter hall as the morning shift returned");
  });

  it("leaves draft and scheduled updates out of the page, the feeds, the search index and every other file", () => {
    for (const file of listFiles(output).filter((name) => /\.(html|xml|json)$/.test(name))) {
      const text = readFileSync(path.join(output, file), "utf8");
      expect(text, file).not.toMatch(/quillwort|marjoram|update-unchecked|update-later/);
    }
    const shards = readdirSync(path.join(output, "pagefind"), { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    );
    const indexed = shards.flatMap((shard) => indexedPages(path.join(output, "pagefind", shard.name)));
    const live = indexed.find((entry) => entry.url.endsWith("/2026/11/smelter-strike/"))!;
    expect(live.content).toContain("Crews at the copper smelter stopped work");
    expect(live.content).toContain("A deal is reached");
    expect(live.content).toContain("a picket of about forty people");
    expect(indexed.some((entry) => /quillwort|marjoram/.test(entry.content))).toBe(false);
  });

  it("dates the article's last change by its newest published update: byline, JSON-LD, Open Graph, feed and sitemap", () => {
    const newest = PUBLISHED[0][1];
    const doc = page(LIVE);
    expect(doc.querySelector(".article__header .meta time:nth-of-type(2)")!.getAttribute("datetime")).toBe(newest);
    expect(doc.querySelector('meta[property="article:modified_time"]')!.getAttribute("content")).toBe(newest);
    const [posting] = jsonLd(html(LIVE));
    expect(posting!.dateModified).toBe(newest);
    const atom = readFileSync(path.join(output, "feed.xml"), "utf8");
    expect(atom).toMatch(
      new RegExp(`<id>https://example\\.org/news/2026/11/smelter-strike/</id>[\\s\\S]*?<updated>${newest}</updated>`),
    );
    expect(readFileSync(path.join(output, "sitemap.xml"), "utf8")).toMatch(
      new RegExp(`<loc>https://example\\.org/news/2026/11/smelter-strike/</loc>\\s*<lastmod>${newest}</lastmod>`),
    );
  });

  it("describes the page as a LiveBlogPosting with each update a BlogPosting of its own", () => {
    const [posting] = jsonLd(html(LIVE));
    expect(posting!["@type"]).toBe("LiveBlogPosting");
    expect(posting!.coverageStartTime).toBe("2026-11-24T09:00:00-08:00");
    expect(posting).not.toHaveProperty("coverageEndTime");
    const updates = posting!.liveBlogUpdate as Record<string, unknown>[];
    expect(updates.map((update) => [update["@type"], update.url, update.datePublished])).toEqual(
      PUBLISHED.map(([anchor, time]) => ["BlogPosting", `https://example.org${LIVE}#${anchor}`, time]),
    );
    expect(updates[0]).toMatchObject({
      headline: "A deal is reached",
      articleBody: expect.stringMatching(/^Both sides signed overnight; the picket has gone home\./),
      author: { "@type": "Person", name: "Ольга Смирнова", url: "https://example.org/news/author/olga-smirnova/" },
    });
    // An update without a title is headed by its first words, as plain text.
    expect(updates[2]).toMatchObject({
      headline: "The gates are closed and a picket of about forty people stands outside.",
      author: { name: "Ivan Petrov", jobTitle: "Industry correspondent" },
    });
    for (const update of updates) expect(update.articleBody).not.toMatch(/[<>]/);
    // Other articles stay NewsArticles.
    expect(jsonLd(html(`${BASE}2026/10/plant-reopens/`))[0]!["@type"]).toBe("NewsArticle");
  });

  it("loads the update checker only on ongoing coverage, and marks it Live in listings", () => {
    const doc = page(LIVE);
    expect(doc.querySelector("[data-live-updates]")!.getAttribute("data-live-interval")).toBe("60");
    expect(doc.querySelector('script[src*="/assets/live."]')).not.toBeNull();
    expect(doc.querySelector("button[data-live-new]")!.hasAttribute("hidden")).toBe(true);
    expect(page(`${BASE}2026/10/plant-reopens/`).querySelector('script[src*="/assets/live."]')).toBeNull();
    const summaries = page(BASE).querySelectorAll(".summary");
    const labelled = summaries.filter((summary) => summary.querySelector(".live-label"));
    expect(labelled.map((summary) => summary.querySelector(".summary__title a")!.getAttribute("href"))).toEqual([LIVE]);
  });
});

describe("live coverage that has ended", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  afterAll(() => work.cleanup());

  it("drops the Live label and the checker, says when it ended, and gives coverageEndTime", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "articles/2026/11/smelter-strike.md": readFileSync(
        path.join(import.meta.dirname, "../fixtures/newsroom/articles/2026/11/smelter-strike.md"),
        "utf8",
      ).replace("live: true\n", "live: true\nliveEnd: 2026-11-25T18:00\n"),
    });
    const result = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    expect(result.code, result.stderr).toBe(0);
    const doc = readPage(output, LIVE, BASE);
    expect(doc.querySelector(".live-label")).toBeNull();
    expect(doc.querySelector("[data-live-updates]")).toBeNull();
    expect(doc.querySelector('script[src*="/assets/live."]')).toBeNull();
    expect(textOf(doc.querySelector(".article__header .meta"))).toContain("Live coverage ended");
    expect(doc.querySelectorAll(".live-update").length).toBe(3);
    const [posting] = jsonLd(readFileSync(path.join(output, "2026/11/smelter-strike/index.html"), "utf8"));
    expect(posting).toMatchObject({ "@type": "LiveBlogPosting", coverageEndTime: "2026-11-25T18:00:00-08:00" });
    expect(readPage(output, BASE, BASE).querySelector(".live-label")).toBeNull();
  });
});
