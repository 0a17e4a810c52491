/**
 * A reader's comment as it arrives at the intake server: the form or JSON body parsed into
 * fields, cleaned and checked. Pure functions; the server decides what to answer.
 */
import { z } from "zod";
import { isSlug } from "../lib/slug.js";

/** Longest name a reader may give, in UTF-16 units like the form's `maxlength`. */
const MAX_AUTHOR_LENGTH = 100;
/** Longest comment, in UTF-16 units like the form's `maxlength`. */
const MAX_BODY_LENGTH = 5000;
/** Largest request body read, in bytes. */
export const MAX_REQUEST_BYTES = 16 * 1024;

/** The field a person never fills; bots that fill every input do. */
const HONEYPOT_FIELD = "website";

/**
 * The request body formats the server reads. The article form sends `multipart`: unlike
 * URL-encoding, it does not triple the size of non-Latin text, so a 5,000-character comment in
 * Cyrillic or Chinese still fits the 16 KB request limit.
 */
export type SubmissionFormat = "form" | "multipart" | "json";

/**
 * Line breaks as `\n` (forms send `\r\n`, which would count twice against the length), and no
 * other control characters: they have no place in a comment and can hide terminal escapes
 * from the editor who lists the queue.
 */
export function cleanReaderText(text: string, singleLine: boolean): string {
  const unified = text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "");
  return (singleLine ? unified.replace(/\s+/g, " ") : unified).trim();
}

const readerText = (what: string, max: number, singleLine: boolean) =>
  z
    .string({ error: "must be text" })
    .transform((value) => cleanReaderText(value, singleLine))
    .pipe(
      z
        .string()
        .min(1, { error: `must not be empty  (${what})` })
        .max(max, { error: `is too long  (at most ${max} characters)` }),
    );

/** The fields of a submission after cleaning; `article` and `replyTo` are still to be looked up. */
const submissionSchema = z.strictObject({
  article: z
    .string({ error: "must be text" })
    .max(200, { error: "is not an article's slug  (e.g. plant-reopens)" })
    .refine(isSlug, { error: "is not an article's slug  (e.g. plant-reopens)" }),
  author: readerText("your name", MAX_AUTHOR_LENGTH, true),
  body: readerText("the comment text", MAX_BODY_LENGTH, false),
  replyTo: z
    .string({ error: "must be the id of the comment you answer" })
    .max(200, { error: "is not a comment id" })
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim())),
  [HONEYPOT_FIELD]: z.string().optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** A problem with a request body, with the HTTP status it earns. */
interface SubmissionProblem {
  status: 400 | 415 | 422;
  /** Sentences for the reader; never contain the reader's input. */
  messages: string[];
}

/** A value, or the problem that prevented it. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: SubmissionProblem };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = (status: SubmissionProblem["status"], ...messages: string[]): Checked<never> => ({
  ok: false,
  problem: { status, messages },
});

/** Which body format a `Content-Type` header names, or a 415 problem. */
export function submissionFormat(contentType: string | undefined): Checked<SubmissionFormat> {
  const [type = "", ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const charset = parameters
    .find((parameter) => parameter.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/"/g, "");
  const unsupported = problem(
    415,
    "the request must be multipart/form-data, application/x-www-form-urlencoded or application/json, in UTF-8",
  );
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return unsupported;
  if (type === "application/x-www-form-urlencoded") return ok("form");
  if (type === "multipart/form-data" && parameters.some((parameter) => parameter.startsWith("boundary=")))
    return ok("multipart");
  if (type === "application/json") return ok("json");
  return unsupported;
}

/**
 * Turns a request body into plain fields, or a 400 problem when it cannot be read.
 * `contentType` is the request's header as sent (a multipart boundary is case-sensitive).
 */
export async function parseSubmissionBody(
  body: Buffer,
  format: SubmissionFormat,
  contentType = "",
): Promise<Checked<Record<string, unknown>>> {
  if (format === "multipart") return parseMultipart(body, contentType);
  const text = body.toString("utf8");
  if (format === "json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return problem(400, "the request body is not valid JSON");
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return problem(
        400,
        'the request body must be a JSON object  (e.g. {"article": "…", "author": "…", "body": "…"})',
      );
    }
    return ok(value as Record<string, unknown>);
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, key)) return problem(400, `the field ${printableKey(key)} is given more than once`);
    fields[key] = value;
  }
  return ok(fields);
}

async function parseMultipart(body: Buffer, contentType: string): Promise<Checked<Record<string, unknown>>> {
  let data: FormData;
  try {
    // The Fetch API's own multipart parser (undici, part of Node): no dependency to keep up.
    data = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
  } catch {
    return problem(400, "the request body is not valid multipart/form-data");
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of data) {
    if (typeof value !== "string") return problem(400, "files cannot be attached to a comment");
    if (Object.hasOwn(fields, key)) return problem(400, `the field ${printableKey(key)} is given more than once`);
    fields[key] = value;
  }
  return ok(fields);
}

/** Whether the honeypot field was filled in. */
export function isHoneypotFilled(fields: Record<string, unknown>): boolean {
  const value = fields[HONEYPOT_FIELD];
  return value !== undefined && value !== null && String(value).trim() !== "";
}

/** Validates parsed fields; problems name the field and what would be valid, never the input. */
export function validateSubmission(fields: Record<string, unknown>): Checked<Submission> {
  const result = submissionSchema.safeParse(fields);
  if (result.success) return ok(result.data);
  const messages = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map(
          (key) => `unknown field ${printableKey(key)}  (allowed: article, author, body, replyTo, ${HONEYPOT_FIELD})`,
        )
      : [`${issue.path.map(String).join(".") || "the request"} ${issue.message}`],
  );
  return problem(422, ...messages);
}

/** A field name fit to quote back: known-safe characters only, else a placeholder. */
function printableKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(key) ? `"${key}"` : "(with an unusual name)";
}
