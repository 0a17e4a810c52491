/**
 * One search indexer: a child process with its own Pagefind service (the Node API runs one
 * service per process, and a service uses one core). The build starts two, so indexing uses
 * the second core while Eleventy renders, and both once it is done.
 *
 * Pages arrive as the build renders them and wait here until the build says their shard is
 * complete; they are then indexed in URL order (so the index does not depend on render order,
 * and an incremental build writes the same files as a clean one), written, and dropped from
 * Pagefind's memory before the next shard. Errors go back to the build as data.
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
const waiting = new Map<string, { url: string; html: string }[]>();
let queue = Promise.resolve();

function reply(message: IndexerReply): void {
  process.send!(message);
}

/** Indexes and writes one shard; returns Pagefind's errors, if any. */
async function writeShard(pages: { url: string; html: string }[], outputPath: string): Promise<string[]> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  if (!index) return errors.length ? errors : ["Pagefind did not start"];
  try {
    pages.sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
    const added = await Promise.all(pages.map((page) => index.addHTMLFile({ url: page.url, content: page.html })));
    const failed = added.flatMap((response, i) => response.errors.map((error) => `${pages[i]!.url}: ${error}`));
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
  if (message.type === "add") {
    let pages = waiting.get(message.shard);
    if (!pages) waiting.set(message.shard, (pages = []));
    pages.push({ url: message.url, html: message.html });
    return;
  }
  const pages = waiting.get(message.shard) ?? [];
  waiting.delete(message.shard);
  queue = queue.then(async () => {
    const errors = await writeShard(pages, message.outputPath).catch((error: unknown) => [String(error)]);
    reply(errors.length ? { type: "failed", shard: message.shard, errors } : { type: "written", shard: message.shard, pages: pages.length });
  });
});

process.on("disconnect", () => {
  void queue.then(() => pagefind.close()).finally(() => process.exit(0));
});
