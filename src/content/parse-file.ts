/**
 * One article or page as the first pass of a load reads it: its record (from the parse cache or
 * its text), its front matter checked, and its body parsed once that passed. Where the body's
 * links lead is left to the second pass, which knows every file.
 */
import type { FileOpener } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import { type ParsedBody, parseArticleBody } from "./markdown.js";
import { lineFinder, type MarkdownRecord, type ReadRecord, readMarkdownRecord } from "./records.js";
import { checkRecord, type SchemaRule } from "./validate.js";

/** A Markdown file whose front matter passed, with its body parsed but its links not yet resolved. */
export interface ParsedFile<T> {
  sourcePath: string;
  source: { lineOf: (keyPath: readonly PropertyKey[]) => number; bodyLine: number; bodyBlank: boolean };
  frontMatter: T;
  /** The slug made of the file name (see `articleSlug`). */
  nameSlug: string;
  body: ParsedBody;
  /** Hash of the file's bytes. */
  sourceHash: string;
}

/**
 * A Markdown file whose front matter has errors (reported): it is not loaded, but it exists, so
 * links to it and comments on it are not reported as pointing at nothing.
 */
export interface BrokenFile {
  sourcePath: string;
  broken: true;
  /** The slugs it may have: from its file name, and its `slug` as written. */
  slugs: string[];
}

/** Reads one article or page: its front matter checked by `rule`, its body parsed once that passed. */
export function parseMarkdownFile<T>(
  file: string,
  open: FileOpener<MarkdownRecord>,
  rule: SchemaRule<T>,
  html: boolean,
  issues: ContentIssue[],
): ParsedFile<T> | BrokenFile {
  let read: ReadRecord<MarkdownRecord> | undefined;
  const opened = open(file, (text) => (read = readMarkdownRecord(file, text)).record);
  const { record } = opened;
  issues.push(...record.frontMatter.issues);
  if (record.frontMatter.issues.length) {
    opened.settle(false);
    return brokenFile(file, record);
  }
  const data = () => (read ??= readMarkdownRecord(file, opened.text())).data;
  const checked = checkRecord(record, file, record.frontMatter, data, rule);
  let changed = checked.changed;
  if (checked.value === undefined) issues.push(...checked.issues);
  else if (!record.body || (html && !record.body.summary)) {
    record.body = parseArticleBody(opened.text().slice(record.bodyStart), record.bodyLine, { html });
    changed = true;
  }
  opened.settle(changed);
  if (checked.value === undefined || !record.body) return brokenFile(file, record);
  return {
    sourcePath: file,
    source: { lineOf: lineFinder(record.frontMatter), bodyLine: record.bodyLine, bodyBlank: record.bodyBlank },
    frontMatter: checked.value,
    nameSlug: record.nameSlug,
    body: record.body,
    sourceHash: opened.hash,
  };
}

function brokenFile(sourcePath: string, record: MarkdownRecord): BrokenFile {
  const slugs = [record.nameSlug];
  if (record.writtenSlug !== undefined && record.writtenSlug !== record.nameSlug) slugs.push(record.writtenSlug);
  return { sourcePath, broken: true, slugs };
}

/** Whether a file read by `parseMarkdownFile` has errors. */
export function isBroken<T>(file: ParsedFile<T> | BrokenFile): file is BrokenFile {
  return "broken" in file;
}
