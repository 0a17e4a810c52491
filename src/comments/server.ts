/**
 * The comment intake server: `POST /comments` from the article form (or a JSON client) into
 * the moderation queue, and `GET /health`. It serves no files and renders nothing from input:
 * every answer is a redirect, a fixed sentence, or JSON.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { DateTime } from "luxon";
import { type ContentIssue, formatIssue, sortIssues } from "../content/index.js";
import { isoDateTime } from "../lib/dates.js";
import {
  newCommentId,
  openQueue,
  type QueuedComment,
  type RandomHex,
  randomHex,
  removeStaleTemporaryFiles,
} from "./queue.js";
import { clientAddress, createRateLimiter } from "./rate-limit.js";
import { indexSite, type LiveSiteIndex, liveSiteIndex, takesComments } from "./site-index.js";
import {
  isHoneypotFilled,
  MAX_REQUEST_BYTES,
  parseSubmissionBody,
  type SubmissionFormat,
  submissionFormat,
  validateSubmission,
} from "./submission.js";

export interface CommentServerOptions {
  /** The content folder, read for article slugs, URLs, the site origin and zone. */
  contentDir: string;
  /** The moderation queue folder; created when missing. */
  queueDir: string;
  /** Submissions per client address per minute; 0 turns the limit off. @default 5 */
  rate?: number;
  /**
   * Request header that carries the client address, set by a proxy or CDN in front of the
   * server (`X-Forwarded-For`, `CF-Connecting-IP`). @default none: the socket address is used
   */
  trustedHeader?: string;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default crypto random bytes */
  random?: RandomHex;
  /** One line per stored comment, and one as each content reload starts and ends. @default console.log */
  log?: (line: string) => void;
  /** Failed writes and failed content reloads, with the content's errors. @default console.error */
  warn?: (line: string) => void;
  /** Least time between reloads of the content caused by unknown slugs. @default 30000 */
  minReloadIntervalMs?: number;
  /** Time between periodic reloads of the content; 0 turns them off. @default 300000 (5 minutes) */
  reloadIntervalMs?: number;
}

export interface CommentServer {
  server: Server;
  /** The site as the server knows it; `index.reload()` reads the content again in the background. */
  index: LiveSiteIndex;
  /** Starts listening; resolves with the base URL (`http://127.0.0.1:8787`). */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking connections and reloads, and resolves once every accepted comment is on disk. */
  close(): Promise<void>;
}

/** Sentences for a person at a browser: where to go after an error. */
const FORM_HINT = "Use your browser's Back button to return to the article: your text is still in the form.";

/** Creates the server, or returns the content issues that prevent it from starting. */
export async function createCommentServer(
  options: CommentServerOptions,
): Promise<{ server?: CommentServer; issues: ContentIssue[] }> {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? randomHex;
  const log = options.log ?? ((line: string) => console.log(line));
  const warn = options.warn ?? ((line: string) => console.error(line));
  const initial = indexSite(options.contentDir, now());
  if (!initial.index) return { issues: initial.issues };
  // Queued comments are unmoderated reader text: inside the content folder they could be
  // committed, or read by the build as approved comments.
  const contentDir = path.resolve(options.contentDir);
  const queueDir = path.resolve(options.queueDir);
  if (queueDir === contentDir || queueDir.startsWith(contentDir + path.sep)) {
    const message =
      "the moderation queue must not be inside the content folder  (use a folder outside it, e.g. ../comment-queue)";
    return {
      issues: [
        { file: path.relative(contentDir, queueDir) || ".", line: 1, field: "--queue", severity: "error", message },
      ],
    };
  }

  const queue = await openQueue(queueDir);
  await removeStaleTemporaryFiles(queueDir, now());
  const index = liveSiteIndex(initial.index, {
    contentDir: options.contentDir,
    now,
    minReloadIntervalMs: options.minReloadIntervalMs,
    reloadIntervalMs: options.reloadIntervalMs,
    onReloadStart: (reason) => log(`reloading ${options.contentDir} in the background (${reason})`),
    onReloadEnd: (outcome, reason) => {
      if (outcome.ok) {
        const seconds = (outcome.ms / 1000).toFixed(1);
        return log(`reloaded ${options.contentDir}: ${outcome.articles} articles in ${seconds} s (${reason})`);
      }
      const errors = sortIssues(outcome.issues.filter((issue) => issue.severity === "error"));
      for (const issue of errors) warn(formatIssue(issue, options.contentDir));
      const why = outcome.failure ?? `${errors.length} problem${errors.length === 1 ? "" : "s"}`;
      warn(`content reload failed (${why}); still using the previous articles`);
    },
  });
  const limiter = createRateLimiter({ limit: options.rate ?? 5 });
  const writes = new Set<Promise<void>>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const reply = answerer(request, response, index.current().origin);
    let pathname: string;
    try {
      pathname = new URL(request.url ?? "/", "http://localhost").pathname.replace(/(.)\/$/, "$1");
    } catch {
      return reply.error(400, ["the request path is not valid"]);
    }
    if (pathname === "/health") {
      if (request.method !== "GET" && request.method !== "HEAD")
        return reply.error(405, ["use GET"], { Allow: "GET, HEAD" });
      return reply.text(200, "ok");
    }
    if (pathname !== "/comments") return reply.error(404, ["there is nothing here; comments are posted to /comments"]);
    if (request.method === "OPTIONS") return reply.preflight();
    if (request.method !== "POST") return reply.error(405, ["comments are sent with POST"], { Allow: "POST, OPTIONS" });

    const decision = limiter.take(
      clientAddress(request.socket.remoteAddress, request.headers, options.trustedHeader),
      now().getTime(),
    );
    if (!decision.allowed) {
      return reply.error(
        429,
        [`too many comments from your address; try again in ${decision.retryAfterSeconds} seconds`],
        {
          "Retry-After": String(decision.retryAfterSeconds),
        },
      );
    }
    const format = submissionFormat(request.headers["content-type"]);
    if (!format.ok) return reply.error(format.problem.status, format.problem.messages);
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > MAX_REQUEST_BYTES) return reply.tooLarge();
    const body = await readLimitedBody(request, MAX_REQUEST_BYTES);
    if (body === "too-large") return reply.tooLarge();
    if (body === "aborted") return;

    const fields = await parseSubmissionBody(body, format.value, request.headers["content-type"]);
    if (!fields.ok) return reply.error(fields.problem.status, fields.problem.messages);
    if (isHoneypotFilled(fields.value)) {
      // Answered like a success, so the bot learns nothing (not even a draft's URL); stored nowhere.
      const target = index.current().articles.get(String(fields.value.article));
      return reply.accepted(
        format.value,
        newCommentId(now(), random),
        takesComments(target, now()) ? target.url : index.current().home,
      );
    }
    const submission = validateSubmission(fields.value);
    if (!submission.ok) return reply.error(submission.problem.status, submission.problem.messages);
    const { article: slug, author, body: text, replyTo } = submission.value;
    const found = index.lookup(slug, replyTo);
    if ("unknown" in found) {
      return reply.error(422, [
        found.unknown === "article"
          ? "article does not name a published article  (the slug of an article on the site, e.g. plant-reopens)"
          : "replyTo does not name an approved comment on this article  (the id of the comment you answer)",
      ]);
    }

    const moment = now();
    const comment: QueuedComment = {
      id: newCommentId(moment, random),
      article: slug,
      author,
      date: isoDateTime(DateTime.fromJSDate(moment, { zone: index.current().zone }).startOf("second")),
      body: text,
      ...(replyTo === undefined ? {} : { replyTo }),
    };
    const write = queue.add(comment);
    writes.add(write);
    try {
      await write;
    } finally {
      writes.delete(write);
    }
    log(`queued ${comment.id} for ${slug}`);
    reply.accepted(format.value, comment.id, found.article.url);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      warn(`a ${request.method} request failed: ${error.message}`);
      if (!response.headersSent)
        answerer(request, response, index.current().origin).error(500, [
          "the comment could not be stored; please try again later",
        ]);
      else response.destroy();
    });
  });
  // A slow client may not hold a connection open indefinitely.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    issues: initial.issues,
    server: {
      server,
      index,
      listen: (port, host) =>
        new Promise((resolve, reject) => {
          server.once("error", reject);
          server.listen(port, host, () => {
            server.off("error", reject);
            const address = server.address() as AddressInfo;
            const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
            resolve(`http://${hostPart}:${address.port}`);
          });
        }),
      close: async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        await index.close();
        await Promise.allSettled([...writes]);
        await closed;
        clearTimeout(force);
      },
    },
  };
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops reading at once, so an
 * oversized body is never held in memory.
 */
function readLimitedBody(request: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (value: Buffer | "too-large" | "aborted") => {
      if (settled) return;
      settled = true;
      request.off("data", onData);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        settle("too-large");
      } else {
        chunks.push(chunk);
      }
    };
    request.on("data", onData);
    request.once("end", () => settle(Buffer.concat(chunks, size)));
    request.once("error", () => settle("aborted"));
    request.once("close", () => settle("aborted"));
  });
}

/** Whether the client reads JSON: it sent JSON, or asks for it. */
function wantsJson(request: IncomingMessage): boolean {
  const type = request.headers["content-type"] ?? "";
  return /^\s*application\/json/i.test(type) || /application\/json/i.test(request.headers.accept ?? "");
}

const BASE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
};

/** The ways the server answers; none of them puts reader input into the response. */
function answerer(request: IncomingMessage, response: ServerResponse, siteOrigin: string) {
  const json = wantsJson(request);
  // Only the site itself may read answers from script (CORS); plain form posts need none of this.
  const cors: Record<string, string> =
    request.headers.origin === siteOrigin
      ? { "Access-Control-Allow-Origin": siteOrigin, Vary: "Origin" }
      : { Vary: "Origin" };
  const send = (status: number, headers: Record<string, string>, body = "") => {
    response.writeHead(status, {
      ...BASE_HEADERS,
      ...cors,
      ...headers,
      "Content-Length": String(Buffer.byteLength(body)),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  };
  const error = (status: number, messages: string[], headers: Record<string, string> = {}) => {
    if (json)
      return send(
        status,
        { ...headers, "Content-Type": "application/json; charset=utf-8" },
        JSON.stringify({ error: messages.join("; "), status }),
      );
    const text = `Your comment was not sent.\n\n${messages.map((message) => `- ${message}`).join("\n")}\n\n${FORM_HINT}\n`;
    return send(status, { ...headers, "Content-Type": "text/plain; charset=utf-8" }, text);
  };
  return {
    error,
    text: (status: number, body: string) => send(status, { "Content-Type": "text/plain; charset=utf-8" }, `${body}\n`),
    /**
     * 413 as soon as the limit is passed; the connection is closed after the answer, so the rest
     * of the body is never read. (A client still streaming may then see a reset: the usual price.)
     */
    tooLarge: () => {
      response.shouldKeepAlive = false;
      response.once("finish", () => request.socket.destroy());
      error(413, [`the comment is too large  (at most ${MAX_REQUEST_BYTES / 1024} KB in all)`], {
        Connection: "close",
      });
    },
    preflight: () => {
      if (request.headers.origin !== siteOrigin)
        return error(403, ["only the site itself may send comments from script"]);
      send(204, {
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
      });
    },
    /** Success: the form goes back to the article with a notice; a JSON client gets the id. */
    accepted: (format: SubmissionFormat, id: string, articleUrl: string) => {
      if (format === "json" || json)
        return send(
          202,
          { "Content-Type": "application/json; charset=utf-8" },
          JSON.stringify({ id, status: "pending" }),
        );
      send(
        303,
        { Location: `${articleUrl}?comment=pending#comment-pending`, "Content-Type": "text/plain; charset=utf-8" },
        "Thank you. Your comment awaits moderation.\n",
      );
    },
  };
}
