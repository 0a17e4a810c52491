/**
 * One search indexer: a Pagefind service (the Node API runs one per process, and a service uses
 * one core) and the shards given to it. It runs in an indexer process of its own
 * (indexer-process.ts), or in the build's process when a build writes a single shard.
 *
 * Pages arrive as the build renders them and wait here until the build says their shard is
 * complete; they are then indexed in URL order (so the index does not depend on render order,
 * and an incremental build writes the same files as a clean one), written, and dropped from
 * Pagefind's memory before the next shard. A streamed shard (incremental builds; see
 * `SearchIndexBuild`) knows its URLs in advance, so its pages go into the index in that order
 * as soon as those before them have arrived. Errors go back to the build as data.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";
import type { IndexerReply, IndexerRequest } from "./indexer.js";

/** Pagefind's ready-made interfaces; the site brings its own search page, so they are not shipped. */
const UNUSED_BUNDLE_FILES = [
  "pagefind-ui.js",
  "pagefind-ui.css",
  "pagefind-component-ui.js",
  "pagefind-component-ui.css",
  "pagefind-modular-ui.js",
  "pagefind-modular-ui.css",
  "pagefind-highlight.js",
];

type PagefindIndex = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>["index"]>;
type Added = Awaited<ReturnType<PagefindIndex["addHTMLFile"]>>;

/** A shard whose pages are arriving: buffered, or (streamed) already going into its index in URL order. */
interface Shard {
  pages: Map<string, string>;
  /** Streamed: every URL of the shard, sorted; `next` is the first not yet in the index. */
  order?: string[];
  next: number;
  index?: Promise<{ index?: PagefindIndex; errors: string[] }>;
  added: { url: string; response: Promise<Added> }[];
}

/** Indexers open in this process: the Pagefind service they share is closed after the last. */
let open = 0;

export class ShardIndexer {
  readonly #language: string;
  readonly #reply: (message: IndexerReply) => void;
  readonly #shards = new Map<string, Shard>();
  /** Shard writes, one at a time. */
  #queue = Promise.resolve();
  #closed?: Promise<void>;

  /**
   * @param language the site language (`ru`, `en-GB`): every page is indexed (and stemmed) in it
   * @param reply receives the outcome of each `write`
   */
  constructor(language: string, reply: (message: IndexerReply) => void) {
    this.#language = language.split("-")[0]!.toLowerCase();
    this.#reply = reply;
    open++;
  }

  handle(message: IndexerRequest): void {
    const shard = this.#shardOf(message.shard);
    if (message.type === "expect") {
      shard.order = message.urls;
      this.#pump(shard);
      return;
    }
    if (message.type === "add") {
      shard.pages.set(message.url, message.html);
      this.#pump(shard);
      return;
    }
    this.#shards.delete(message.shard);
    this.#queue = this.#queue.then(async () => {
      const errors = await this.#writeShard(shard, message.outputPath).catch((error: unknown) => [String(error)]);
      this.#reply(errors.length ? { type: "failed", shard: message.shard, errors } : { type: "written", shard: message.shard, pages: shard.added.length });
    });
  }

  /** Waits for the writes asked for, then stops the Pagefind service unless another indexer here still uses it. */
  close(): Promise<void> {
    this.#closed ??= this.#queue.then(async () => {
      if (--open === 0) await pagefind.close();
    });
    return this.#closed;
  }

  #shardOf(key: string): Shard {
    let shard = this.#shards.get(key);
    if (!shard) this.#shards.set(key, (shard = { pages: new Map(), next: 0, added: [] }));
    return shard;
  }

  /** Hands pages to the shard's index in `urls` order; calls go out in that order, which is what the index depends on. */
  #addInOrder(shard: Shard, urls: string[]): void {
    shard.index ??= pagefind.createIndex({ forceLanguage: this.#language });
    const index = shard.index;
    for (const url of urls) {
      const html = shard.pages.get(url)!;
      shard.pages.delete(url);
      shard.added.push({ url, response: index.then((opened) => opened.index?.addHTMLFile({ url, content: html }) ?? { errors: [], file: undefined as never }) });
    }
  }

  /** Streamed shards: adds the pages that continue the sorted run. */
  #pump(shard: Shard): void {
    const ready: string[] = [];
    while (shard.order && shard.next < shard.order.length && shard.pages.has(shard.order[shard.next]!)) ready.push(shard.order[shard.next++]!);
    if (ready.length) this.#addInOrder(shard, ready);
  }

  /** Indexes what is left of a shard and writes it; returns Pagefind's errors, if any. */
  async #writeShard(shard: Shard, outputPath: string): Promise<string[]> {
    // Buffered pages (all of them, or a streamed shard's pages after one that never came), in URL order.
    this.#addInOrder(shard, [...shard.pages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const { index, errors } = await shard.index!;
    if (!index) return errors.length ? errors : ["Pagefind did not start"];
    try {
      const responses = await Promise.all(shard.added.map((page) => page.response));
      const failed = responses.flatMap((response, i) => response.errors.map((error) => `${shard.added[i]!.url}: ${error}`));
      if (failed.length) return failed;
      // A shard is rewritten whole: files of its previous version must not linger.
      rmSync(outputPath, { recursive: true, force: true });
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length) return written.errors;
      for (const file of UNUSED_BUNDLE_FILES) rmSync(path.join(outputPath, file), { force: true });
      return [];
    } finally {
      await index.deleteIndex();
    }
  }
}
