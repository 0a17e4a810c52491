/**
 * Where Broadsheet keeps what it remembers between runs, which file holds a content folder's
 * parse cache, what keys its entries (a hash of a file's bytes, or its size and modification
 * time as a cheaper stand-in, and a fingerprint of the code that made them), and which cache
 * files are left over: test runs make many short-lived content folders, and a run that dies
 * leaves its temporary files.
 */
import { hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../lib/project.js";
import { headerOf } from "./format.js";

/** The extension of parse cache files (one JSON value a line). */
const EXTENSION = ".jsonl";

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

/**
 * A name for files kept about a folder (its parse cache, its build record), letters and digits
 * only: a hash of its path from the working folder, so that a fresh clone of a repository, built
 * from its top like the one before it, finds the state an earlier build left (the publish
 * workflow restores it from the CI's cache).
 */
export function folderKey(folder: string): string {
  return contentHash(path.relative(process.cwd(), path.resolve(folder)) || ".").replace(/[^A-Za-z0-9]/g, "");
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

/** A short hash of a file's bytes (or of any text), for cache keys. */
export function contentHash(data: string | Uint8Array): string {
  return hash("sha1", data, "base64");
}

/**
 * A file's size and modification time, as a cache stamp; undefined when the file was modified in
 * the last two seconds, because a second change within the clock's resolution could keep both
 * (git's "racily clean" files): such a file is read and hashed until it has been still for a while.
 */
export function fileStamp(stats: { size: number; mtimeMs: number }, now = Date.now()): string | undefined {
  return now - stats.mtimeMs < 2000 ? undefined : `${stats.size}:${stats.mtimeMs}`;
}

/**
 * A fingerprint of the code that produces cached values: the sources under `src/content/` and
 * `src/lib/` of the project at `root`, its installed packages and the Node version. Editing the
 * loader or upgrading markdown-it then discards old entries instead of serving what the old code made.
 */
export function codeFingerprint(root: string): string {
  const parts: string[] = [process.version];
  for (const folder of ["src/content", "src/lib"]) {
    const absolute = path.join(root, folder);
    const files = existsSync(absolute)
      ? readdirSync(absolute, { recursive: true, encoding: "utf8" })
          .filter((name) => /\.[cm]?[jt]s$/.test(name))
          .map((name) => name.split(path.sep).join("/"))
          .sort()
      : [];
    for (const name of files) parts.push(`${folder}/${name}`, contentHash(readFileSync(path.join(absolute, name))));
  }
  for (const lock of ["node_modules/.package-lock.json", "package-lock.json"]) {
    const file = path.join(root, lock);
    if (existsSync(file)) {
      parts.push(lock, contentHash(readFileSync(file)));
      break;
    }
  }
  return contentHash(parts.join("\n"));
}

/** How long a temporary file may sit before it counts as left by a run that died. */
const TEMPORARY_LIFETIME_MS = 3_600_000;

/** Removes from `dir` the cache files (other than `keep`) of content folders that no longer exist, and stale temporary files. */
export function removeOrphans(dir: string, keep: string, now = Date.now()): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(".tmp")) {
      if (now - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? now) > TEMPORARY_LIFETIME_MS)
        rmSync(file, { force: true });
      continue;
    }
    if (file === keep || !name.endsWith(EXTENSION)) continue;
    const contentDir = headerOf(file)?.contentDir;
    if (typeof contentDir === "string" && !existsSync(contentDir)) rmSync(file, { force: true });
  }
}
