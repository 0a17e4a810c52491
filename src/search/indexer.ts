/**
 * Writes the reader search index, one Pagefind bundle per shard (see shards.ts), with two
 * Pagefind services (ShardIndexer). Pages are handed over while Eleventy is still rendering the
 * rest of the site, and each shard is written as soon as its last page has arrived, so
 * indexing overlaps rendering and Pagefind never holds more than a few shards in memory. The
 * first failure fails the build.
 * https://pagefind.app/docs/node-api/
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { SearchIndexError, ShardIndexer } from "./shard-indexer.js";
import { type SearchPlan, shardFolder } from "./shards.js";

/**
 * Pages of complete shards that may wait for the indexers before rendering waits for them.
 * Measured at 10,000 articles when each service had a Node process of its own to relay pages:
 * 6,000 let those processes grow to 420 MB for a 50.9 s build (peak of the whole build 1.80 GB);
 * 1,500, 320 MB and 47.6 s (1.62 GB); 500 starved the services (61.9 s).
 */
const BACKLOG_PAGES = 1500;

/** One build's search index: `add` pages as they render, then `finish` once. */
export class SearchIndexBuild {
  readonly #plan: SearchPlan;
  readonly #only: Set<string>;
  readonly #output: string;
  readonly #indexers: ShardIndexer[];
  /** Per shard: the indexer it went to and the pages still expected. */
  readonly #shards = new Map<
    string,
    { indexer: ShardIndexer; size: number; expected: number; written?: Promise<number> }
  >();
  /** Complete shards handed over for writing and not written yet, oldest first. */
  readonly #writing: { size: number; written: Promise<number> }[] = [];
  #failure?: Error;

  /**
   * @param plan which page goes into which shard
   * @param language the site language; every page is indexed (and stemmed) in it
   * @param outputDir the site's output folder; shards are written to `pagefind/<key>/` in it
   * @param only the shards to write (an incremental build leaves the others as they are)
   * @param urlOf the URL of an output file, as `add` is given it
   * @param stream index each shard's pages while the rest arrive, in URL order as far as they have
   *   arrived, instead of all at once when the last came: an incremental build, which reads most
   *   of a shard's pages from disk before rendering the few that changed, then waits only for the
   *   pages after the first changed one. Not for full builds: Pagefind holds about 20 times a
   *   page's HTML in memory, so shards open at once would cost more than pages waiting here.
   */
  constructor(
    plan: SearchPlan,
    language: string,
    outputDir: string,
    only: Set<string>,
    options: { urlOf: (file: string) => string; stream?: boolean },
  ) {
    this.#plan = plan;
    this.#only = only;
    this.#output = outputDir;
    // One Pagefind service (a process of its own, using a core) per core, at most two; one when a single shard is written.
    const services = only.size <= 1 ? 1 : Math.min(2, availableParallelism());
    this.#indexers = Array.from({ length: services }, (_, slot) => new ShardIndexer(language, slot));
    if (!options.stream) return;
    for (const shard of plan.shards) {
      if (only.has(shard.key)) this.#shard(shard.key).indexer.expect(shard.key, shard.files.map(options.urlOf).sort());
    }
  }

  /**
   * Hands a rendered page to its shard's indexer. Returns at once, unless the indexers are more
   * than `BACKLOG_PAGES` pages of complete shards behind: then it waits until they caught up,
   * so that pages waiting for Pagefind do not pile up in memory when rendering is faster than
   * indexing (at 100,000 articles it is).
   * @param file the page's output file (`2026/11/slug/index.html`)
   * @param url its URL inside the site, without the base path (`/2026/11/slug/`): Pagefind
   *   prefixes the base from where the search page loads it
   */
  async add(file: string, url: string, html: string): Promise<void> {
    const key = this.#plan.shardOf.get(file);
    if (!key) throw new SearchIndexError(`indexing ${url}`, ["the page is not in the site model"]);
    if (!this.#only.has(key)) return;
    const shard = this.#shard(key);
    shard.indexer.add(key, url, html);
    if (--shard.expected === 0) this.#write(key);
    // Only shards already complete are waited for: they are written whatever happens next.
    while (this.#writing.reduce((sum, entry) => sum + entry.size, 0) > BACKLOG_PAGES) {
      await this.#writing[0]!.written;
    }
  }

  /** Writes the shards still open (a page that never rendered leaves its shard open), waits for all, stops the indexers. */
  async finish(): Promise<number> {
    try {
      for (const { key } of this.#plan.shards) if (this.#only.has(key) && !this.#shard(key).written) this.#write(key);
      const counts = await Promise.all([...this.#shards.values()].map((shard) => shard.written!));
      if (this.#failure) throw this.#failure;
      return counts.reduce((sum, count) => sum + count, 0);
    } finally {
      await this.close();
    }
  }

  /** Stops the indexers once the shard writes under way have ended, so nothing writes into the output after. */
  async close(): Promise<void> {
    await Promise.all(this.#indexers.map((indexer) => indexer.close()));
  }

  #shard(key: string) {
    let shard = this.#shards.get(key);
    if (!shard) {
      const size = this.#plan.shards.find((candidate) => candidate.key === key)?.files.length ?? 0;
      // The indexer with the least work waiting takes the shard.
      const indexer = this.#indexers.reduce((least, candidate) => (candidate.load < least.load ? candidate : least));
      indexer.load += size;
      this.#shards.set(key, (shard = { indexer, size, expected: size }));
    }
    return shard;
  }

  #write(key: string): void {
    const shard = this.#shard(key);
    const entry = { size: shard.size, written: Promise.resolve(0) };
    entry.written = shard.written = shard.indexer
      .write(key, path.join(this.#output, shardFolder(key)))
      .catch((error: Error) => {
        this.#failure ??= error;
        return 0;
      })
      .finally(() => {
        shard.indexer.load -= shard.size;
        this.#writing.splice(this.#writing.indexOf(entry), 1);
      });
    this.#writing.push(entry);
  }
}

const BODY_END = "<!--/pagefind-body-->";

/**
 * The part of a page Pagefind reads: the element marked `data-pagefind-body`, which the
 * templates close with a `<!--/pagefind-body-->` marker, in a minimal document with the page's
 * language. Pagefind ignores everything outside that element anyway, and parses half as much.
 */
export function searchableDocument(html: string, language: string): string {
  const start = html.lastIndexOf("<", html.indexOf("data-pagefind-body"));
  const end = html.indexOf(BODY_END, start);
  if (start < 0 || end < 0) return html;
  return `<!DOCTYPE html><html lang="${language}"><body>${html.slice(start, end)}</body></html>`;
}

/** The URL inside the site (without the base path) of an output file, as Eleventy gives it to a page. */
export function urlOfFile(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
}
