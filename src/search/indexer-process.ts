/**
 * One search indexer: a child process with its own Pagefind service (the Node API runs one
 * service per process, and a service uses one core). The build starts two, so indexing uses
 * the second core while Eleventy renders, and both once it is done.
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

const language = process.argv[2]!.split("-")[0]!.toLowerCase();

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

const shards = new Map<string, Shard>();
/** Shard writes, one at a time. */
let queue = Promise.resolve();

function reply(message: IndexerReply): void {
  process.send!(message);
}

function shardOf(key: string): Shard {
  let shard = shards.get(key);
  if (!shard) shards.set(key, (shard = { pages: new Map(), next: 0, added: [] }));
  return shard;
}

/** Hands pages to the shard's index in `urls` order; calls go out in that order, which is what the index depends on. */
function addInOrder(shard: Shard, urls: string[]): void {
  shard.index ??= pagefind.createIndex({ forceLanguage: language });
  const index = shard.index;
  for (const url of urls) {
    const html = shard.pages.get(url)!;
    shard.pages.delete(url);
    shard.added.push({ url, response: index.then((opened) => opened.index?.addHTMLFile({ url, content: html }) ?? { errors: [], file: undefined as never }) });
  }
}

/** Streamed shards: adds the pages that continue the sorted run. */
function pump(shard: Shard): void {
  const ready: string[] = [];
  while (shard.order && shard.next < shard.order.length && shard.pages.has(shard.order[shard.next]!)) ready.push(shard.order[shard.next++]!);
  if (ready.length) addInOrder(shard, ready);
}

/** Indexes what is left of a shard and writes it; returns Pagefind's errors, if any. */
async function writeShard(shard: Shard, outputPath: string): Promise<string[]> {
  // Buffered pages (all of them, or a streamed shard's pages after one that never came), in URL order.
  addInOrder(shard, [...shard.pages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
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

process.on("message", (message: IndexerRequest) => {
  if (message.type === "expect") {
    const shard = shardOf(message.shard);
    shard.order = message.urls;
    pump(shard);
    return;
  }
  if (message.type === "add") {
    const shard = shardOf(message.shard);
    shard.pages.set(message.url, message.html);
    pump(shard);
    return;
  }
  const shard = shardOf(message.shard);
  shards.delete(message.shard);
  queue = queue.then(async () => {
    const errors = await writeShard(shard, message.outputPath).catch((error: unknown) => [String(error)]);
    reply(errors.length ? { type: "failed", shard: message.shard, errors } : { type: "written", shard: message.shard, pages: shard.added.length });
  });
});

process.on("disconnect", () => {
  void queue.then(() => pagefind.close()).finally(() => process.exit(0));
});
