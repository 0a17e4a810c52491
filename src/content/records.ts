/**
 * What one content file says on its own, read from its text without touching the disk. Records
 * are plain data (JSON-safe), so the parse cache keeps them and a load skips the work while a file
 * is unchanged. Work that depends on other files is either cached under a context naming what it
 * depended on (a schema check needs the site zone and the known authors, see validate.ts) or left
 * to the loader, which does it fresh every time (where links lead).
 */
import path from "node:path";
import { slugify } from "../lib/slug.js";
import { detached } from "../lib/text.js";
import type { ContentIssue } from "./issues.js";
import type { ParsedBody } from "./markdown.js";
import { type LineTree, lineOf, readMarkdown, readYaml } from "./yaml-source.js";

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
  /**
   * The `slug` field as written, read even from front matter with errors: such an article is not
   * loaded, but it still exists, and comments written for it must not be reported as orphans.
   */
  writtenSlug?: string;
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

/** Any record the parse cache holds for a content folder, keyed by path: articles/ and pages/ hold Markdown, comments/ YAML. */
export type ContentRecord = MarkdownRecord | CommentRecord;

/** The outcome of a schema check of a record's data, valid for one context (see `checkRecord`). */
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

/** Reads a YAML file into a record. */
export function readYamlRecord(file: string, text: string): ReadRecord<YamlRecord> {
  const { data, issues, lines, firstLine } = readYaml(file, text);
  return { record: { issues, lines, firstLine }, data };
}

/** Reads a Markdown file's front matter into a record; the body is parsed later, if needed. */
export function readMarkdownRecord(file: string, text: string): ReadRecord<MarkdownRecord> {
  const { data, issues, lines, firstLine, body, bodyLine } = readMarkdown(file, text);
  const bodyStart = text.length - body.length;
  const record: MarkdownRecord = {
    frontMatter: { issues, lines, firstLine },
    bodyLine,
    bodyStart,
    bodyBlank: body.trim() === "",
    nameSlug: slugify(path.posix.basename(file, ".md")),
  };
  const writtenSlug = issues.length ? slugLine(text.slice(0, bodyStart)) : (data as { slug?: unknown })?.slug;
  // A copy: a slice of the text would keep all of it in memory.
  if (typeof writtenSlug === "string") record.writtenSlug = detached(writtenSlug);
  return { record, data };
}

/** A `slug:` line's value in front matter that is not valid YAML, read as well as a line can be. */
function slugLine(frontMatter: string): string | undefined {
  return /^slug:[ \t]*["']?([^"'\s#]+)/m.exec(frontMatter)?.[1];
}

/** `lineOf` for a record's YAML, for messages that name a line. */
export function lineFinder(record: YamlRecord): (keyPath: readonly PropertyKey[]) => number {
  return (keyPath) => lineOf(record.lines, record.firstLine, keyPath);
}

/**
 * Whether a value from the parse cache has the shape of a record: asked of the records a load
 * took from the cache when it failed, to tell a damaged entry (the cache's fault, see
 * `loadContent`) from a failure of the load's own. The lazy part of a body (`body.text`) is not
 * looked at: reading it would read it from the file.
 */
/** Whether `value` is a record of the kind the file at `file` (a content path) has. */
export function isContentRecord(file: string, value: unknown): value is ContentRecord {
  return file.startsWith("comments/") ? isCommentRecord(value) : isMarkdownRecord(value);
}

function isMarkdownRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { writtenSlug, checked, body } = value;
  return (
    isYamlRecord(value.frontMatter) &&
    typeof value.bodyLine === "number" &&
    typeof value.bodyStart === "number" &&
    typeof value.bodyBlank === "boolean" &&
    typeof value.nameSlug === "string" &&
    (writtenSlug === undefined || typeof writtenSlug === "string") &&
    (checked === undefined || isCheckedRecord(checked)) &&
    (body === undefined || isParsedBody(body))
  );
}

function isCommentRecord(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { checked, html } = value;
  return (
    isYamlRecord(value.yaml) &&
    (checked === undefined || isCheckedRecord(checked)) &&
    (html === undefined || typeof html === "string")
  );
}

function isYamlRecord(value: unknown): boolean {
  return isObject(value) && isIssues(value.issues) && isLineTree(value.lines) && typeof value.firstLine === "number";
}

function isCheckedRecord(value: unknown): boolean {
  if (!isObject(value) || typeof value.context !== "string" || !isIssues(value.issues)) return false;
  const { files, value: checked, dates } = value;
  if (files !== undefined) {
    if (!Array.isArray(files)) return false;
    for (const item of files)
      if (!Array.isArray(item) || typeof item[0] !== "string" || typeof item[1] !== "boolean") return false;
  }
  if (checked !== undefined && !isObject(checked)) return false;
  if (dates !== undefined) {
    if (!Array.isArray(dates) || (dates.length && !checked)) return false;
    for (const key of dates) if (typeof key !== "string" || typeof checked![key] !== "number") return false;
  }
  return true;
}

function isParsedBody(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.links)) return false;
  for (const link of value.links) {
    if (
      !isObject(link) ||
      typeof link.target !== "string" ||
      typeof link.line !== "number" ||
      (link.kind !== "link" && link.kind !== "image") ||
      (link.written !== undefined && typeof link.written !== "string")
    )
      return false;
  }
  const { summary } = value;
  return (
    summary === undefined ||
    (isObject(summary) && typeof summary.firstParagraph === "string" && typeof summary.words === "number")
  );
}

function isIssues(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const issue of value) {
    if (
      !isObject(issue) ||
      typeof issue.file !== "string" ||
      typeof issue.line !== "number" ||
      typeof issue.field !== "string" ||
      typeof issue.message !== "string" ||
      (issue.severity !== "error" && issue.severity !== "warning")
    )
      return false;
  }
  return true;
}

/** A `LineTree`: a line or null, or `[line, children]` with children by key or by index. */
function isLineTree(value: unknown): boolean {
  if (value === null || typeof value === "number") return true;
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] === null || typeof value[0] === "number")) return false;
  const children: unknown = value[1];
  if (Array.isArray(children)) return children.every(isLineTree);
  return isObject(children) && Object.values(children).every(isLineTree);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
