/**
 * Writing a cache file: whole, to a temporary file renamed into place so a reader never sees half
 * of one, or a few changed entries appended to it; and appending to it the part of a cache that
 * another process filled (see parse-ahead.ts), each process having written a file of its own.
 */
import {
  appendFileSync,
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import {
  asciiJson,
  CHUNK_BYTES,
  type Header,
  type HeaderOptions,
  headerFor,
  headerOf,
  type Stored,
  sameHeader,
} from "./format.js";
import { attachLazy, type CacheSource, closeQuietly, lazySources, splitLazy } from "./lazy.js";

/**
 * One line of the cache file for an entry, or for an entry removed (`[name, null]`), and where on
 * it the entry's lazy part starts (after its head and a tab) when it has one; the part runs to
 * the newline.
 */
function entryLine<T>(
  name: string,
  entry: Stored<T> | undefined,
  lazyPath: readonly string[],
): { line: string; lazyStart?: number } {
  if (!entry) return { line: `${asciiJson([name, null])}\n` };
  const { head, lazy } = splitLazy(entry.value, lazyPath);
  const row = asciiJson(entry.stamp ? [name, entry.contentHash, head, entry.stamp] : [name, entry.contentHash, head]);
  return lazy === undefined ? { line: `${row}\n` } : { line: `${row}\t${lazy}\n`, lazyStart: row.length + 1 };
}

/** Appends changed and removed entries to the cache file, in one write. */
export function appendEntries<T>(
  file: string,
  changed: [string, Stored<T>][],
  dropped: string[],
  lazyPath: readonly string[],
): void {
  let text = "";
  for (const [name, entry] of changed) text += entryLine(name, entry, lazyPath).line;
  for (const name of dropped) text += entryLine(name, undefined, lazyPath).line;
  appendFileSync(file, text);
}

/** Writes the whole cache to a temporary file beside it, then renames it into place. */
export function writeEntries<T>(
  file: string,
  header: Header,
  entries: Map<string, Stored<T>>,
  lazyPath: readonly string[],
): void {
  const writer = new CacheWriter(file, header, lazyPath);
  try {
    for (const [name, entry] of entries) writer.add(name, entry);
  } catch (error) {
    writer.abandon();
    throw error;
  }
  writer.finish();
}

/**
 * Writes a whole cache file, entry by entry, to a temporary file beside it that `finish` renames
 * into place, so a reader never sees half of one. Each entry's lazy part is read from the new file
 * as soon as it is written there (at most a chunk later), so a cold load does not hold every body
 * in memory until the cache is written.
 */
export class CacheWriter<T> {
  private readonly temporary: string;
  /** Closed once neither the writer nor a lazy part refers to it (a load that failed drops its writer unfinished). */
  private readonly source: CacheSource;
  /** Whether a lazy part refers to `source`, which must then stay open. */
  private referred = false;
  /**
   * Bytes not written yet. Lines are copied in as they come: a string of many lines, written at
   * once, would first be flattened into fresh memory.
   */
  private buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private written = 0;
  /** Where the lazy parts in `buffer` are in the file, to read them from there once written. */
  private moved: { value: unknown; start: number; end: number }[] = [];
  /** Entry lines written or waiting in `buffer`. */
  lines = 0;

  constructor(
    private readonly file: string,
    header: Header,
    private readonly lazyPath: readonly string[],
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    this.source = { descriptor: openSync(this.temporary, "w+") };
    lazySources.register(this.source, this.source.descriptor, this.source);
    this.append(`${asciiJson(header)}\n`);
  }

  add(name: string, entry: Stored<T>): void {
    const { line, lazyStart } = entryLine(name, entry, this.lazyPath);
    const at = this.append(line);
    if (lazyStart !== undefined)
      this.moved.push({ value: entry.value, start: at + lazyStart, end: at + line.length - 1 });
    this.lines++;
  }

  /** Writes what is left and renames the file into place; abandons it if either fails. */
  finish(): void {
    try {
      this.flush();
      renameSync(this.temporary, this.file);
    } catch (error) {
      this.abandon();
      throw error;
    }
    this.closeUnlessReferred();
  }

  /** Removes the temporary file; lazy parts already read from it still can be (the file stays open). */
  abandon(): void {
    rmSync(this.temporary, { force: true });
    this.closeUnlessReferred();
  }

  private closeUnlessReferred(): void {
    if (!this.referred && lazySources.unregister(this.source)) closeQuietly(this.source.descriptor);
  }

  /** Copies an ASCII line (asciiJson: its length is its length in bytes) into the buffer; returns where in the file it goes. */
  private append(line: string): number {
    if (this.used + line.length > this.buffer.length) {
      this.flush();
      if (line.length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(line.length);
    }
    const at = this.written + this.used;
    this.used += this.buffer.write(line, this.used, "latin1");
    return at;
  }

  /** Writes the buffer whole (looping over short writes, as the offsets of lazy parts depend on it). */
  private flush(): void {
    for (let done = 0; done < this.used; )
      done += writeSync(this.source.descriptor, this.buffer, done, this.used - done);
    this.written += this.used;
    this.used = 0;
    if (!this.moved.length) return;
    for (const { value, start, end } of this.moved)
      attachLazy(value, this.lazyPath, { source: this.source, start, end }, true);
    this.moved = [];
    this.referred = true;
  }
}

/**
 * Appends the entries of `part` (a cache file written for the same options) to the cache file
 * `file`; returns whether it did. Either file missing or of other options, or the copy failing
 * half-way (the file is then cut back to its old end, as a line cut short would join the next
 * one appended), leaves the cache file as it was. Entry lines are copied as they are: a lazy part
 * is found by where it is on its line.
 */
export function appendParseCache(file: string, part: string, options: HeaderOptions): boolean {
  const header = headerFor(options);
  if (!sameHeader(headerOf(file), header) || !sameHeader(headerOf(part), header)) return false;
  let from: number | undefined;
  let to: number | undefined;
  let end = -1;
  try {
    from = openSync(part, "r");
    to = openSync(file, "r+");
    end = fstatSync(to).size;
    const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    // The cache file must end where a line ends, or the first line copied would join its last.
    if (end === 0 || readSync(to, buffer, 0, 1, end - 1) !== 1 || buffer[0] !== 10) return false;
    let at = end;
    for (
      let position = 0, read: number;
      (read = readSync(from, buffer, 0, CHUNK_BYTES, position)) > 0;
      position += read
    ) {
      // The part's header line is skipped.
      const start = position === 0 ? buffer.subarray(0, read).indexOf(10) + 1 : 0;
      if (position === 0 && start === 0) throw new Error("the part has no whole header line");
      for (let done = start; done < read; ) {
        const written = writeSync(to, buffer, done, read - done, at);
        done += written;
        at += written;
      }
    }
    return true;
  } catch {
    try {
      if (to !== undefined && end >= 0) ftruncateSync(to, end);
    } catch {
      // Not even that: the next load finds a line cut short, leaves it out and rewrites the file.
    }
    return false;
  } finally {
    if (from !== undefined) closeSync(from);
    if (to !== undefined) closeSync(to);
  }
}
