/**
 * The content folder on disk: which files it has, and opening each through the parse cache. A
 * file whose size and modification time are as the store remembers them is not read at all (its
 * record comes from the store, its text is read only if asked for); any other is read (into one
 * reused buffer, so reading a whole folder allocates almost nothing) and hashed, and its record
 * comes from the store while its bytes are unchanged, else it is made from the text.
 */
import { Buffer } from "node:buffer";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { contentHash, fileStamp } from "./parse-cache/locations.js";
import type { ParseStore } from "./parse-cache/store.js";

/**
 * Lists files under `dir` (relative to `root`) whose names end with one of `extensions`, skipping
 * hidden files and folders, sorted. Walks the folders itself: Node's recursive `readdirSync` is
 * much slower on a large archive.
 */
export function listFiles(root: string, dir: string, extensions: string[], recursive = true): string[] {
  if (!existsSync(path.join(root, dir))) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const file = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive) walk(file);
      } else if (extensions.some((extension) => entry.name.toLowerCase().endsWith(extension))) {
        found.push(file);
      }
    }
  };
  walk(dir);
  return found.sort();
}

/** Whether a content path names a file inside `root` (an absolute path). */
export function fileChecker(root: string): (contentPath: string) => boolean {
  return (contentPath) => {
    const resolved = path.resolve(root, contentPath);
    return resolved.startsWith(root + path.sep) && isFile(resolved);
  };
}

/** One stat call rather than two (`existsSync`, then `statSync`): it runs for every image and link. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** A content file opened through the parse cache. */
interface ContentFile<T> {
  record: T;
  /**
   * The file's text, decoded on first use (a cached record seldom needs it). Only valid until
   * the next file is opened: the bytes are read into a reused buffer.
   */
  text(): string;
  /** A hash of the file's bytes (as the cache keys it). */
  hash: string;
  /**
   * Call once, when `record` is final: stores it in the cache if it was made from the file or
   * `changed` since. The cache may write it at once, so the record must not change afterwards.
   */
  settle(changed: boolean): void;
}

/** Opens a file (a content path): its record from the cache, or else made by `create` from its text. */
export type FileOpener<T> = (file: string, create: (text: string) => T) => ContentFile<T>;

export interface ParseCacheStats {
  /** Files whose record was reused. */
  hits: number;
  /** Files read without a usable record: new, changed, or the cache was empty or outdated. */
  misses: number;
}

/**
 * What one load took from the parse cache: how much, and the records themselves, so that a load
 * that fails can tell whether a damaged record could be at fault (see `loadContent`).
 */
export class CacheUse {
  misses = 0;
  private readonly files: string[] = [];
  private readonly records: unknown[] = [];

  get stats(): ParseCacheStats {
    return { hits: this.files.length, misses: this.misses };
  }

  served(file: string, record: unknown): void {
    this.files.push(file);
    this.records.push(record);
  }

  /** Whether any record taken from the cache fails `check` (is not of its file's kind). */
  servedDamaged(check: (file: string, record: unknown) => boolean): boolean {
    return this.files.some((file, index) => !check(file, this.records[index]));
  }
}

export interface ReaderOptions<T> {
  /** The content folder. */
  root: string;
  /** The parse cache; without it, every file is read and its record made. */
  store?: ParseStore<T>;
  /** Counts what came from the store and keeps it; shared by the readers of one load. */
  use: CacheUse;
}

/** Opens content files (see above). */
export function contentFileReader<T>({ root, store, use }: ReaderOptions<T>): FileOpener<T> {
  const readBytes = byteReader();
  return (file, create) => {
    const absolute = path.join(root, file);
    const stamp = store ? fileStamp(statSync(absolute)) : undefined;
    const unchanged = stamp ? store!.getByStamp(file, stamp) : undefined;
    if (unchanged) {
      use.served(file, unchanged.value);
      let text: string | undefined;
      return {
        record: unchanged.value,
        text: () => (text ??= readFileSync(absolute, "utf8")),
        hash: unchanged.contentHash,
        settle: (changed) => {
          if (changed) store!.set(file, unchanged.contentHash, unchanged.value, stamp);
        },
      };
    }
    const bytes = readBytes(absolute);
    const hash = contentHash(bytes);
    let text: string | undefined;
    const decode = () => (text ??= bytes.toString("utf8"));
    const cached = store?.get(file, hash, stamp);
    if (cached !== undefined) use.served(file, cached);
    else if (store) use.misses++;
    const record = cached ?? create(decode());
    const settle = (changed: boolean) => {
      if (cached === undefined || changed) store?.set(file, hash, record, stamp);
    };
    return { record, text: decode, hash, settle };
  };
}

/** A reader returning a file's bytes as a view of one growing buffer, valid until the next call. */
function byteReader(): (file: string) => Buffer {
  let buffer = Buffer.allocUnsafe(1 << 16);
  return (file) => {
    const descriptor = openSync(file, "r");
    try {
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          const larger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const read = readSync(descriptor, buffer, length, buffer.length - length, null);
        if (read === 0) return buffer.subarray(0, length);
        length += read;
      }
    } finally {
      closeSync(descriptor);
    }
  };
}
