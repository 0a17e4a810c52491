/** Reads back what a written Pagefind index holds, from its files. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export interface IndexedPage {
  url: string;
  content: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

/** Every page of the index in `folder` (a shard's `pagefind/<key>/`), by URL order. Fragments are gzip'd JSON after a signature. */
export function indexedPages(folder: string): IndexedPage[] {
  const fragments = path.join(folder, "fragment");
  return readdirSync(fragments)
    .map((name) => {
      const text = gunzipSync(readFileSync(path.join(fragments, name))).toString("utf8");
      return JSON.parse(text.slice(text.indexOf("{"))) as IndexedPage;
    })
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}
