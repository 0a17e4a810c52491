/**
 * The moderation queue: one YAML file per submission, `<id>.yaml`, in a folder of its own.
 * Files are written whole or not at all (temporary file, fsync, rename, fsync of the folder),
 * so a crash at any moment leaves no half-written comment; temporary files start with `.tmp-`
 * and nothing that reads the queue counts them.
 */
import { randomBytes } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { readYaml } from "../content/yaml-source.js";
import { isSlug } from "../lib/slug.js";

/** `20261126T101500123Z-3f9a0c1b7e2d`: the UTC time to the millisecond, then 48 random bits. */
export const COMMENT_ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{12}$/;
export const COMMENT_ID_EXAMPLE = "20261126T101500123Z-3f9a0c1b7e2d";

/** Prefix of files being written; never a comment. */
export const TEMP_PREFIX = ".tmp-";

/** Random hex digits; a parameter so tests can pin it. */
export type RandomHex = (bytes: number) => string;
export const randomHex: RandomHex = (bytes) => randomBytes(bytes).toString("hex");

/** A new comment id: sorts by arrival time, and is never derived from reader input. */
export function newCommentId(now: Date, random: RandomHex = randomHex): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${random(6)}`;
}

/** What a queue file holds: the contract's comment format plus the article and the id. */
export const queuedCommentSchema = z.strictObject({
  id: z.string().regex(COMMENT_ID_PATTERN, { error: `must be a comment id  (e.g. ${COMMENT_ID_EXAMPLE})` }),
  article: z.string().refine(isSlug, { error: "must be an article slug" }),
  author: z.string().min(1, { error: "must not be empty" }),
  date: z.string().min(1, { error: "must not be empty" }),
  body: z.string().min(1, { error: "must not be empty" }),
  replyTo: z.string().optional(),
});
export type QueuedComment = z.infer<typeof queuedCommentSchema>;

/** The comment as YAML, keys in the contract's order. */
export function queuedCommentYaml(comment: QueuedComment): string {
  const { id, article, author, date, body, replyTo } = comment;
  return stringify(
    replyTo === undefined ? { id, article, author, date, body } : { id, article, author, date, body, replyTo },
    { lineWidth: 0 },
  );
}

/**
 * Writes `text` to `dir/name` so that the file is either absent or complete, even across a
 * crash or power loss: a temporary file in the same folder is written and fsynced, renamed over
 * the name, and the folder is fsynced so the rename itself is on disk before this resolves.
 */
export async function writeFileAtomic(dir: string, name: string, text: string, mode = 0o644): Promise<void> {
  const temp = path.join(dir, `${TEMP_PREFIX}${name}-${randomHex(6)}`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, "wx", mode);
    await handle.writeFile(text, "utf8");
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path.join(dir, name));
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; its file systems order the rename anyway.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs at most `limit` tasks at once, so a burst of posts cannot exhaust file descriptors. */
function concurrencyLimit(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export interface QueueWriter {
  /** Stores a comment durably; resolves once it is on disk. */
  add(comment: QueuedComment): Promise<void>;
}

/** A writer for the queue folder (created when missing). Queue files are readable by owner and group only. */
export async function openQueue(queueDir: string, options: { parallelWrites?: number } = {}): Promise<QueueWriter> {
  await mkdir(queueDir, { recursive: true });
  const limit = concurrencyLimit(options.parallelWrites ?? 16);
  return {
    add: (comment) => limit(() => writeFileAtomic(queueDir, `${comment.id}.yaml`, queuedCommentYaml(comment), 0o640)),
  };
}

/** A queue file that could not be read as a comment. */
interface QueueProblem {
  file: string;
  message: string;
}

export interface QueueContents {
  /** Oldest first. */
  comments: QueuedComment[];
  problems: QueueProblem[];
}

/** Reads every comment in the queue; temporary files and other names are ignored. */
export async function readQueue(queueDir: string): Promise<QueueContents> {
  let names: string[];
  try {
    names = await readdir(queueDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { comments: [], problems: [] };
    throw error;
  }
  const comments: QueuedComment[] = [];
  const problems: QueueProblem[] = [];
  for (const name of names.filter((name) => name.endsWith(".yaml") && !name.startsWith(".")).sort()) {
    const read = await readQueuedComment(queueDir, name.slice(0, -".yaml".length));
    if ("comment" in read) comments.push(read.comment);
    else problems.push({ file: name, message: read.problem });
  }
  return { comments, problems };
}

/** Reads one queued comment by id. */
export async function readQueuedComment(
  queueDir: string,
  id: string,
): Promise<{ comment: QueuedComment } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(path.join(queueDir, `${id}.yaml`), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { problem: "is not in the queue" };
    throw error;
  }
  const source = readYaml(`${id}.yaml`, text);
  if (source.issues.length) return { problem: source.issues[0]!.message };
  const result = queuedCommentSchema.safeParse(source.data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { problem: `${issue.path.map(String).join(".") || "file"} ${issue.message}` };
  }
  if (result.data.id !== id) return { problem: "holds a different id than its file name" };
  return { comment: result.data };
}

/**
 * Deletes temporary files a crash left behind, when older than `maxAgeMs` (a younger one may
 * belong to a write in progress). Returns how many were removed.
 */
export async function removeStaleTemporaryFiles(
  queueDir: string,
  now: Date,
  maxAgeMs = 60 * 60 * 1000,
): Promise<number> {
  let removed = 0;
  for (const name of await readdir(queueDir)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(queueDir, name);
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && now.getTime() - info.mtimeMs > maxAgeMs) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
