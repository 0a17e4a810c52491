/**
 * The parse cache on disk: one file per content folder and kind of load, read once when opened.
 * At `save` a few changed entries are appended to it (later lines win; an append cut short is
 * ignored), else it is replaced whole (temp file, then rename), so a reader never sees half of
 * one; without a usable file to start from, entries go to the temp file as they are set. Entries
 * are keyed by path and a hash of the file's bytes; the file as a whole by a key naming
 * everything else the entries depend on. A missing, corrupt or outdated cache file is ignored
 * and rebuilt: the cache may make loading faster, never different.
 */
import { statSync } from "node:fs";

import { type Header, type HeaderOptions, headerFor, type Stored } from "./format.js";
import { type CacheFileOptions, parseCacheFile, removeOrphans } from "./locations.js";
import { readEntries } from "./scan.js";
import type { ParseStore } from "./store.js";
import { appendEntries, CacheWriter, writeEntries } from "./writer.js";

export interface DiskStoreOptions extends CacheFileOptions, HeaderOptions {
  /**
   * The cache file itself, instead of the one `parseCacheFile` names: a part of a cache that
   * another process fills, to be appended to the real one (parts.ts). @default none
   */
  file?: string;
  /** Start empty, ignoring the stored file (which `save` then replaces). @default false */
  fresh?: boolean;
  /**
   * Keep the entries in this process after `save`, and use them instead of reading the file again
   * while it is as this process left it (`npm start`, which loads the folder on every change).
   * @default false
   */
  resident?: boolean;
}

/** Entries kept by `resident` stores, by cache file, with the file's stamp when they matched it. */
const residents = new Map<
  string,
  { key: string; fileStamp: string; entries: Map<string, Stored<unknown>>; lines: number }
>();

/** The cache file's own size and modification time (to the millisecond), to tell whether another process rewrote it. */
function stampOfFile(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats ? `${stats.size}:${Math.round(stats.mtimeMs)}` : "";
}

/** Opens the cache of a content folder: reads its file now, or starts empty. */
export function openDiskStore<T>(options: DiskStoreOptions): ParseStore<T> {
  return new DiskStore<T>(options);
}

class DiskStore<T> implements ParseStore<T> {
  private readonly file: string;
  private readonly header: Header;
  private readonly lazyPath: readonly string[];
  /** The file's stamp when it was read, to append only to the file as it was read. */
  private readonly openedStamp: string;
  /** The entries as read. */
  private readonly stored: Map<string, Stored<T>>;
  /** Entry lines of the file as read. */
  private readonly lines: number;
  /** Whether the file as read ended where a line ends. */
  private readonly whole: boolean;
  /** The entries of this run: those asked for and those set. */
  private readonly current = new Map<string, Stored<T>>();
  /**
   * Without a usable file, `save` writes one whole: each entry is written as it is set instead,
   * so its lazy part need not stay in memory until then. Opened on the first entry.
   */
  private writer: CacheWriter<T> | undefined;
  private writing: boolean;
  /** Set by `discard`: nothing is kept. */
  private discarded = false;

  constructor(private readonly options: DiskStoreOptions) {
    this.file = options.file ?? parseCacheFile(options);
    this.lazyPath = options.lazyPath ?? [];
    this.header = headerFor(options);
    this.openedStamp = stampOfFile(this.file);
    const resident = options.resident ? residents.get(this.file) : undefined;
    const read = options.fresh
      ? { entries: new Map<string, Stored<T>>(), lines: 0, whole: true }
      : resident && resident.key === options.key && resident.fileStamp === this.openedStamp
        ? { entries: resident.entries as Map<string, Stored<T>>, lines: resident.lines, whole: true }
        : readEntries<T>(this.file, this.header, this.lazyPath);
    this.stored = read.entries;
    this.lines = read.lines;
    this.whole = read.whole;
    this.writing = read.lines === 0;
  }

  getByStamp(name: string, stamp: string): { value: T; contentHash: string } | undefined {
    const entry = this.stored.get(name);
    if (!entry || entry.stamp !== stamp) return undefined;
    this.current.set(name, entry);
    return { value: entry.value, contentHash: entry.contentHash };
  }

  get(name: string, contentHash: string, stamp?: string): T | undefined {
    const entry = this.stored.get(name);
    if (!entry || entry.contentHash !== contentHash) return undefined;
    // Touched but unchanged: a new entry remembers the new stamp, so the next run need not read the file.
    this.current.set(name, entry.stamp === stamp ? entry : { ...entry, stamp });
    return entry.value;
  }

  set(name: string, contentHash: string, value: T, stamp?: string): void {
    const entry = { contentHash, value, stamp };
    this.current.set(name, entry);
    if (this.writing) this.write(name, entry);
  }

  discard(): void {
    this.discarded = true;
    this.stopWriting();
  }

  /** Abandons the file being written entry by entry, if any: `save` then writes the file whole, if it can. */
  private stopWriting(): void {
    this.writer?.abandon();
    this.writer = undefined;
    this.writing = false;
  }

  save(): void {
    if (this.discarded) return;
    const dropped = [...this.stored.keys()].filter((name) => !this.current.has(name));
    const changed = [...this.current].filter(([name, entry]) => this.stored.get(name) !== entry);
    if (!changed.length && !dropped.length) {
      this.keep(this.stored, this.lines);
      return;
    }
    try {
      if (this.writer) this.finishWriting();
      else if (this.canAppend(changed.length + dropped.length)) {
        appendEntries(this.file, changed, dropped, this.lazyPath);
        this.keep(this.current, this.lines + changed.length + dropped.length);
      } else {
        writeEntries(this.file, this.header, this.current, this.lazyPath);
        removeOrphans(this.options.dir, this.file);
        this.keep(this.current, this.current.size);
      }
    } catch {
      // A cache that cannot be written only makes the next run slower.
      residents.delete(this.file);
    }
  }

  private write(name: string, entry: Stored<T>): void {
    try {
      this.writer ??= new CacheWriter<T>(this.file, this.header, this.lazyPath);
      this.writer.add(name, entry);
    } catch {
      // Left to `save`, which ignores a cache that cannot be written.
      this.stopWriting();
    }
  }

  /** Puts the file written entry by entry in place: every entry was set, as nothing was stored. */
  private finishWriting(): void {
    const written = this.writer!;
    this.writer = undefined;
    this.writing = false;
    written.finish();
    removeOrphans(this.options.dir, this.file);
    this.keep(this.current, written.lines);
  }

  /**
   * Whether `appended` more lines may go at the end of the file: not when it has no valid header
   * yet, nor when it ends in a line cut short (appended to, the two would join into one line that
   * may still read as whole), nor when replaced lines would make up more than a quarter of it, nor
   * when another process replaced it since it was read.
   */
  private canAppend(appended: number): boolean {
    return (
      this.lines > 0 &&
      this.whole &&
      this.lines + appended <= this.current.size * 1.25 &&
      stampOfFile(this.file) === this.openedStamp
    );
  }

  private keep(entries: Map<string, Stored<T>>, lines: number): void {
    if (this.options.resident)
      residents.set(this.file, {
        key: this.options.key,
        fileStamp: stampOfFile(this.file),
        entries: entries as Map<string, Stored<unknown>>,
        lines,
      });
  }
}
