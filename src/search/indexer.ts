/**
 * Writes the reader search index of a build, one Pagefind index per shard (see shards.ts), from
 * the site model's records (records.ts). It starts as soon as the build is planned and runs on
 * Pagefind's own processes while Eleventy renders; each shard is written as soon as its records
 * are in, and dropped from Pagefind's memory before the service takes the next one, so memory
 * holds one shard per service. The first failure fails the build.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { closeService, openService, SearchIndexError, writeIndex } from "./pagefind.js";
import type { SearchRecord } from "./records.js";
import { type SearchPlan, shardFolder } from "./shards.js";

/** Records of a shard's output files, in that order. */
type RecordsOf = (files: readonly string[]) => SearchRecord[];

/** One build's search index, being written: `finish` waits for it. */
export class SearchIndexBuild {
  readonly #done: Promise<number>;
  #failure?: Error;

  /**
   * @param plan which page goes into which shard
   * @param only the shards to write (an incremental build leaves the others as they are)
   * @param outputDir the site's output folder; shards are written to `pagefind/<key>/` in it
   */
  constructor(plan: SearchPlan, only: ReadonlySet<string>, outputDir: string, language: string, recordsOf: RecordsOf) {
    // Newest first: the search page links the newest shard's files once it is written.
    const queue = plan.shards.filter((shard) => only.has(shard.key));
    // One Pagefind service per core, at most two; one when a single shard is written.
    const services = Math.max(1, Math.min(queue.length, 2, availableParallelism()));
    const work = async (slot: number): Promise<number> => {
      const api = openService(slot);
      let pages = 0;
      let folder = "";
      try {
        for (let shard = queue.shift(); shard && !this.#failure; shard = queue.shift()) {
          folder = shardFolder(shard.key);
          pages += await writeIndex(await api, recordsOf(shard.files), language, path.join(outputDir, folder));
        }
      } catch (error) {
        const { message } = error as Error;
        this.#failure ??= new Error(
          error instanceof SearchIndexError
            ? `${message} (${folder})`
            : `Search index: writing ${folder} failed: ${message}`,
        );
      } finally {
        await closeService(slot);
      }
      return pages;
    };
    this.#done = Promise.all(Array.from({ length: services }, (_, slot) => work(slot))).then((counts) => {
      if (this.#failure) throw this.#failure;
      return counts.reduce((sum, count) => sum + count, 0);
    });
    // Awaited by `finish`; a build that fails before then must not end the process as unhandled.
    this.#done.catch(() => undefined);
  }

  /** Waits until every shard is written; resolves to the pages indexed, or rejects with the first failure. */
  finish(): Promise<number> {
    return this.#done;
  }

  /** Stops writing after the shards under way, and waits for them: nothing writes into the output after. */
  async close(): Promise<void> {
    this.#failure ??= new Error("the build stopped");
    await this.#done.catch(() => undefined);
  }
}
