/**
 * The per-file work of loading content: what one file says on its own, before it is compared
 * with the others. Records are plain data (JSON-safe), so `loadContent` keeps them in the parse
 * cache and skips the work while a file is unchanged. Work that depends on other files is either
 * cached under a context naming what it depended on (a schema check needs the site zone and the
 * known authors) or left to the loader, which does it fresh every time (where links lead).
 */
import { Buffer } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import type { z } from "zod";
import { slugify } from "../lib/slug.js";
import type { ContentIssue } from "./issues.js";
import type { ParsedBody } from "./markdown.js";
import { contentHash, fileStamp, type ParseCache } from "./parse-cache.js";
import { type LineTree, lineOf, readMarkdown, readYaml, schemaIssues } from "./yaml-source.js";

/**
 * A YAML document as read: the lines of its keys, or why it could not be read. Its value is not
 * kept: a cached check of it (`CheckedRecord`) is what later runs need.
 */
export interface YamlRecord {
  issues: ContentIssue[];
  lines: LineTree;
  /** The line `lineOf` falls back to. */
  firstLine: number;
}

/** A record as just read from the file's text, with the YAML value the record does not keep. */
export interface ReadRecord<T> {
  record: T;
  data: unknown;
}

/** A Markdown file: its front matter as read, and its body once the front matter passed. */
export interface MarkdownRecord {
  frontMatter: YamlRecord;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** Where the body starts in the file's text. */
  bodyStart: number;
  /** Whether the body is empty or only whitespace. */
  bodyBlank: boolean;
  /** The slug made of the file name, for files without a `slug` field. */
  nameSlug: string;
  checked?: CheckedRecord;
  /** Parsed only once the front matter passed: the bodies of broken files are never needed. */
  body?: ParsedBody;
}

/** A comment file: its YAML, and its rendered text once it passed (only when rendering). */
export interface CommentRecord {
  yaml: YamlRecord;
  checked?: CheckedRecord;
  html?: string;
}

/** The outcome of a schema check of a record's data, valid for one context. */
export interface CheckedRecord {
  /** Everything the check depended on besides the data and files; see `SchemaRule.context`. */
  context: string;
  /** Files the check looked up, and whether each existed. */
  files?: [file: string, exists: boolean][];
  /** The schema's output, each date as its milliseconds; absent when the check failed. */
  value?: Record<string, unknown>;
  /** The keys of `value` that hold dates. */
  dates?: string[];
  /** The schema's findings, when it failed. */
  issues: ContentIssue[];
}

/** How to check one kind of file's data. */
export interface SchemaRule<T> {
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError } };
  /** The keys the file may have, for "did you mean" hints. */
  allowedKeys: readonly string[];
  /**
   * Names everything the outcome depends on besides the data and the files of `filesOf` (the
   * site zone, the known authors): a cached outcome is reused only in the same context.
   */
  context: string;
  /** The files (content paths) whose existence the schema checks for `data`. @default none */
  filesOf?: (data: unknown) => string[];
  /** Whether a content path names a file; needed with `filesOf`. */
  fileExists?: (contentPath: string) => boolean;
  /** The zone dates are read in; cached dates come back in it. */
  zone: string;
}

/** A content file opened through the parse cache. */
export interface ContentFile<T> {
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

/**
 * Opens content files. A file whose size and modification time are as the cache remembers them
 * is not read at all (its record comes from `cache`, its text is read only if asked for); any
 * other is read (into one reused buffer, so reading 10,000 files allocates almost nothing) and
 * hashed, and its record comes from `cache` while its bytes are unchanged, else from `create`.
 */
export function contentFileReader<T>(root: string, cache: ParseCache<T> | undefined) {
  const readBytes = byteReader();
  return (file: string, create: (text: string) => T): ContentFile<T> => {
    const absolute = path.join(root, file);
    const stamp = cache ? fileStamp(statSync(absolute)) : undefined;
    const unchanged = stamp ? cache!.getByStamp(file, stamp) : undefined;
    if (unchanged) {
      let text: string | undefined;
      return {
        record: unchanged.value,
        text: () => (text ??= readFileSync(absolute, "utf8")),
        hash: unchanged.contentHash,
        settle: (changed) => {
          if (changed) cache!.set(file, unchanged.contentHash, unchanged.value, stamp);
        },
      };
    }
    const bytes = readBytes(absolute);
    const hash = contentHash(bytes);
    let text: string | undefined;
    const decode = () => (text ??= bytes.toString("utf8"));
    const cached = cache?.get(file, hash, stamp);
    const record = cached ?? create(decode());
    const settle = (changed: boolean) => {
      if (!cached || changed) cache?.set(file, hash, record, stamp);
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

/** Reads a YAML file into a record. */
export function readYamlRecord(file: string, text: string): ReadRecord<YamlRecord> {
  const { data, issues, lines, firstLine } = readYaml(file, text);
  return { record: { issues, lines, firstLine }, data };
}

/** Reads a Markdown file's front matter into a record; the body is parsed later, if needed. */
export function readMarkdownRecord(file: string, text: string): ReadRecord<MarkdownRecord> {
  const { data, issues, lines, firstLine, body, bodyLine } = readMarkdown(file, text);
  const nameSlug = slugify(path.posix.basename(file, ".md"));
  return {
    record: {
      frontMatter: { issues, lines, firstLine },
      bodyLine,
      bodyStart: text.length - body.length,
      bodyBlank: body.trim() === "",
      nameSlug,
    },
    data,
  };
}

/** `lineOf` for a record's YAML, for messages that name a line. */
export function lineFinder(record: YamlRecord): (keyPath: readonly PropertyKey[]) => number {
  return (keyPath) => lineOf(record.lines, record.firstLine, keyPath);
}

/**
 * Checks a record's YAML value by `rule`, reusing `owner.checked` when it was made in the same
 * context and the files it looked up still exist or not as they did; otherwise checks `data()`
 * (the value, read again from the file if need be), stores the outcome in `owner` and reports
 * `changed`.
 */
export function checkRecord<T>(
  owner: { checked?: CheckedRecord },
  file: string,
  yaml: YamlRecord,
  data: () => unknown,
  rule: SchemaRule<T>,
): { value?: T; issues: ContentIssue[]; changed: boolean } {
  const cached = owner.checked;
  const exists = rule.fileExists ?? (() => false);
  if (
    cached?.context === rule.context &&
    (cached.files ?? []).every(([contentPath, existed]) => exists(contentPath) === existed)
  ) {
    return {
      value: cached.value ? (reviveValue(cached.value, cached.dates ?? [], rule.zone) as T) : undefined,
      issues: cached.issues,
      changed: false,
    };
  }
  const value = data();
  const result = rule.schema.safeParse(value ?? {});
  const outcome = result.success
    ? { value: result.data, issues: [] }
    : {
        value: undefined,
        issues: schemaIssues(file, result.error, { data: value, lineOf: lineFinder(yaml) }, rule.allowedKeys),
      };
  const stored = result.success ? storableValue(result.data) : undefined;
  const files = (rule.filesOf?.(value) ?? []).map((contentPath): [string, boolean] => [
    contentPath,
    exists(contentPath),
  ]);
  if (stored || !result.success)
    owner.checked = { context: rule.context, ...(files.length ? { files } : {}), ...stored, issues: outcome.issues };
  else delete owner.checked;
  // The value as the cache gives it back: the same objects with or without a cache, and none of its
  // strings is a slice of the file's text (as YAML's are), which would keep the whole file in memory.
  if (stored) return { value: reviveValue(stored.value, stored.dates, rule.zone) as T, issues: [], changed: true };
  return { ...outcome, changed: true };
}

/** The schema's output as JSON with dates as milliseconds, or undefined when it is not that simple. */
function storableValue(value: unknown): { value: Record<string, unknown>; dates: string[] } | undefined {
  if (!isPlainObject(value)) return undefined;
  const stored: Record<string, unknown> = {};
  const dates: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (DateTime.isDateTime(item) && item.isValid) {
      stored[key] = item.toMillis();
      dates.push(key);
    } else if (isJson(item)) {
      stored[key] = item;
    } else {
      return undefined;
    }
  }
  return { value: JSON.parse(JSON.stringify(stored)) as Record<string, unknown>, dates };
}

function reviveValue(value: Record<string, unknown>, dates: string[], zone: string): Record<string, unknown> {
  if (!dates.length) return value;
  const revived = { ...value };
  for (const key of dates) revived[key] = DateTime.fromMillis(value[key] as number, { zone });
  return revived;
}

/** Whether `value` survives JSON.stringify then JSON.parse unchanged. */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJson);
  return isPlainObject(value) && Object.values(value).every(isJson);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
