/**
 * The search index is split by date: one Pagefind bundle per run of consecutive months holding
 * at least `minPages` pages, in `pagefind/<months>/` (`pagefind/2026-07_2026-11/`). Splitting
 * bounds the indexer's memory (Pagefind holds a whole index in memory while writing it, about
 * 300 KB per page) and its time (writing grows faster than the page count), lets an
 * incremental build re-index only the shard that changed, and lets the search page start with
 * the newest months and reach back only when the reader wants more. Months rather than years,
 * so that a large archive's shards stay small too (a year of a big newsroom is 5,000 pages).
 * Shards are not smaller than `minPages` because every shard the reader searches costs a
 * download of its own (its metadata and the index chunk of each word).
 *
 * Months are grouped from the oldest, so a new article changes only the newest shard (and, each
 * time the newest months fill a shard of their own, the one before, which they leave).
 * Standalone pages (about, contacts) have no date; they join the newest shard, which the
 * search page always loads.
 *
 * Ongoing live coverage has a shard of its own (`pagefind/live/`), searched first with the
 * newest months: its articles change with every update, a few times an hour, and re-indexing a
 * page or two takes milliseconds where its month's shard took seconds. Merged into the search
 * it costs a reader little (its entry, metadata and word chunks: Pagefind loads the WebAssembly
 * once, from the first shard). When the coverage ends, the article joins its month.
 */
import type { SiteModel } from "../content/index.js";

/**
 * Pages per shard, at least (a site with fewer pages has one shard), and the size of a first
 * search's band: the newest shard, where every search starts, holds at least as many, so a
 * first search reads one shard. It is no larger than it must be: a correction to a recent
 * article writes it again (Pagefind takes ~3 ms a page to write an index).
 */
export const MIN_SHARD_PAGES = 250;

/** The key of the shard of ongoing live coverage. */
const LIVE_SHARD = "live";

/**
 * The minimum for an archive of `pages` indexed pages: `MIN_SHARD_PAGES`, or a two-hundredth of
 * the archive when that is more. Each shard writes Pagefind's scripts and WebAssembly again: at
 * 100,000 articles, 400 a month, this pairs the months (139 shards instead of 231, so fewer
 * folders and files). The build took as long either way (751 s against 756 s), and searches
 * downloaded the same (first search 151–153 KB, a rare word 332 KB).
 */
export function shardMinimum(pages: number): number {
  return Math.max(MIN_SHARD_PAGES, Math.ceil(pages / 200));
}

interface SearchShard {
  /** `"2026-07_2026-11"` (or `"2026-11"`): the shard's folder under `pagefind/`. */
  key: string;
  /** The oldest month in the shard, `"2026-07"`. */
  since: string;
  /** The years the shard covers, newest first. */
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

/** The shard that a file of the index belongs to, by its path in the output (`pagefind/<key>/...`), the other way from `shardFolder`. */
export function shardOfIndexFile(file: string): string | undefined {
  const [folder, key] = file.split("/");
  return folder === "pagefind" && key ? key : undefined;
}

/** Which pages go into which shard, from the model (articles are newest first there). */
export function planSearchShards(
  model: Pick<SiteModel, "articles" | "pages" | "site">,
  minPages = shardMinimum(model.articles.length + model.pages.length),
): SearchPlan {
  const byMonth = new Map<string, string[]>();
  const live = model.articles.filter((article) => article.live?.ongoing);
  for (const article of model.articles) {
    if (article.live?.ongoing) continue;
    const month = article.published.iso.slice(0, 7);
    let files = byMonth.get(month);
    if (!files) byMonth.set(month, (files = []));
    files.push(article.outputFile);
  }
  // A site without articles still has a search page: its pages go under the build's month.
  if (byMonth.size === 0) byMonth.set(model.site.builtAt.slice(0, 7), []);
  const oldestFirst = [...byMonth.keys()].sort();
  byMonth.get(oldestFirst.at(-1)!)!.push(...model.pages.map((page) => page.outputFile));
  const groups: string[][] = [];
  let pages = Infinity;
  for (const month of oldestFirst) {
    if (pages >= minPages) {
      groups.push([]);
      pages = 0;
    }
    groups.at(-1)!.push(month);
    pages += byMonth.get(month)!.length;
  }
  // The newest months join the shard before them until they fill one of their own: a first
  // search then needs one shard (one download of metadata, one index chunk per word), not two.
  if (groups.length > 1 && pages < minPages) groups.at(-2)!.push(...groups.pop()!);
  const shards: SearchShard[] = groups.reverse().map((months) => {
    const [oldest, newest] = [months[0]!, months.at(-1)!];
    return {
      key: oldest === newest ? oldest : `${oldest}_${newest}`,
      since: oldest,
      years: [...new Set(months.map((month) => month.slice(0, 4)))].reverse(),
      files: months.flatMap((month) => byMonth.get(month)!).sort(),
    };
  });
  if (live.length) {
    const months = live.map((article) => article.published.iso.slice(0, 7)).sort();
    shards.unshift({
      key: LIVE_SHARD,
      since: months[0]!,
      years: [...new Set(months.map((month) => month.slice(0, 4)))].reverse(),
      files: live.map((article) => article.outputFile).sort(),
    });
  }
  const shardOf = new Map<string, string>();
  for (const shard of shards) for (const file of shard.files) shardOf.set(file, shard.key);
  return { shards, shardOf };
}

/** What the search page needs to know about the shards: newest first, with their sizes. */
export function shardSummary(plan: SearchPlan): { key: string; since: string; years: string[]; pages: number }[] {
  return plan.shards.map((shard) => ({
    key: shard.key,
    since: shard.since,
    years: shard.years,
    pages: shard.files.length,
  }));
}

/**
 * The values of the search page's filter menus, as the index files them (names, not slugs),
 * from the model: the index is split, so no single shard knows them all.
 */
export function filterValues(
  model: Pick<SiteModel, "categories" | "authors" | "tags" | "archive">,
): Record<string, string[]> {
  return {
    category: model.categories.map((category) => category.name),
    author: model.authors.map((author) => author.name),
    tag: model.tags.map((tag) => tag.name),
    year: model.archive.map((year) => String(year.year)),
  };
}
