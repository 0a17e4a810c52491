/**
 * Lazy parts: the one part of each cached value that is large and seldom needed (an article
 * body's rendered text, most of its file, which only a page being rendered needs). It stays in
 * the cache file, which stays open, and is read and parsed each time it is used, so a build that
 * renders a few pages of a large site does not parse most of the file, and a build that renders
 * them all does not keep them all.
 */
import { closeSync, readSync } from "node:fs";
import { asciiJson, isObject } from "./format.js";

/** An open cache file that lazy parts are read from; closed once no part refers to it any more. */
export interface CacheSource {
  descriptor: number;
}

/** Closes the file of each source no part refers to any more. */
export const lazySources = new FinalizationRegistry<number>(closeQuietly);

/** Closes a descriptor that may have been closed already. */
export function closeQuietly(descriptor: number): void {
  try {
    closeSync(descriptor);
  } catch {
    // Already closed.
  }
}

/** Where a lazy part's JSON is in a cache file. */
export interface RawJson {
  source: CacheSource;
  start: number;
  end: number;
}

/** One buffer for reading lazy parts, grown to the largest read so far. */
let lazyBuffer = Buffer.alloc(0);

/** A lazy part's JSON, read from its cache file. */
function readRaw(raw: RawJson): string {
  const length = raw.end - raw.start;
  if (lazyBuffer.length < length) lazyBuffer = Buffer.allocUnsafeSlow(Math.max(length, 64 * 1024));
  for (let done = 0; done < length; ) {
    const read = readSync(raw.source.descriptor, lazyBuffer, done, length - done, raw.start + done);
    if (read === 0) throw new Error("the parse cache file was cut short while in use");
    done += read;
  }
  return lazyBuffer.toString("latin1", 0, length);
}

/** Lazy parts not parsed yet, by the object holding them: written back as they were read. */
const unparsed = new WeakMap<object, RawJson>();

/**
 * Makes the property at `lazyPath` of `value` a getter that parses `raw` from the file each time
 * (an ordinary property again once set). Throws when `value` has no object to hold it or the part
 * is not `intact` (a whole JSON object): the line is then as unreadable as any other damaged one.
 */
export function attachLazy(value: unknown, lazyPath: readonly string[], raw: RawJson, intact: boolean): void {
  let holder = value;
  for (const key of lazyPath.slice(0, -1)) holder = isObject(holder) ? holder[key] : undefined;
  if (!isObject(holder) || !lazyPath.length || !intact) throw new Error("damaged lazy part");
  const parent = holder;
  const key = lazyPath.at(-1)!;
  unparsed.set(parent, raw);
  Object.defineProperty(parent, key, {
    enumerable: true,
    configurable: true,
    // Parsed anew on every read and not kept: a build reads each body once or twice (its page, a
    // feed), and kept they would all be in memory by the end of a clean build.
    get: () => JSON.parse(readRaw(raw)) as unknown,
    set(part: unknown) {
      unparsed.delete(parent);
      Object.defineProperty(parent, key, { value: part, writable: true, enumerable: true, configurable: true });
    },
  });
}

/** `value` without its lazy part, and that part's JSON (as read, when it was never parsed). */
export function splitLazy(value: unknown, lazyPath: readonly string[]): { head: unknown; lazy?: string } {
  const [key, ...rest] = lazyPath;
  if (key === undefined || !isObject(value) || !Object.hasOwn(value, key)) return { head: value };
  if (rest.length) {
    const inner = splitLazy(value[key], rest);
    return inner.lazy === undefined ? { head: value } : { head: { ...value, [key]: inner.head }, lazy: inner.lazy };
  }
  const raw = unparsed.get(value);
  // Copying the other properties leaves the lazy one unread.
  const { [key]: _, ...others } = value;
  if (raw) return { head: others, lazy: readRaw(raw) };
  return value[key] === undefined ? { head: value } : { head: others, lazy: asciiJson(value[key]) };
}
