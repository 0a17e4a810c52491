/** Where Broadsheet keeps what it remembers between runs, and which file holds a content folder's parse cache. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { contentHash } from "./fingerprint.js";

/** The project's own folder, where `.cache/` lives (git-ignored). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The extension of parse cache files (one JSON value a line). */
export const EXTENSION = ".jsonl";

/**
 * Where commands keep the parse cache: `<project>/.cache/broadsheet`, or `BROADSHEET_CACHE_DIR`.
 * Undefined, so nothing is cached, when `BROADSHEET_CACHE` is `0`.
 */
export function parseCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BROADSHEET_CACHE === "0") return undefined;
  return cacheRoot(env);
}

/** The folder of everything Broadsheet keeps between runs: `<project>/.cache/broadsheet`, or `BROADSHEET_CACHE_DIR`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BROADSHEET_CACHE_DIR || path.join(PROJECT_ROOT, ".cache", "broadsheet"));
}

/** A name for files kept about a folder (its parse cache, its build record): a hash of its absolute path, letters and digits only. */
export function folderKey(folder: string): string {
  return contentHash(path.resolve(folder)).replace(/[^A-Za-z0-9]/g, "");
}

/** Names one cache file of a content folder. */
export interface CacheFileOptions {
  /** Folder of the cache files, e.g. `parseCacheDir()`. */
  dir: string;
  /** The content folder the entries belong to. */
  contentDir: string;
  /** Keeps caches made with different options for one folder apart (e.g. with and without HTML). @default none */
  variant?: string;
}

/** The cache file of a content folder. */
export function parseCacheFile(options: CacheFileOptions): string {
  const name = folderKey(options.contentDir).slice(0, 16);
  return path.join(options.dir, `${name}${options.variant ? `-${options.variant}` : ""}${EXTENSION}`);
}
