/**
 * The editor's side of the queue: list what waits, approve comments into the content folder
 * (`comments/<slug>/<id>.yaml`, ready to commit) or reject them. Approval and rejection check
 * every id first and change nothing unless all of them can be done.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { formatIssue, sortIssues } from "../content/issues.js";
import { loadContent } from "../content/load.js";
import { ALLOWED_KEYS, commentSchema } from "../content/schema.js";
import { readYaml, schemaIssues } from "../content/yaml-source.js";
import {
  COMMENT_ID_EXAMPLE,
  COMMENT_ID_PATTERN,
  type QueueContents,
  type QueuedComment,
  readQueue,
  readQueuedComment,
  writeFileAtomic,
} from "./queue.js";

export type { QueueContents };
export { readQueue as listQueue };

/** What a moderation command did, or why it did nothing. */
export interface ModerationResult {
  /** One line per comment handled. */
  done: string[];
  /** Every reason the command refused; when present, nothing was changed. */
  errors: string[];
}

/** Ids as the editor typed them, with a pasted `.yaml` dropped and duplicates removed. */
function normaliseIds(ids: string[], errors: string[]): string[] {
  const unique = [...new Set(ids.map((id) => id.trim().replace(/\.yaml$/, "")))];
  for (const id of unique) {
    if (!COMMENT_ID_PATTERN.test(id))
      errors.push(`${printable(id)}: not a comment id  (ids look like ${COMMENT_ID_EXAMPLE}; see comments:list)`);
  }
  return unique.filter((id) => COMMENT_ID_PATTERN.test(id));
}

/** The approved comment file: the contract's keys only, in its order. */
export function approvedCommentYaml(comment: QueuedComment): string {
  const { author, date, body, replyTo } = comment;
  return stringify(replyTo === undefined ? { author, date, body } : { author, date, body, replyTo }, { lineWidth: 0 });
}

export interface ApproveOptions {
  contentDir: string;
  queueDir: string;
  ids: string[];
}

/**
 * Moves queued comments into `contentDir/comments/<slug>/<id>.yaml`. Each file is checked
 * against the content schema as written, its article must exist and a reply's parent must be
 * approved already or in the same batch.
 */
export async function approveComments(options: ApproveOptions): Promise<ModerationResult> {
  const errors: string[] = [];
  const ids = normaliseIds(options.ids, errors);
  const queued: QueuedComment[] = [];
  for (const id of ids) {
    const read = await readQueuedComment(options.queueDir, id);
    if ("comment" in read) queued.push(read.comment);
    else errors.push(`${id}: ${read.problem}`);
  }
  if (errors.length) return { done: [], errors };

  const { content, issues } = loadContent(options.contentDir);
  if (!content) {
    const contentErrors = sortIssues(issues.filter((issue) => issue.severity === "error"));
    return {
      done: [],
      errors: [
        ...contentErrors.map((issue) => formatIssue(issue, options.contentDir)),
        "The content folder has the problems above; fix them before approving comments.",
      ],
    };
  }
  const slugs = new Set(content.articles.map((article) => article.slug));
  const approvedIds = new Set(content.comments.map((comment) => `${comment.articleSlug}/${comment.id}`));
  const batchIds = new Set(queued.map((comment) => `${comment.article}/${comment.id}`));
  const schema = commentSchema(content.settings.timezone);

  const plan: { comment: QueuedComment; dir: string; text: string; alreadyThere: boolean }[] = [];
  for (const comment of queued) {
    if (!slugs.has(comment.article)) {
      errors.push(
        `${comment.id}: article "${comment.article}" does not exist in ${options.contentDir}  (was it renamed or deleted? then reject the comment)`,
      );
      continue;
    }
    const file = `comments/${comment.article}/${comment.id}.yaml`;
    const text = approvedCommentYaml(comment);
    const source = readYaml(file, text);
    const result = schema.safeParse(source.data);
    if (!result.success) {
      for (const issue of schemaIssues(file, result.error, source, ALLOWED_KEYS.comment))
        errors.push(`${comment.id}: ${issue.field} ${issue.message}`);
      continue;
    }
    const parent = comment.replyTo;
    if (
      parent !== undefined &&
      !approvedIds.has(`${comment.article}/${parent}`) &&
      !batchIds.has(`${comment.article}/${parent}`)
    ) {
      errors.push(
        `${comment.id}: answers comment "${printable(parent)}", which is not approved on this article  (approve that one first, or both together)`,
      );
      continue;
    }
    const target = path.join(content.contentDir, file);
    // A crash between writing the approved file and deleting the queued one leaves both; approving
    // again then just finishes the job.
    const alreadyThere = existsSync(target);
    if (alreadyThere && readFileSync(target, "utf8") !== text) {
      errors.push(`${comment.id}: ${file} already exists with other content  (look at both files before going on)`);
      continue;
    }
    plan.push({ comment, dir: path.dirname(target), text, alreadyThere });
  }
  if (errors.length) return { done: [], errors };

  const done: string[] = [];
  for (const { comment, dir, text, alreadyThere } of plan) {
    if (!alreadyThere) {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(dir, `${comment.id}.yaml`, text);
    }
    await rm(path.join(options.queueDir, `${comment.id}.yaml`), { force: true });
    done.push(
      `approved ${comment.id} → ${path.join(options.contentDir, "comments", comment.article, `${comment.id}.yaml`)}`,
    );
  }
  return { done, errors: [] };
}

/** Deletes queued comments; a file that no longer parses can be rejected too. */
export async function rejectComments(options: { queueDir: string; ids: string[] }): Promise<ModerationResult> {
  const errors: string[] = [];
  const ids = normaliseIds(options.ids, errors);
  for (const id of ids) {
    if (!existsSync(path.join(options.queueDir, `${id}.yaml`))) errors.push(`${id}: is not in the queue`);
  }
  if (errors.length) return { done: [], errors };
  for (const id of ids) await rm(path.join(options.queueDir, `${id}.yaml`), { force: true });
  return { done: ids.map((id) => `rejected ${id}`), errors: [] };
}

/**
 * Reader text made safe for a terminal: control characters (which could carry escape
 * sequences) become `�`, and the text is cut at `max` characters.
 */
export function printable(text: string, max = Infinity): string {
  const clean = text.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, "\uFFFD");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The queue as the editor reads it: two lines per comment, oldest first. */
export function formatQueue(contents: QueueContents): string[] {
  const lines: string[] = [];
  for (const comment of contents.comments) {
    const reply = comment.replyTo === undefined ? "" : `  (reply to ${printable(comment.replyTo, 40)})`;
    lines.push(
      `${comment.id}  ${comment.article}  ${printable(comment.date, 40)}  ${printable(comment.author, 100)}${reply}`,
    );
    lines.push(`    ${printable(comment.body.split("\n")[0] ?? "", 100)}`);
  }
  return lines;
}
