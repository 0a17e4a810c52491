/**
 * The parse cache of a content folder as loading opens it: one store for articles, pages and
 * comments, per kind of load (with or without HTML), whose bodies' rendered text is lazy.
 */
import path from "node:path";
import { PROJECT_ROOT } from "../lib/project.js";
import { type DiskStoreOptions, openDiskStore } from "./parse-cache/disk-store.js";
import { hasParseCache } from "./parse-cache/format.js";
import { codeFingerprint, parseCacheFile } from "./parse-cache/locations.js";
import type { ParseStore } from "./parse-cache/store.js";
import { appendParseCache } from "./parse-cache/writer.js";
import type { ContentRecord } from "./records.js";

/** Which parse cache of a folder: where it is kept, and for which kind of load. */
export interface ContentCacheOptions {
  /** Folder of the parse cache files, e.g. `parseCacheDir()`. */
  cacheDir: string;
  /** Whether the load renders HTML (`LoadOptions.render`). @default true */
  render?: boolean;
}

/** The parse cache of a content folder for a kind of load. */
function storeOptions(contentDir: string, options: ContentCacheOptions): DiskStoreOptions {
  return {
    dir: options.cacheDir,
    contentDir: path.resolve(contentDir),
    key: parseCacheKey(),
    variant: (options.render ?? true) ? "html" : "text",
    lazyPath: ["body", "text"],
  };
}

/** Opens the folder's parse cache; `extra` as `DiskStoreOptions`. */
export function openContentCache(
  contentDir: string,
  options: ContentCacheOptions,
  extra: Pick<DiskStoreOptions, "fresh" | "resident" | "file"> = {},
): ParseStore<ContentRecord> {
  return openDiskStore<ContentRecord>({ ...storeOptions(contentDir, options), ...extra });
}

/** The folder's own parse cache file for such a load. */
export function contentCacheFile(contentDir: string, options: ContentCacheOptions): string {
  return parseCacheFile(storeOptions(contentDir, options));
}

/** Whether the folder's parse cache exists and fits this code: a load then finds what it stored. */
export function hasContentCache(contentDir: string, options: ContentCacheOptions): boolean {
  return hasParseCache(contentCacheFile(contentDir, options), storeOptions(contentDir, options));
}

/** Appends the records of `part` (a cache written with `openContentCache`'s `file`) to the folder's parse cache; returns whether it did. */
export function appendContentCache(contentDir: string, part: string, options: ContentCacheOptions): boolean {
  return appendParseCache(contentCacheFile(contentDir, options), part, storeOptions(contentDir, options));
}

/** Runs `work`, which saves `store`; if it throws, what the store wrote so far is discarded, not left behind. */
export function discardingOnFailure<T>(store: ParseStore<unknown>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    store.discard();
    throw error;
  }
}

let cacheKey: string | undefined;

/** What every cached record depends on besides its file: the code that made it. */
function parseCacheKey(): string {
  return (cacheKey ??= codeFingerprint(PROJECT_ROOT));
}
