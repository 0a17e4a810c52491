/**
 * Run by load-memory.test.ts in a process of its own: loads a content folder, then tells whether
 * any string still in the heap holds the marker the test wrote into the files. A heap snapshot
 * is taken after a full collection and holds every live string's text, so the answer does not
 * depend on the heap's size or the moment of a collection. The marker arrives as hex, so this
 * process holds it only as bytes, never as a string.
 *
 * Argument: JSON `{ contentDir, cacheDir?, markerHex, keep? }`. `keep` names a file whose text is
 * kept on purpose after the first answer, and the question asked again (the probe's own check).
 * Prints JSON: `{ found, foundWhileKept?, bodies }`, `bodies` the hash of each article's HTML,
 * read after the first answer, by source path.
 */
import { hash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { DateTime } from "luxon";
import { loadContent } from "../../src/content/load.js";

const task = JSON.parse(process.argv[2]!) as {
  contentDir: string;
  cacheDir?: string;
  markerHex: string;
  keep?: string;
};

async function heapHolds(marker: Buffer): Promise<boolean> {
  const chunks: Buffer[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).includes(marker);
}

const marker = Buffer.from(task.markerHex, "hex");
const result = loadContent(task.contentDir, { now: DateTime.fromISO("2026-11-26T12:00:00Z"), cacheDir: task.cacheDir });
if (!result.content) throw new Error(JSON.stringify(result.issues));
const found = await heapHolds(marker);
let foundWhileKept: boolean | undefined;
if (task.keep) {
  const kept = [readFileSync(path.join(task.contentDir, task.keep), "utf8")];
  foundWhileKept = await heapHolds(marker);
  kept.length = 0;
}
const bodies = Object.fromEntries(
  result.content.articles.map((article) => [article.sourcePath, hash("sha1", article.body.html, "hex")]),
);
process.stdout.write(JSON.stringify({ found, foundWhileKept, bodies }));
