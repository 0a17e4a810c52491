/**
 * Reading a cache file: its lines scanned in chunks through one buffer, and only the lines' heads
 * kept; a lazy part is remembered by where it is in the file, which stays open to read it from.
 * Reading the whole file into memory would mostly pay for the first touch of that much new memory,
 * for a build that renders a few pages.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { CHUNK_BYTES, type Entry, type Header, type Stored, sameHeader } from "./format.js";
import { attachLazy, type CacheSource, lazySources } from "./lazy.js";

/** A cache file as read. */
export interface ReadEntries<T> {
  entries: Map<string, Stored<T>>;
  /** How many entry lines the file has: more than entries once changes were appended. */
  lines: number;
  /** Whether the file ends where a line ends (no append was cut short). */
  whole: boolean;
}

/** Reads a cache file's entries. Empty when the file is missing, unreadable or of another header. */
export function readEntries<T>(file: string, header: Header, lazyPath: readonly string[]): ReadEntries<T> {
  const entries = new Map<string, Stored<T>>();
  let descriptor: number;
  try {
    descriptor = openSync(file, "r");
  } catch {
    return { entries, lines: 0, whole: true };
  }
  const source: CacheSource = { descriptor };
  let lines = -1;
  let lazyParts = 0;
  /** Handles one whole line: its head's text, and where its lazy part is (-1 for none). */
  const line = (head: string, lazyStart: number, lazyEnd: number, lazyIntact: boolean) => {
    if (lines < 0) {
      if (!sameHeader(JSON.parse(head) as Partial<Header>, header)) throw new Error("another cache");
    } else {
      const [name, contentHash, value, stamp] = JSON.parse(head) as Entry<T> | [name: string, removed: null];
      if (contentHash === null) entries.delete(name);
      else {
        if (lazyStart >= 0) {
          attachLazy(value, lazyPath, { source, start: lazyStart, end: lazyEnd }, lazyIntact);
          lazyParts++;
        }
        entries.set(name, { contentHash, value: value as T, stamp });
      }
    }
    lines++;
  };
  try {
    const whole = scanLines(descriptor, line);
    if (lazyParts) lazySources.register(source, descriptor);
    else closeSync(descriptor);
    return { entries, lines: Math.max(lines, 0), whole };
  } catch {
    closeSync(descriptor);
    return { entries: new Map(), lines: 0, whole: true };
  }
}

/**
 * Calls `line` for each whole line of an open cache file, in order: the text of its head (up to
 * a tab, or the whole line), and the byte range of what follows the tab (-1, -1 when nothing
 * does), with whether that range starts with `{` and ends with `}`, as a whole JSON object does.
 * A last line without its newline is an append cut short: it is left out, and the result is
 * false (true when the file ends where a line ends). JSON escapes tabs and newlines inside
 * strings, so the first tab on a line is where its lazy part starts.
 */
function scanLines(
  descriptor: number,
  line: (head: string, lazyStart: number, lazyEnd: number, lazyIntact: boolean) => void,
): boolean {
  const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let head = "";
  let inHead = true;
  let lazyStart = -1;
  let firstLazyByte = -1;
  let lastByte = -1;
  let lineLength = 0;
  for (let position = 0; ; ) {
    const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, position);
    if (read === 0) return lineLength === 0;
    const chunk = buffer.subarray(0, read);
    let index = 0;
    while (index < read) {
      const newline = chunk.indexOf(10, index);
      const stop = newline < 0 ? read : newline;
      if (stop > index) {
        if (inHead) {
          // Looked for within the line only: a file without lazy parts would otherwise be scanned to the chunk's end for each line.
          const tab = chunk.subarray(index, stop).indexOf(9);
          head += chunk.toString("latin1", index, tab < 0 ? stop : index + tab);
          if (tab >= 0) {
            inHead = false;
            lazyStart = position + index + tab + 1;
            if (index + tab + 1 < stop) firstLazyByte = chunk[index + tab + 1]!;
          }
        } else if (firstLazyByte < 0) {
          firstLazyByte = chunk[index]!;
        }
        lastByte = chunk[stop - 1]!;
        lineLength += stop - index;
      }
      if (newline < 0) break;
      if (lineLength > 0) {
        const lazyEnd = lazyStart < 0 ? -1 : position + newline;
        line(head, lazyStart, lazyEnd, firstLazyByte === 0x7b && lastByte === 0x7d && lazyEnd > lazyStart);
      }
      head = "";
      inHead = true;
      lazyStart = firstLazyByte = lastByte = -1;
      lineLength = 0;
      index = newline + 1;
    }
    position += read;
  }
}
