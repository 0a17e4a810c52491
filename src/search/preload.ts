/**
 * The search page asks for the newest shard's Pagefind files (its entry, metadata and
 * WebAssembly) with its own scripts, while it still loads, so that when assets/search.js starts
 * Pagefind they are already there. Pagefind's own start fetches them one after the other once
 * the page is interactive: the entry first, then the other two, which it only then knows the
 * names of.
 *
 * The metadata's name carries a hash of the index, known only once the index is written, after
 * the search page was rendered: the build writes these links into the page afterwards, between
 * two markers the template leaves (`withSearchPreloads`). Pagefind adds a cache-busting `?ts=`
 * to the entry's URL; search.js sets it to the index hash (Pagefind's `metaCacheTag`), which the
 * entry link carries, so the preloaded URL is the one Pagefind asks for and still changes with
 * every new index.
 */

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type SearchPlan, shardFolder } from "./shards.js";

/** `pagefind-entry.json`, the part of it read here. */
export interface PagefindEntry {
  languages: Record<string, { hash: string; wasm?: string | null; page_count: number }>;
}

export const PRELOAD_START = "<!--search-preload-->";
export const PRELOAD_END = "<!--/search-preload-->";

/** The index Pagefind picks for a page in `language` (the page's `lang`), as its `findIndex` does. */
export function entryIndex(entry: PagefindEntry, language: string): { hash: string; wasm: string } | undefined {
  const lang = language.toLowerCase();
  const index =
    entry.languages[lang] ??
    entry.languages[lang.split("-")[0]!] ??
    Object.values(entry.languages).sort((a, b) => b.page_count - a.page_count)[0];
  return index && { hash: index.hash, wasm: index.wasm || "unknown" };
}

/** The WebAssembly file of an index (`entryIndex`), in its shard's folder. */
const wasmFile = (index: { wasm: string }) => `wasm.${index.wasm}.pagefind`;

/**
 * The links for a shard whose files are at `folderUrl` (ending in `/`). `as="fetch"` with
 * `crossorigin` is what a later `fetch()` of the same URL from the page takes from the preload.
 */
export function searchPreloadLinks(folderUrl: string, entry: PagefindEntry, language: string): string {
  const index = entryIndex(entry, language);
  if (!index) return "";
  const link = (file: string, extra = "") =>
    `<link rel="preload" as="fetch" crossorigin href="${folderUrl}${file}"${extra}>`;
  return [
    link(
      `pagefind-entry.json?ts=${encodeURIComponent(index.hash)}`,
      ` id="search-index-entry" data-tag="${index.hash}"`,
    ),
    link(`pagefind.${index.hash}.pf_meta`),
    link(wasmFile(index)),
  ].join("\n");
}

/** `html` with `links` between the markers (replacing what an earlier build put there); unchanged without the markers. */
export function withSearchPreloads(html: string, links: string): string {
  const start = html.indexOf(PRELOAD_START);
  const end = html.indexOf(PRELOAD_END, start);
  if (start < 0 || end < 0) return html;
  return `${html.slice(0, start + PRELOAD_START.length)}${links ? `\n${links}\n` : ""}${html.slice(end)}`;
}

/**
 * Pagefind's runtime files that the search page loads, by path in the output: the newest shard's
 * script and its WebAssembly for the page's language (`shardDir`: `pagefind/<key>`). The other
 * shards' copies are never loaded: their indexes are merged into the newest shard's Pagefind.
 */
export function loadedRuntime(shardDir: string, entry: PagefindEntry | undefined, language: string): string[] {
  const index = entry && entryIndex(entry, language);
  return [`${shardDir}/pagefind.js`, ...(index ? [`${shardDir}/${wasmFile(index)}`] : [])];
}

/**
 * The folder (`pagefind/<key>`) of the newest shard, where every search starts, and its Pagefind
 * entry once the index is written (none before, or when the shard has no index).
 */
export function newestShardEntry(
  plan: SearchPlan,
  outputDir: string,
): { folder: string; entry: PagefindEntry | undefined } | undefined {
  const [newest] = plan.shards;
  if (!newest) return undefined;
  const folder = shardFolder(newest.key);
  const entryFile = path.join(outputDir, folder, "pagefind-entry.json");
  return {
    folder,
    entry: existsSync(entryFile) ? (JSON.parse(readFileSync(entryFile, "utf8")) as PagefindEntry) : undefined,
  };
}
