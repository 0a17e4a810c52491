/**
 * Writes the reader search index of a build, one Pagefind index per shard (see shards.ts), from
 * the site model's records (records.ts). Its thread (index-worker.ts) loads while the content
 * does (`IndexerThread`); the shards start as soon as the build is planned and are written on
 * Pagefind's own processes while Eleventy renders, driven from that thread; each shard is written as soon as its records are in, and dropped from
 * Pagefind's memory before the service takes the next, so memory holds one shard per service.
 * The first failure fails the build.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { FromIndexer, ToIndexer } from "./index-worker.js";
import type { SearchRecord } from "./records.js";
import { type SearchPlan, shardFolder } from "./shards.js";

/**
 * Pages handed to the index's thread ahead of Pagefind: enough to keep it busy through a pass
 * of rendering, during which the build's thread hands over nothing.
 */
const AHEAD_PAGES = 5000;

/** Records of a shard's output files, in that order. */
type RecordsOf = (files: readonly string[]) => SearchRecord[];

/** One build's search index, being written: `finish` waits for it. */
export class SearchIndexBuild {
  readonly #worker?: Worker;
  readonly #queue: SearchPlan["shards"];
  readonly #outputDir: string;
  #recordsOf?: RecordsOf;
  readonly #done: Promise<number>;
  /** Pages handed over and not written yet. */
  #ahead = 0;
  #pages = 0;
  #failure?: Error;

  /**
   * @param plan which page goes into which shard
   * @param only the shards to write (an incremental build leaves the others as they are)
   * @param outputDir the site's output folder; shards are written to `pagefind/<key>/` in it
   * @param language Pagefind's language code for every page (`indexLanguage`)
   * @param recordsOf makes a shard's records; shards are handed over once it is there
   * @param thread the index's thread, started ahead (`IndexerThread`); a new one without it
   */
  constructor(
    plan: SearchPlan,
    only: ReadonlySet<string>,
    outputDir: string,
    language: string,
    recordsOf: RecordsOf | Promise<RecordsOf>,
    thread?: IndexerThread,
  ) {
    // Newest first: the search page links the newest shard's files once it is written.
    this.#queue = plan.shards.filter((shard) => only.has(shard.key));
    this.#outputDir = outputDir;
    // One Pagefind service per core, at most two; one when a single shard is written.
    const services = Math.min(this.#queue.length, 2, availableParallelism());
    if (!services) {
      this.#done = Promise.resolve(0);
      return;
    }
    const worker = (thread ?? new IndexerThread()).take();
    worker.postMessage({ start: { language, services } } satisfies ToIndexer);
    this.#worker = worker;
    this.#done = new Promise<number>((resolve, reject) => {
      worker.on("message", (message: FromIndexer) => {
        if ("written" in message) {
          this.#pages += message.pages;
          this.#ahead -= plan.shards.find((shard) => shard.key === message.written)!.files.length;
          this.#handOver();
        } else if ("failed" in message) {
          this.#failure ??= new Error(`${message.message} (${shardFolder(message.failed)})`);
          this.#send({ end: true, drop: true });
        } else if (this.#failure) reject(this.#failure);
        else resolve(this.#pages);
      });
      worker.on("error", (error) => reject(new Error(`Search index: ${error.message}`)));
      // After "ended" this settles nothing; before it, the thread died without saying why.
      worker.on("exit", (code) => reject(new Error(`Search index: its thread stopped (exit code ${code})`)));
    });
    // Awaited by `finish`; a build that fails before then must not end the process as unhandled.
    this.#done.catch(() => undefined);
    Promise.resolve(recordsOf).then(
      (made) => {
        this.#recordsOf = made;
        this.#handOver();
      },
      (error: Error) => {
        this.#failure ??= new Error(`Search index: ${error.message}`);
        this.#send({ end: true, drop: true });
      },
    );
  }

  /** Waits until every shard is written; resolves to the pages indexed, or rejects with the first failure. */
  finish(): Promise<number> {
    return this.#done;
  }

  /** Stops after the shards handed over, and waits for them: nothing writes into the output after. */
  async close(): Promise<void> {
    this.#queue.length = 0;
    this.#send({ end: true, drop: true });
    await this.#done.catch(() => undefined);
  }

  /** Hands shards to the index's thread while fewer than `AHEAD_PAGES` pages wait there; ends it after the last. */
  #handOver(): void {
    if (!this.#recordsOf) return;
    while (!this.#failure && this.#queue.length && this.#ahead < AHEAD_PAGES) {
      const shard = this.#queue.shift()!;
      this.#ahead += shard.files.length;
      const folder = path.join(this.#outputDir, shardFolder(shard.key));
      try {
        this.#send({ shard: { key: shard.key, folder, records: this.#recordsOf(shard.files) } });
      } catch (error) {
        this.#failure ??= new Error(`Search index: ${(error as Error).message}`);
        this.#send({ end: true, drop: true });
        return;
      }
    }
    if (!this.#queue.length && this.#ahead === 0) this.#send({ end: true });
  }

  #send(message: ToIndexer): void {
    this.#worker?.postMessage(message);
  }
}

/**
 * The index's thread (index-worker.ts), started before it is needed: loading its modules takes
 * a few tenths of a second, which a build spends loading the content meanwhile. Node 20 applies
 * no `--import` loader to a worker's entry, so the thread registers tsx first and then loads the
 * TypeScript module. A build that writes no shard stops it (`dispose`).
 */
export class IndexerThread {
  #worker?: Worker;

  constructor() {
    const entry = new URL("./index-worker.ts", import.meta.url).href;
    const tsx = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
    this.#worker = new Worker(boot, { eval: true });
    // Waiting for work must not keep a process alive that has nothing left to do.
    this.#worker.unref();
  }

  /** The thread, for one index; a second call starts another. */
  take(): Worker {
    const worker = this.#worker ?? new IndexerThread().take();
    this.#worker = undefined;
    worker.ref();
    return worker;
  }

  /** Stops the thread unless an index took it. */
  dispose(): void {
    void this.#worker?.terminate();
    this.#worker = undefined;
  }
}
