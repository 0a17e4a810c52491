/**
 * The search index is split by year: one Pagefind bundle per run of consecutive years holding
 * at least `minPages` pages, in `pagefind/<years>/` (`pagefind/2026/`, `pagefind/2019-2021/`).
 * Splitting bounds the indexer's memory (Pagefind holds a whole index in memory while writing
 * it, about 300 KB per page) and its time (writing grows faster than the page count), lets an
 * incremental build re-index only the shard that changed, and lets the search page start with
 * the newest years and reach back only when the reader wants more. Shards are not smaller than
 * `minPages` because every shard the reader searches costs a download of its own (its metadata
 * and the index chunk of each word), about 30 KB.
 *
 * Years are grouped from the oldest, so a new article changes only the newest shard. Standalone
 * pages (about, contacts) have no year; they join the newest shard, which the search page
 * always loads.
 */
import type { SiteModel } from "../content/index.js";

/** Pages per shard, at least (the newest shard may hold fewer). */
export const MIN_SHARD_PAGES = 500;

export interface SearchShard {
  /** The years, `"2026"` or `"2019-2021"`; also the shard's folder under `pagefind/`. */
  key: string;
  /** Newest first. */
  years: string[];
  /** Output files (`2026/10/slug/index.html`) of the pages in this shard, in index order. */
  files: string[];
}

export interface SearchPlan {
  /** Newest first. */
  shards: SearchShard[];
  /** Shard key of every indexed output file. */
  shardOf: Map<string, string>;
}

/** The folder of a shard inside the output folder. */
export function shardFolder(key: string): string {
  return `pagefind/${key}`;
}

/** Which pages go into which shard, from the model (articles are newest first there). */
export function planSearchShards(model: Pick<SiteModel, "articles" | "pages" | "site">, minPages = MIN_SHARD_PAGES): SearchPlan {
  const byYear = new Map<string, string[]>();
  for (const article of model.articles) {
    const year = article.published.iso.slice(0, 4);
    let files = byYear.get(year);
    if (!files) byYear.set(year, (files = []));
    files.push(article.outputFile);
  }
  // A site without articles still has a search page: its pages go under the build's year.
  if (byYear.size === 0) byYear.set(model.site.builtAt.slice(0, 4), []);
  const oldestFirst = [...byYear.keys()].sort();
  byYear.get(oldestFirst.at(-1)!)!.push(...model.pages.map((page) => page.outputFile));
  const groups: string[][] = [];
  let pages = Infinity;
  for (const year of oldestFirst) {
    if (pages >= minPages) {
      groups.push([]);
      pages = 0;
    }
    groups.at(-1)!.push(year);
    pages += byYear.get(year)!.length;
  }
  const shards = groups.reverse().map((years) => {
    const newestFirst = years.reverse();
    const key = newestFirst.length === 1 ? newestFirst[0]! : `${newestFirst.at(-1)}-${newestFirst[0]}`;
    return { key, years: newestFirst, files: newestFirst.flatMap((year) => byYear.get(year)!).sort() };
  });
  const shardOf = new Map<string, string>();
  for (const shard of shards) for (const file of shard.files) shardOf.set(file, shard.key);
  return { shards, shardOf };
}

/** What the search page needs to know about the shards: newest first, with their sizes. */
export function shardSummary(plan: SearchPlan): { key: string; years: string[]; pages: number }[] {
  return plan.shards.map((shard) => ({ key: shard.key, years: shard.years, pages: shard.files.length }));
}

/**
 * The values of the search page's filter menus, as the index files them (names, not slugs),
 * from the model: the index is split, so no single shard knows them all.
 */
export function filterValues(model: Pick<SiteModel, "categories" | "authors" | "tags" | "archive">): Record<string, string[]> {
  return {
    category: model.categories.map((category) => category.name),
    author: model.authors.map((author) => author.name),
    tag: model.tags.map((tag) => tag.name),
    year: model.archive.map((year) => String(year.year)),
  };
}
