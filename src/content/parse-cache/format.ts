/**
 * The layout of a parse cache file. The first line is a header naming everything the entries
 * depend on; each further line is an entry, `[file, contentHash, value, stamp?]`, or a removed
 * one, `[file, null]`; later lines win. A value's lazy part, when it has one, follows its line's
 * head after a tab. Lines hold ASCII only, so a line's length in characters is its length in bytes.
 */
import { closeSync, openSync, readSync } from "node:fs";
import path from "node:path";

/** Bump when the layout of the cache file changes. */
const FORMAT = "broadsheet-parse-cache/3";

/** Bytes read from or written to a cache file at a time, through one buffer: fresh memory is what reading or writing a large file costs most. */
export const CHUNK_BYTES = 1 << 20;

export interface Header {
  format: string;
  contentDir: string;
  key: string;
  /** `lazyPath`, joined with dots; "" for none. */
  lazy: string;
}

/** What a cache file's header is made of. */
export interface HeaderOptions {
  /** The content folder the entries belong to. */
  contentDir: string;
  /** Everything the entries depend on besides their file's bytes (versions, settings, code). */
  key: string;
  /** Property path of the lazy part of each value (see lazy.ts). @default none */
  lazyPath?: readonly string[];
}

/** An entry line's head, as parsed. */
export type Entry<T> = [file: string, contentHash: string, value: T, stamp?: string];

/** A value as a store holds it. */
export interface Stored<T> {
  contentHash: string;
  value: T;
  stamp?: string;
}

export function headerFor(options: HeaderOptions): Header {
  return {
    format: FORMAT,
    contentDir: path.resolve(options.contentDir),
    key: options.key,
    lazy: (options.lazyPath ?? []).join("."),
  };
}

export function sameHeader(stored: Partial<Header> | undefined, header: Header): boolean {
  return (
    stored?.format === header.format &&
    stored.contentDir === header.contentDir &&
    stored.key === header.key &&
    stored.lazy === header.lazy
  );
}

/** The header of a cache file, read from its first bytes; undefined when the file is missing or has none. */
export function headerOf(file: string): Partial<Header> | undefined {
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

/** Whether the cache file exists and was written for these options: opening it would find its entries. */
export function hasParseCache(file: string, options: HeaderOptions): boolean {
  return sameHeader(headerOf(file), headerFor(options));
}

/** JSON with every character outside ASCII escaped: Node decodes an ASCII file several times faster than one with Cyrillic in it. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]+/g, (run) => {
    let escaped = "";
    for (let index = 0; index < run.length; index++)
      escaped += `\\u${run.charCodeAt(index).toString(16).padStart(4, "0")}`;
    return escaped;
  });
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
