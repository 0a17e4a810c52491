/**
 * What the site publishes for machines: feeds, sitemaps, redirects for old URLs and the
 * security headers. Pure functions of the site model, computed once per build.
 */
import type { DateTime } from "luxon";
import { absoluteUrl, aliasOutputFile, publicUrl } from "../lib/urls.js";
import type { Alternate, Article, SiteModel } from "./model.js";

/** Articles per feed. */
const FEED_SIZE = 50;
/** URLs per sitemap file (the protocol's limit). */
const SITEMAP_LIMIT = 50_000;
/** Google News takes articles of the last two days, at most 1,000. */
const NEWS_WINDOW_HOURS = 48;
const NEWS_LIMIT = 1000;

interface Feed {
  /** `site` or the category key. */
  key: string;
  title: string;
  description: string;
  /** Page the feed describes (absolute). */
  homeUrl: string;
  /** Output files and absolute URLs of the Atom, RSS and JSON versions (RSS and JSON only for the site). */
  atom: { outputFile: string; url: string };
  rss?: { outputFile: string; url: string };
  json?: { outputFile: string; url: string };
  updated: string;
  items: Article[];
}

interface SitemapEntry {
  url: string;
  lastmod?: string;
  /** With editions, the URL's counterparts in every edition (itself included). */
  alternates?: { language: string; url: string }[];
}

interface Alias {
  outputFile: string;
  /** The old public path, with the base path. */
  from: string;
  /** The article's public path and absolute URL. */
  to: string;
  toAbsolute: string;
  title: string;
}

export interface Distribution {
  feeds: Feed[];
  /** Sitemap files: one when the site has up to 50,000 URLs, otherwise chunks behind an index. */
  sitemaps: { outputFile: string; url: string; entries: SitemapEntry[] }[];
  /** The sitemap index, as a list of none or one, so a template can paginate over it. */
  sitemapIndexes: { outputFile: string; url: string }[];
  newsSitemap: { outputFile: string; url: string; entries: Article[] };
  aliases: Alias[];
}

/** An output file at a path of the site, with its absolute URL. */
type FileAt = (pagePath: string) => { outputFile: string; url: string };

/** Computes feeds, sitemaps and aliases for a site model. `now` bounds the news sitemap. */
export function buildDistribution(model: SiteModel, now: DateTime): Distribution {
  const { location } = model.site;
  const file: FileAt = (pagePath) => ({
    outputFile: pagePath,
    url: absoluteUrl(location, publicUrl(location, pagePath)),
  });
  const chunks = chunked(sitemapEntries(model), SITEMAP_LIMIT);
  const single = chunks.length <= 1;
  const sitemaps = (chunks.length ? chunks : [[]]).map((chunk, index) => ({
    ...file(single ? "sitemap.xml" : `sitemap-${index + 1}.xml`),
    entries: chunk,
  }));
  const aliases: Alias[] = model.articles.flatMap((article) =>
    article.aliases.map((alias) => ({
      outputFile: aliasOutputFile(alias),
      from: publicUrl(location, alias),
      to: article.url,
      toAbsolute: article.absoluteUrl,
      title: article.title,
    })),
  );
  return {
    feeds: feeds(model, file),
    sitemaps,
    sitemapIndexes: single ? [] : [file("sitemap.xml")],
    newsSitemap: { ...file("news-sitemap.xml"), entries: newsArticles(model, now) },
    aliases,
  };
}

/** The site's feed (Atom, RSS and JSON) and one Atom feed per category, of the latest articles. */
function feeds(model: SiteModel, file: FileAt): Feed[] {
  const { location } = model.site;
  const newest = (items: Article[]) => items[0]?.updated?.iso ?? items[0]?.published.iso ?? model.site.builtAt;
  const byCategory = new Map<string, Article[]>();
  for (const article of model.articles) {
    const list = byCategory.get(article.category.key) ?? [];
    if (list.length < FEED_SIZE) list.push(article);
    byCategory.set(article.category.key, list);
  }
  const siteItems = model.articles.slice(0, FEED_SIZE);
  return [
    {
      key: "site",
      title: model.site.title,
      description: model.site.description,
      homeUrl: location.origin,
      atom: file("feed.xml"),
      rss: file("rss.xml"),
      json: file("feed.json"),
      updated: newest(siteItems),
      items: siteItems,
    },
    ...model.categories.map((category) => {
      const items = byCategory.get(category.key) ?? [];
      return {
        key: category.key,
        title: `${category.name} · ${model.site.title}`,
        description: category.description ?? "",
        homeUrl: absoluteUrl(location, category.url),
        atom: file(`category/${category.key}/feed.xml`),
        updated: newest(items),
        items,
      };
    }),
  ];
}

/** Every URL of the site for the sitemap, each with the moment it last changed in substance when that is known. */
function sitemapEntries(model: SiteModel): SitemapEntry[] {
  const { location } = model.site;
  const entries: SitemapEntry[] = [];
  const alternates = (item: { translations?: Alternate[] }) =>
    item.translations
      ? {
          alternates: item.translations.map((alternate) => ({
            language: alternate.language,
            url: alternate.absoluteUrl,
          })),
        }
      : {};
  for (const listing of model.listings) {
    entries.push({
      url: listing.absoluteUrl,
      lastmod: listing.items[0]?.updated?.iso ?? listing.items[0]?.published.iso,
      ...alternates(listing),
    });
  }
  for (const article of model.articles)
    entries.push({
      url: article.absoluteUrl,
      lastmod: article.updated?.iso ?? article.published.iso,
      ...alternates(article),
    });
  // Never a file's modification time: a fresh checkout sets it to the moment of the checkout.
  for (const page of model.pages)
    entries.push({ url: page.absoluteUrl, lastmod: (page.updated ?? page.committed)?.iso, ...alternates(page) });
  entries.push({
    url: absoluteUrl(location, publicUrl(location, "archive/")),
    lastmod: model.articles[0]?.published.iso,
  });
  return entries;
}

function chunked<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** The articles of the news sitemap: published in the window before `now`, newest first, up to its limit. */
function newsArticles(model: SiteModel, now: DateTime): Article[] {
  const since = now.minus({ hours: NEWS_WINDOW_HOURS }).toMillis();
  const recent: Article[] = [];
  for (const article of model.articles) {
    if (article.timestamp < since || recent.length >= NEWS_LIMIT) break;
    if (article.timestamp <= now.toMillis()) recent.push(article);
  }
  return recent;
}

/** Escapes JSON for a `<script type="application/ld+json">` block so no text can close it. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Turns the site-relative URLs (`/news/...`) in article HTML into absolute ones, for feeds. */
export function absolutizeHtml(html: string, origin: string): string {
  const root = new URL(origin).origin;
  return html.replace(
    /(\s(?:href|src)=")(\/[^/"][^"]*|\/)"/g,
    (_, prefix: string, url: string) => `${prefix}${root}${url}"`,
  );
}
