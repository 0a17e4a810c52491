/**
 * Whether a value from the parse cache has the shape of a record. The cache's key names the code
 * that wrote it, so only damage or a hand edit gives a value of another shape; such a value is
 * treated as missing and its file read again, rather than let it break the load or change it.
 * The lazy part of a body (`body.text`) is not looked at: reading it would read it from the file.
 */
import type { CheckedRecord, CommentRecord, ContentRecord, MarkdownRecord, YamlRecord } from "./records.js";

/** Whether `value` is a record of the kind the file at `file` (a content path) has. */
export function isContentRecord(file: string, value: unknown): value is ContentRecord {
  return file.startsWith("comments/") ? isCommentRecord(value) : isMarkdownRecord(value);
}

function isMarkdownRecord(value: unknown): value is MarkdownRecord {
  if (!isObject(value)) return false;
  const { frontMatter, bodyLine, bodyStart, bodyBlank, nameSlug, writtenSlug, checked, body } = value;
  return (
    isYamlRecord(frontMatter) &&
    typeof bodyLine === "number" &&
    typeof bodyStart === "number" &&
    typeof bodyBlank === "boolean" &&
    typeof nameSlug === "string" &&
    optional(writtenSlug, isString) &&
    optional(checked, isCheckedRecord) &&
    optional(body, isParsedBody)
  );
}

function isCommentRecord(value: unknown): value is CommentRecord {
  return (
    isObject(value) &&
    isYamlRecord(value.yaml) &&
    optional(value.checked, isCheckedRecord) &&
    optional(value.html, isString)
  );
}

function isYamlRecord(value: unknown): value is YamlRecord {
  return isObject(value) && isIssues(value.issues) && isLineTree(value.lines) && typeof value.firstLine === "number";
}

function isCheckedRecord(value: unknown): value is CheckedRecord {
  if (!isObject(value) || typeof value.context !== "string" || !isIssues(value.issues)) return false;
  const { files, value: checked, dates } = value;
  return (
    optional(files, (list) =>
      isArrayOf(list, (item) => Array.isArray(item) && isString(item[0]) && typeof item[1] === "boolean"),
    ) &&
    optional(checked, isObject) &&
    optional(dates, (list) =>
      isArrayOf(list, (key) => isString(key) && typeof (checked as Record<string, unknown>)?.[key] === "number"),
    )
  );
}

function isParsedBody(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { links, summary } = value;
  return (
    isArrayOf(
      links,
      (link) =>
        isObject(link) &&
        isString(link.target) &&
        typeof link.line === "number" &&
        (link.kind === "link" || link.kind === "image") &&
        optional(link.written, isString),
    ) && optional(summary, (part) => isObject(part) && isString(part.firstParagraph) && typeof part.words === "number")
  );
}

function isIssues(value: unknown): boolean {
  return isArrayOf(
    value,
    (issue) =>
      isObject(issue) &&
      isString(issue.file) &&
      typeof issue.line === "number" &&
      isString(issue.field) &&
      isString(issue.message) &&
      (issue.severity === "error" || issue.severity === "warning"),
  );
}

/** A `LineTree`: a line or null, or `[line, children]` with children by key or by index. */
function isLineTree(value: unknown): boolean {
  if (value === null || typeof value === "number") return true;
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] === null || typeof value[0] === "number")) return false;
  const children: unknown = value[1];
  if (Array.isArray(children)) return children.every(isLineTree);
  return isObject(children) && Object.values(children).every(isLineTree);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === "string";

const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);

const isArrayOf = (value: unknown, check: (item: unknown) => boolean) => Array.isArray(value) && value.every(check);
