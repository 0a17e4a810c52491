import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headersFor, parseHeadersFile } from "../helpers/serve.js";
import { build, copyFixture, listFiles, readPage, scratch } from "../helpers/site.js";

const ORIGIN = "https://example.org";
const PUBLISHED = [
  "plant-reopens",
  "city-budget",
  "bond-sale",
  "tie-alpha",
  "tie-beta",
  "late-edition",
  "zavod-zapuskaet-liniyu",
];
const ARRAYS = [
  "feed.entry",
  "feed.link",
  "feed.entry.author",
  "feed.entry.category",
  "rss.channel.item",
  "urlset.url",
];
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (_name, jpath) => ARRAYS.includes(String(jpath)),
});

describe("feeds, sitemaps, structured data, images and CDN files", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  const read = (file: string) => readFileSync(path.join(output, file), "utf8");

  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    // Two days after the late edition: the news sitemap holds only the last 48 hours.
    const result = await build(content, output, ["--now=2026-11-04T12:00:00Z"]);
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("writes an Atom feed of the latest articles with full content and absolute URLs, no drafts", () => {
    const feed = xml.parse(read("feed.xml")).feed;
    expect(feed.link.find((link: Record<string, string>) => link["@rel"] === "self")["@href"]).toBe(
      `${ORIGIN}/news/feed.xml`,
    );
    const entries = feed.entry as Record<string, any>[];
    expect(entries.map((entry) => entry.id)).toEqual(
      [...PUBLISHED].reverse().map((slug) => expect.stringMatching(new RegExp(`^${ORIGIN}/news/2026/1[01]/${slug}/$`))),
    );
    const plant = entries.find((entry) => entry.id.endsWith("/plant-reopens/"))!;
    expect(plant.content["#text"]).toContain("The new line rolls thinner sheet");
    expect(plant.content["#text"]).toContain(`href="${ORIGIN}/news/2026/10/city-budget/"`);
    expect(plant.content["#text"]).toContain(`src="${ORIGIN}/news/images/plant.png"`);
    expect(plant.published).toBe("2026-10-01T09:30:00-07:00");
    const bond = entries.find((entry) => entry.id.endsWith("/bond-sale/"))!;
    expect(bond.title).toBe('Bonds & <b>yields</b>: "what </script> means"');
    expect(bond.author.map((author: Record<string, string>) => author.uri)).toEqual([
      `${ORIGIN}/news/author/ivan-petrov/`,
      `${ORIGIN}/news/author/olga-smirnova/`,
    ]);
    expect(read("feed.xml")).not.toMatch(/secret-draft|future-story|zephyrine|quillfeather/);
  });

  it("writes an RSS 2.0 feed and a JSON Feed 1.1 with the same articles", () => {
    const channel = xml.parse(read("rss.xml")).rss.channel;
    expect(channel.item.map((item: Record<string, string>) => item.link)).toEqual(
      [...PUBLISHED].reverse().map((slug) => expect.stringMatching(new RegExp(`^${ORIGIN}/news/.*/${slug}/$`))),
    );
    expect(channel.item[0].pubDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} 2026 \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
    expect(channel.item.at(-1)["content:encoded"]).toContain("The new line rolls thinner sheet");
    const json = JSON.parse(read("feed.json"));
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(json.feed_url).toBe(`${ORIGIN}/news/feed.json`);
    expect(json.items.map((item: { url: string }) => item.url)).toEqual(
      channel.item.map((item: Record<string, string>) => item.link),
    );
    const bond = json.items.find((item: { url: string }) => item.url.endsWith("/bond-sale/"));
    expect(bond.title).toBe('Bonds & <b>yields</b>: "what </script> means"');
    expect(bond.date_published).toBe("2026-10-10T08:00:00-07:00");
    expect(read("feed.json")).not.toMatch(/secret-draft|zephyrine|quillfeather/);
  });

  it("writes an Atom feed per category holding only that category", () => {
    const city = xml.parse(read("category/city/feed.xml")).feed;
    expect(city.entry.map((entry: Record<string, string>) => entry.id)).toEqual([
      `${ORIGIN}/news/2026/11/late-edition/`,
      `${ORIGIN}/news/2026/10/city-budget/`,
    ]);
    expect(existsSync(path.join(output, "category/finance/feed.xml"))).toBe(true);
  });

  it("advertises the feeds in the head of every page", () => {
    for (const file of listFiles(output).filter((name) => name.endsWith(".html") && !name.startsWith("old/"))) {
      const types = readPage(output, file)
        .querySelectorAll('link[rel="alternate"]')
        .map((link) => link.getAttribute("type"));
      expect(types, file).toEqual(
        expect.arrayContaining(["application/atom+xml", "application/rss+xml", "application/feed+json"]),
      );
    }
    const category = readPage(output, "category/city/index.html");
    expect(category.querySelectorAll('link[rel="alternate"]').map((link) => link.getAttribute("href"))).toContain(
      `${ORIGIN}/news/category/city/feed.xml`,
    );
  });

  it("lists every published page in sitemap.xml with lastmod, and no drafts", () => {
    const urls = xml.parse(read("sitemap.xml")).urlset.url as { loc: string; lastmod?: string }[];
    const locs = urls.map((url) => url.loc);
    for (const slug of PUBLISHED)
      expect(locs).toContainEqual(expect.stringMatching(new RegExp(`^${ORIGIN}/news/2026/1[01]/${slug}/$`)));
    for (const page of [
      "",
      "page/2/",
      "category/city/",
      "tag/budget/",
      "author/ivan-petrov/",
      "archive/2026/10/",
      "about/",
      "archive/",
    ]) {
      expect(locs).toContain(`${ORIGIN}/news/${page}`);
    }
    expect(locs.every((loc) => loc.startsWith(`${ORIGIN}/news/`))).toBe(true);
    expect(urls.find((url) => url.loc.endsWith("/bond-sale/"))!.lastmod).toBe("2026-10-11T08:00:00-07:00");
    expect(urls.every((url) => url.lastmod)).toBe(true);
    expect(read("sitemap.xml")).not.toMatch(/secret-draft|future-story|draftonlytag|futureonlytag/);
  });

  it("writes a Google News sitemap of the last 48 hours and a robots.txt naming both sitemaps", () => {
    const urls = xml.parse(read("news-sitemap.xml")).urlset.url as Record<string, any>[];
    expect(urls.map((url) => url.loc)).toEqual([
      `${ORIGIN}/news/2026/11/zavod-zapuskaet-liniyu/`,
      `${ORIGIN}/news/2026/11/late-edition/`,
    ]);
    expect(urls[0]!["news:news"]["news:publication"]).toEqual({
      "news:name": "Fixture Gazette",
      "news:language": "en",
    });
    expect(urls[0]!["news:news"]["news:publication_date"]).toBe("2026-11-02T23:30:00-08:00");
    expect(urls[0]!["news:news"]["news:title"]).toBe("Завод запускает новую линию");
    expect(read("robots.txt")).toContain(
      `Sitemap: ${ORIGIN}/news/sitemap.xml\nSitemap: ${ORIGIN}/news/news-sitemap.xml`,
    );
  });

  it("describes each article with canonical, Open Graph, Twitter and valid, inert JSON-LD", () => {
    const doc = readPage(output, "2026/10/bond-sale/index.html");
    const meta = (property: string) =>
      doc
        .querySelectorAll(`meta[property="${property}"], meta[name="${property}"]`)
        .map((m) => m.getAttribute("content"));
    expect(doc.querySelector('link[rel="canonical"]')!.getAttribute("href")).toBe(`${ORIGIN}/news/2026/10/bond-sale/`);
    expect(meta("og:type")).toEqual(["article"]);
    expect(meta("og:title")).toEqual(['Bonds & <b>yields</b>: "what </script> means"']);
    expect(meta("og:url")).toEqual([`${ORIGIN}/news/2026/10/bond-sale/`]);
    expect(meta("article:published_time")).toEqual(["2026-10-10T08:00:00-07:00"]);
    expect(meta("article:modified_time")).toEqual(["2026-10-11T08:00:00-07:00"]);
    expect(meta("article:section")).toEqual(["Finance"]);
    expect(meta("article:tag")).toEqual(["bonds", "budget"]);
    expect(meta("twitter:card")).toEqual(["summary"]);
    const html = read("2026/10/bond-sale/index.html");
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
      (match) => match[1]!,
    );
    expect(blocks).toHaveLength(2);
    const [article, breadcrumbs] = blocks.map((block) => JSON.parse(block));
    expect(article).toMatchObject({
      "@type": "NewsArticle",
      headline: 'Bonds & <b>yields</b>: "what </script> means"',
      datePublished: "2026-10-10T08:00:00-07:00",
      dateModified: "2026-10-11T08:00:00-07:00",
      mainEntityOfPage: { "@id": `${ORIGIN}/news/2026/10/bond-sale/` },
      author: [
        { "@type": "Person", name: "Ivan Petrov", url: `${ORIGIN}/news/author/ivan-petrov/` },
        { "@type": "Person", name: "Ольга Смирнова", url: `${ORIGIN}/news/author/olga-smirnova/` },
      ],
      publisher: { "@type": "Organization", name: "Fixture Gazette" },
    });
    expect(breadcrumbs.itemListElement.map((item: { item: string }) => item.item)).toEqual([
      `${ORIGIN}/news/`,
      `${ORIGIN}/news/category/finance/`,
      `${ORIGIN}/news/2026/10/bond-sale/`,
    ]);
    const withImage = readPage(output, "2026/10/plant-reopens/index.html");
    expect(withImage.querySelector('meta[property="og:image"]')!.getAttribute("content")).toBe(
      `${ORIGIN}/news/images/plant.png`,
    );
    const plantLd = JSON.parse(
      read("2026/10/plant-reopens/index.html").match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!,
    );
    // The file as uploaded, with its size (read from the file), caption and credit.
    expect(plantLd.image).toEqual([
      {
        "@type": "ImageObject",
        url: `${ORIGIN}/news/images/plant.png`,
        width: 960,
        height: 600,
        caption: "The rolling mill hall after the refit, with the new line on the left",
        creditText: "Photo: Anna Kuznetsova",
      },
    ]);
    expect(withImage.querySelector('meta[property="og:image:alt"]')!.getAttribute("content")).toBe(
      "The rolling mill hall",
    );
  });

  it("serves article images as AVIF and WebP with a JPEG fallback, sized, lead image eager and body images lazy", () => {
    const doc = readPage(output, "2026/10/plant-reopens/index.html");
    const pictures = doc.querySelectorAll("article picture");
    expect(pictures).toHaveLength(2);
    for (const picture of pictures) {
      expect(picture.querySelectorAll("source").map((source) => source.getAttribute("type"))).toEqual([
        "image/avif",
        "image/webp",
      ]);
      const img = picture.querySelector("img")!;
      expect(img.getAttribute("src")).toMatch(/^\/news\/img\/.+\.jpeg$/);
      expect(img.getAttribute("width")).toBe("960");
      expect(img.getAttribute("height")).toBe("600");
      expect(img.getAttribute("srcset")).toMatch(/480w, .*960w$/);
      expect(img.getAttribute("sizes")).toBeTruthy();
      for (const url of [
        img.getAttribute("src")!,
        ...picture.querySelectorAll("source").map((s) => s.getAttribute("srcset")!.split(" ")[0]!),
      ]) {
        expect(existsSync(path.join(output, url.slice("/news/".length))), url).toBe(true);
      }
    }
    const [lead, body] = pictures.map((picture) => picture.querySelector("img")!);
    expect(lead!.getAttribute("loading")).toBe("eager");
    expect(lead!.getAttribute("fetchpriority")).toBe("high");
    expect(lead!.getAttribute("alt")).toBe("The rolling mill hall");
    expect(body!.getAttribute("loading")).toBe("lazy");
    expect(body!.getAttribute("alt")).toBe("Mill floor");
  });

  it("writes _headers: immutable fingerprinted assets, revalidated HTML, security headers, all under the base path", () => {
    const rules = parseHeadersFile(read("_headers"));
    const css = listFiles(output).find((file) => /^assets\/style\.[0-9a-f]{10}\.css$/.test(file))!;
    expect(headersFor(rules, `/news/${css}`)["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    const image = listFiles(output).find((file) => file.startsWith("img/"))!;
    expect(headersFor(rules, `/news/${image}`)["Cache-Control"]).toBe("public, max-age=31536000, immutable");
    for (const page of [
      "/news/",
      "/news/2026/10/bond-sale/",
      "/news/feed.xml",
      "/news/pagefind/pagefind.js",
      "/news/search/",
    ]) {
      const headers = headersFor(rules, page);
      expect(headers["Cache-Control"], page).toBe("public, max-age=0, must-revalidate");
      expect(headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["Content-Security-Policy"]).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(headers["Content-Security-Policy"]).toContain("form-action 'self' https://comments.example.org");
    }
    expect(rules.every((rule) => rule.pattern.startsWith("/news/"))).toBe(true);
  });

  it("redirects an article's old URLs with _redirects and a small HTML page", () => {
    expect(read("_redirects")).toBe("/news/old/plant-story/ /news/2026/10/plant-reopens/ 301\n");
    const page = readPage(output, "old/plant-story/index.html");
    expect(page.querySelector('meta[http-equiv="refresh"]')!.getAttribute("content")).toBe(
      "0; url=/news/2026/10/plant-reopens/",
    );
    expect(page.querySelector('link[rel="canonical"]')!.getAttribute("href")).toBe(
      `${ORIGIN}/news/2026/10/plant-reopens/`,
    );
  });
});
