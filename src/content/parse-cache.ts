/**
 * A persistent cache of per-file work, so loading a large archive again (a second `npm run check`,
 * the next build) parses only the files that changed. One file per content folder under
 * `.cache/broadsheet/`, read once at the start and replaced whole at the end (temp file, then
 * rename), so a reader never sees half of one. Entries are keyed by path and a hash of the file's
 * bytes; the cache file as a whole by a key naming everything else the entries depend on. A
 * missing, corrupt or outdated cache file is ignored and rebuilt: the cache may make loading
 * faster, never different.
 */
import { hash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Bump when the layout of the cache file changes. */
const FORMAT = "broadsheet-parse-cache/1";
const EXTENSION = ".jsonl";

/** The project's own folder, where `.cache/` lives (git-ignored). */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ParseCacheOptions {
  /** Folder of the cache files, e.g. `parseCacheDir()`. */
  dir: string;
  /** The content folder the entries belong to; one cache file per folder. */
  contentDir: string;
  /** Everything the entries depend on besides their file's bytes (versions, settings, code). */
  key: string;
  /** Keeps caches made with different options for one folder apart (e.g. with and without HTML). */
  variant?: string;
  /** Start empty, ignoring the stored file (which `save` then replaces). @default false */
  fresh?: boolean;
}

export interface ParseCacheStats {
  /** Files whose entry was reused. */
  hits: number;
  /** Files read without a usable entry: new, changed, or the cache was empty or outdated. */
  misses: number;
}

/** A content folder's cache of per-file values, loaded from disk once. */
export interface ParseCache<T> {
  /** The value stored for `file` when its bytes still hash to `contentHash`. */
  get(file: string, contentHash: string): T | undefined;
  /** Stores (or replaces) the value for `file`; `save` writes it. */
  set(file: string, contentHash: string, value: T): void;
  /**
   * Writes the cache when anything was set or a stored file was not asked for (deleted or
   * renamed): only the files of this run are kept. Errors (a read-only disk) are ignored.
   */
  save(): void;
  readonly stats: ParseCacheStats;
}

interface Header {
  format: string;
  contentDir: string;
  key: string;
}

type Entry<T> = [file: string, contentHash: string, value: T];

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

/** A short hash of a file's bytes (or of any text), for cache keys. */
export function contentHash(data: string | Uint8Array): string {
  return hash("sha1", data, "base64");
}

/**
 * A fingerprint of the code that produces cached values: the sources of `src/content/` and
 * `src/lib/`, the installed packages and the Node version. Editing the loader or upgrading
 * markdown-it then discards old entries instead of serving what the old code made.
 */
export function codeFingerprint(): string {
  const parts: string[] = [process.version];
  for (const folder of ["src/content", "src/lib"]) {
    const absolute = path.join(PROJECT_ROOT, folder);
    const files = existsSync(absolute) ? readdirSync(absolute).filter((name) => /\.[cm]?[jt]s$/.test(name)).sort() : [];
    for (const name of files) parts.push(`${folder}/${name}`, contentHash(readFileSync(path.join(absolute, name))));
  }
  for (const lock of ["node_modules/.package-lock.json", "package-lock.json"]) {
    const file = path.join(PROJECT_ROOT, lock);
    if (existsSync(file)) {
      parts.push(lock, contentHash(readFileSync(file)));
      break;
    }
  }
  return contentHash(parts.join("\n"));
}

/** The cache file of a content folder. */
export function parseCacheFile(options: Pick<ParseCacheOptions, "dir" | "contentDir" | "variant">): string {
  const name = contentHash(path.resolve(options.contentDir)).replace(/[^A-Za-z0-9]/g, "").slice(0, 16);
  return path.join(options.dir, `${name}${options.variant ? `-${options.variant}` : ""}${EXTENSION}`);
}

/** Opens the cache of a content folder: reads its file now, or starts empty. */
export function openParseCache<T>(options: ParseCacheOptions): ParseCache<T> {
  const file = parseCacheFile(options);
  const header: Header = { format: FORMAT, contentDir: path.resolve(options.contentDir), key: options.key };
  const stored = options.fresh ? new Map<string, { contentHash: string; value: T }>() : readEntries<T>(file, header);
  const current = new Map<string, { contentHash: string; value: T }>();
  const stats: ParseCacheStats = { hits: 0, misses: 0 };
  let changed = false;
  return {
    stats,
    get(name, contentHash) {
      const entry = stored.get(name);
      if (entry && entry.contentHash === contentHash) {
        stats.hits++;
        current.set(name, entry);
        return entry.value;
      }
      stats.misses++;
      return undefined;
    },
    set(name, contentHash, value) {
      current.set(name, { contentHash, value });
      changed = true;
    },
    save() {
      const dropped = [...stored.keys()].some((name) => !current.has(name));
      if (!changed && !dropped) return;
      try {
        writeEntries(file, header, current);
        removeOrphans(options.dir, file);
      } catch {
        // A cache that cannot be written only makes the next run slower.
      }
    },
  };
}

function readEntries<T>(file: string, header: Header): Map<string, { contentHash: string; value: T }> {
  const entries = new Map<string, { contentHash: string; value: T }>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return entries;
  }
  try {
    // Line by line from the bytes: the whole file as one string could pass V8's string limit
    // (a 100,000-article archive's cache is about 700 MB). The file is ASCII (see asciiJson).
    let start = 0;
    let first = true;
    while (start < bytes.length) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      if (end > start) {
        const line = bytes.toString("latin1", start, end);
        if (first) {
          const stored = JSON.parse(line) as Partial<Header>;
          if (stored.format !== header.format || stored.contentDir !== header.contentDir || stored.key !== header.key) return entries;
          first = false;
        } else {
          const [name, contentHash, value] = JSON.parse(line) as Entry<T>;
          entries.set(name, { contentHash, value });
        }
      }
      start = end + 1;
    }
    return entries;
  } catch {
    return new Map();
  }
}

/** Writes the whole cache to a temporary file beside it, then renames it into place. */
function writeEntries<T>(file: string, header: Header, entries: Map<string, { contentHash: string; value: T }>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const descriptor = openSync(temporary, "w");
  try {
    // In chunks: one string of a large archive's rendered bodies could pass V8's string limit.
    let chunk = `${asciiJson(header)}\n`;
    for (const [name, entry] of entries) {
      chunk += `${asciiJson([name, entry.contentHash, entry.value] satisfies Entry<T>)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(descriptor, chunk);
        chunk = "";
      }
    }
    writeSync(descriptor, chunk);
    closeSync(descriptor);
    renameSync(temporary, file);
  } catch (error) {
    try {
      closeSync(descriptor);
    } catch {
      // Already closed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * JSON with every character outside ASCII escaped: Node decodes an ASCII file several times
 * faster than one with Cyrillic in it (2.3 s against 0.6 s for the 130 MB of a 10,000-article
 * site's rendered bodies).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]+/g, (run) => {
    let escaped = "";
    for (let index = 0; index < run.length; index++) escaped += `\\u${run.charCodeAt(index).toString(16).padStart(4, "0")}`;
    return escaped;
  });
}

/**
 * Removes cache files of content folders that no longer exist (test runs make many short-lived
 * ones) and temporary files of runs that died an hour ago or more, so the folder does not grow
 * without end.
 */
function removeOrphans(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(".tmp")) {
      if (Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 3_600_000) rmSync(file, { force: true });
      continue;
    }
    if (file === keep || !name.endsWith(EXTENSION)) continue;
    const contentDir = headerOf(file)?.contentDir;
    if (typeof contentDir === "string" && !existsSync(contentDir)) rmSync(file, { force: true });
  }
}

function headerOf(file: string): Partial<Header> | undefined {
  try {
    const descriptor = openSync(file, "r");
    const buffer = Buffer.alloc(4096);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    closeSync(descriptor);
    const line = buffer.subarray(0, length).toString("utf8").split("\n")[0]!;
    return JSON.parse(line) as Partial<Header>;
  } catch {
    return undefined;
  }
}
