/**
 * The search index's own thread (see indexer.ts): it drives the Pagefind services, a shard at a
 * time each, with the records the build's thread hands it, and reports each shard written or
 * failed. Pagefind's Node API answers through the event loop of the thread that drives it, and
 * the build's thread does not turn its loop while Eleventy renders a pass: driven from there,
 * the services sat idle until rendering was over.
 */
import { parentPort } from "node:worker_threads";
import { timing } from "../lib/timing.js";
import { closeService, openService, SearchIndexError, writeIndex } from "./pagefind.js";
import type { SearchRecord } from "./records.js";

/** What the build's thread sends: `start` first, once. */
export type ToIndexer =
  | { start: { language: string; services: number } }
  | { shard: { key: string; folder: string; records: SearchRecord[] } }
  /** No more shards will come; with `drop`, the ones not started are not written either. */
  | { end: true; drop?: boolean };
/** What this thread answers. */
export type FromIndexer = { written: string; pages: number } | { failed: string; message: string } | { ended: true };

const port = parentPort!;
let language = "";
const queue: Extract<ToIndexer, { shard: unknown }>["shard"][] = [];
let ending = false;
const idle: (() => void)[] = [];

/** One service's loop: takes the next shard as soon as it wrote the last. */
async function serve(slot: number): Promise<void> {
  const api = await openService(slot);
  timing(`search index thread: Pagefind service ${slot + 1} open`);
  try {
    for (;;) {
      const shard = queue.shift();
      if (!shard) {
        if (ending) return;
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      try {
        const started = timing(`search index thread: shard ${shard.key} started`);
        const pages = await writeIndex(api, shard.records, language, shard.folder);
        timing(`search index thread: shard ${shard.key} written`, started);
        port.postMessage({ written: shard.key, pages });
      } catch (error) {
        const { message } = error as Error;
        const reason =
          error instanceof SearchIndexError ? message : `Search index: writing the index failed: ${message}`;
        port.postMessage({ failed: shard.key, message: reason });
      }
    }
  } finally {
    await closeService(slot);
  }
}

port.on("message", (message: ToIndexer) => {
  if ("start" in message) {
    language = message.start.language;
    const served = Promise.all(Array.from({ length: message.start.services }, (_, slot) => serve(slot)));
    void served.then(() => {
      port.postMessage({ ended: true });
      port.close();
    });
  } else if ("shard" in message) queue.push(message.shard);
  else {
    ending = true;
    if (message.drop) queue.length = 0;
  }
  for (const wake of idle.splice(0)) wake();
});
