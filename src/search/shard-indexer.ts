/**
 * One search indexer: a Pagefind service (one backend process, one core) and the shards given
 * to it.
 *
 * Pages arrive as the build renders them and wait here until the build says their shard is
 * complete; they are then indexed in URL order (so the index does not depend on render order,
 * and an incremental build writes the same files as a clean one), written, and dropped from
 * Pagefind's memory before the next shard. A streamed shard (incremental builds; see
 * `SearchIndexBuild`) knows its URLs in advance, so its pages go into the index in that order
 * as soon as those before them have arrived. Pagefind reports problems as data: every response
 * is checked, and a shard's write fails with all of them.
 * https://pagefind.app/docs/node-api/
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type * as Pagefind from "pagefind";

export class SearchIndexError extends Error {
  constructor(step: string, errors: string[]) {
    super(`Search index: ${step} failed: ${errors.join("; ")}`);
    this.name = "SearchIndexError";
  }
}

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

type PagefindApi = typeof Pagefind;
type PagefindIndex = NonNullable<Awaited<ReturnType<PagefindApi["createIndex"]>>["index"]>;
type Added = Awaited<ReturnType<PagefindIndex["addHTMLFile"]>>;

/**
 * Pagefind's services in this process, by slot, with how many indexers use each. Pagefind's Node
 * API keeps one service per instance of its module, and the module loaded under another URL
 * (`?service=1`) is another instance: so one process can drive several services, each on a core
 * of its own, without a Node process in between to relay every page.
 */
const services = new Map<number, { api: Promise<PagefindApi>; users: number }>();

function openService(slot: number): Promise<PagefindApi> {
  let service = services.get(slot);
  if (!service) {
    const url = import.meta.resolve("pagefind");
    service = { api: import(slot === 0 ? url : `${url}?service=${slot}`) as Promise<PagefindApi>, users: 0 };
    services.set(slot, service);
  }
  service.users++;
  return service.api;
}

async function closeService(slot: number): Promise<void> {
  const service = services.get(slot);
  if (!service || --service.users > 0) return;
  services.delete(slot);
  await (await service.api).close();
}

/** A shard whose pages are arriving: buffered, or (streamed) already going into its index in URL order. */
interface Shard {
  pages: Map<string, string>;
  /** Streamed: every URL of the shard, sorted; `next` is the first not yet in the index. */
  order?: string[];
  next: number;
  index?: Promise<{ index?: PagefindIndex; errors: string[] }>;
  added: { url: string; response: Promise<Added> }[];
}

export class ShardIndexer {
  readonly #slot: number;
  readonly #api: Promise<PagefindApi>;
  readonly #language: string;
  readonly #shards = new Map<string, Shard>();
  /** Shard writes, one at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed?: Promise<void>;
  /** Pages of the shards given to this indexer and not written yet. */
  load = 0;

  /**
   * @param language the site language (`ru`, `en-GB`): every page is indexed (and stemmed) in it
   * @param slot which of this process's Pagefind services to use
   */
  constructor(language: string, slot: number) {
    this.#language = language.split("-")[0]!.toLowerCase();
    this.#slot = slot;
    this.#api = openService(slot);
  }

  /** The shard's URLs, sorted: its pages go into the index as soon as those before them have arrived. */
  expect(key: string, urls: string[]): void {
    const shard = this.#shard(key);
    shard.order = urls;
    this.#pump(shard);
  }

  add(key: string, url: string, html: string): void {
    const shard = this.#shard(key);
    shard.pages.set(url, html);
    this.#pump(shard);
  }

  /** Indexes what is left of the shard, writes it to `outputPath` (after the writes asked for before) and forgets it; resolves to its page count. */
  write(key: string, outputPath: string): Promise<number> {
    const shard = this.#shard(key);
    this.#shards.delete(key);
    const written = this.#queue.then(() => this.#writeShard(shard, outputPath));
    this.#queue = written.catch(() => undefined);
    return written.then(
      (errors) => {
        if (errors.length) throw new SearchIndexError(`indexing ${key}`, errors);
        return shard.added.length;
      },
      (error: unknown) => {
        throw new SearchIndexError(`indexing ${key}`, [String(error)]);
      },
    );
  }

  /** Waits for the writes asked for, then stops the Pagefind service unless another indexer still uses it. */
  close(): Promise<void> {
    this.#closed ??= this.#queue.then(() => closeService(this.#slot));
    return this.#closed;
  }

  #shard(key: string): Shard {
    let shard = this.#shards.get(key);
    if (!shard) this.#shards.set(key, (shard = { pages: new Map(), next: 0, added: [] }));
    return shard;
  }

  /** Hands pages to the shard's index in `urls` order; calls go out in that order, which is what the index depends on. */
  #addInOrder(shard: Shard, urls: string[]): void {
    shard.index ??= this.#api.then((api) => api.createIndex({ forceLanguage: this.#language }));
    const index = shard.index;
    for (const url of urls) {
      const html = shard.pages.get(url)!;
      shard.pages.delete(url);
      shard.added.push({
        url,
        response: index.then(
          (opened) => opened.index?.addHTMLFile({ url, content: html }) ?? { errors: [], file: undefined as never },
        ),
      });
    }
  }

  /** Streamed shards: adds the pages that continue the sorted run. */
  #pump(shard: Shard): void {
    const ready: string[] = [];
    while (shard.order && shard.next < shard.order.length && shard.pages.has(shard.order[shard.next]!))
      ready.push(shard.order[shard.next++]!);
    if (ready.length) this.#addInOrder(shard, ready);
  }

  /** Indexes what is left of a shard and writes it; returns Pagefind's errors, if any. */
  async #writeShard(shard: Shard, outputPath: string): Promise<string[]> {
    // Buffered pages (all of them, or a streamed shard's pages after one that never came), in URL order.
    this.#addInOrder(
      shard,
      [...shard.pages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const { index, errors } = await shard.index!;
    if (!index) return errors.length ? errors : ["Pagefind did not start"];
    try {
      const responses = await Promise.all(shard.added.map((page) => page.response));
      const failed = responses.flatMap((response, i) =>
        response.errors.map((error) => `${shard.added[i]!.url}: ${error}`),
      );
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
