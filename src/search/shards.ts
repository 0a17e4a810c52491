/**
 * The search index is split by year: one Pagefind bundle per year of articles, in
 * `pagefind/<year>/`. Splitting bounds the indexer's memory (Pagefind holds a whole index in
 * memory while writing it, about 300 KB per page) and its time (writing grows faster than the
 * page count), lets an incremental build re-index only the year that changed, and lets the
 * search page start with the newest years and reach back only when the reader wants more.
 *
 * Standalone pages (about, contacts) have no year; they join the newest shard, which the
 * search page always loads.
 */
import type { SiteModel } from "../content/index.js";

export interface SearchShard {
  /** The year, as text (`"2026"`); also the shard's folder under `pagefind/`. */
  key: string;
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
export function planSearchShards(model: Pick<SiteModel, "articles" | "pages" | "site">): SearchPlan {
  const byYear = new Map<string, string[]>();
  for (const article of model.articles) {
    const year = article.published.iso.slice(0, 4);
    let files = byYear.get(year);
    if (!files) byYear.set(year, (files = []));
    files.push(article.outputFile);
  }
  const keys = [...byYear.keys()].sort((a, b) => b.localeCompare(a));
  // A site without articles still has a search page: its pages go under the build's year.
  const newest = keys[0] ?? model.site.builtAt.slice(0, 4);
  if (!byYear.has(newest)) keys.unshift(newest);
  byYear.set(newest, [...(byYear.get(newest) ?? []), ...model.pages.map((page) => page.outputFile)]);
  const shards = keys.map((key) => ({ key, files: [...byYear.get(key)!].sort() }));
  const shardOf = new Map<string, string>();
  for (const shard of shards) for (const file of shard.files) shardOf.set(file, shard.key);
  return { shards, shardOf };
}

/** What the search page needs to know about the shards: newest first, with their sizes. */
export function shardSummary(plan: SearchPlan): { key: string; pages: number }[] {
  return plan.shards.map((shard) => ({ key: shard.key, pages: shard.files.length }));
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
