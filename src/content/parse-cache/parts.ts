/**
 * A cache filled in parts by several processes (see parse-ahead.ts): each writes a cache file of
 * its own for the same options, and the parts are appended to the folder's cache file.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { CHUNK_BYTES, type HeaderOptions, headerFor, headerOf, sameHeader } from "./format.js";

/** Whether the cache file exists and was written for these options: opening it would find its entries. */
export function hasParseCache(file: string, options: HeaderOptions): boolean {
  return sameHeader(headerOf(file), headerFor(options));
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
