/** Approved reader comments, `comments/<article-slug>/<name>.yaml`: each checked, then their replies matched up. */
import path from "node:path";
import type { FileOpener } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import { renderCommentBody } from "./markdown.js";
import { type CommentRecord, lineFinder, type ReadRecord, readYamlRecord, type YamlRecord } from "./records.js";
import type { CommentEntry } from "./schema.js";
import { checkRecord, type SchemaRule } from "./validate.js";

export interface LoadedComment {
  sourcePath: string;
  id: string;
  articleSlug: string;
  entry: CommentEntry;
  html: string;
}

export interface CommentContext {
  open: FileOpener<CommentRecord>;
  rule: SchemaRule<CommentEntry>;
  /** Render each comment's text to HTML; else `html` is empty. */
  html: boolean;
  /** The slugs of every article, loaded or not for errors of its own. */
  articleSlugs: ReadonlySet<string>;
  issues: ContentIssue[];
}

/** Reads the comment files (content paths); reports each problem, and a reply to a comment that is not there. */
export function loadComments(files: string[], context: CommentContext): LoadedComment[] {
  const comments: LoadedComment[] = [];
  const sources = new Map<string, YamlRecord>();
  for (const file of files) {
    const comment = loadComment(file, context, sources);
    if (comment) comments.push(comment);
  }
  const ids = new Set(comments.map((comment) => `${comment.articleSlug}/${comment.id}`));
  for (const comment of comments) {
    const replyTo = comment.entry.replyTo;
    if (replyTo !== undefined && !ids.has(`${comment.articleSlug}/${replyTo}`)) {
      context.issues.push({
        file: comment.sourcePath,
        line: lineFinder(sources.get(comment.sourcePath)!)(["replyTo"]),
        field: "replyTo",
        message: `no comment "${replyTo}" on this article  (the file name, without .yaml, of a comment in the same folder)`,
        severity: "error",
      });
    }
  }
  return comments;
}

function loadComment(
  file: string,
  { open, rule, html, articleSlugs, issues }: CommentContext,
  sources: Map<string, YamlRecord>,
): LoadedComment | undefined {
  const parts = file.split("/");
  if (parts.length !== 3) {
    issues.push({
      file,
      line: 1,
      field: "file",
      message: "is not in an article's folder  (comments/<article-slug>/<name>.yaml)",
      severity: "error",
    });
    return undefined;
  }
  const articleSlug = parts[1]!;
  let read: ReadRecord<YamlRecord> | undefined;
  const opened = open(file, (text) => ({ yaml: (read = readYamlRecord(file, text)).record }));
  const { record } = opened;
  sources.set(file, record.yaml);
  issues.push(...record.yaml.issues);
  if (record.yaml.issues.length) {
    opened.settle(false);
    return undefined;
  }
  if (!articleSlugs.has(articleSlug)) {
    issues.push({
      file,
      line: 1,
      field: "file",
      message: `is for article "${articleSlug}", which does not exist  (the folder name must be an article's slug)`,
      severity: "error",
    });
  }
  const data = () => (read ??= readYamlRecord(file, opened.text())).data;
  const checked = checkRecord(record, file, record.yaml, data, rule);
  let changed = checked.changed;
  if (checked.value === undefined) {
    issues.push(...checked.issues);
  } else if (html && record.html === undefined) {
    record.html = renderCommentBody(checked.value.body);
    changed = true;
  }
  opened.settle(changed);
  if (checked.value === undefined) return undefined;
  const id = path.posix.basename(file).replace(/\.ya?ml$/i, "");
  return { sourcePath: file, id, articleSlug, entry: checked.value, html: html ? record.html! : "" };
}
