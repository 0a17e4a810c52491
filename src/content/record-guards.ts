/**
 * Whether a value from the parse cache has the shape of a record: asked of the records a load
 * took from the cache when it failed, to tell a damaged entry (the cache's fault, see
 * `loadContent`) from a failure of the load's own. The lazy part of a body (`body.text`) is not
 * looked at: reading it would read it from the file.
 */
import type { ContentRecord } from "./records.js";

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
