/**
 * What the intake server knows about the site: which articles take comments, where each lives
 * and which comments exist to reply to. Built from the content folder with the build's own
 * loader, so the server and the site agree on slugs and URLs.
 */
import { fork } from "node:child_process";
import { setPriority } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { type CommentView, type ContentIssue, loadSite } from "../content/index.js";

export interface ArticleTarget {
  /** Absolute public URL of the article page. */
  url: string;
  draft: boolean;
  /** Publication instant (ms); later than now means scheduled. */
  timestamp: number;
  /** Ids of the article's approved comments, which a reply may name. */
  commentIds: Set<string>;
}

export interface SiteIndex {
  /** `https://example.org`: the only origin JSON clients are allowed from. */
  origin: string;
  /** The site's absolute URL (`https://example.org/news/`). */
  home: string;
  /** The site's IANA zone, in which comment dates are written. */
  zone: string;
  articles: Map<string, ArticleTarget>;
}

export interface SiteIndexResult {
  /** Absent when the content has errors. */
  index?: SiteIndex;
  issues: ContentIssue[];
}

/** Indexes a content folder; `index` is absent when the content has errors. */
export function indexSite(contentDir: string, now: Date): SiteIndexResult {
  // Preview mode keeps drafts and scheduled articles in the model; whether one takes comments
  // is decided per request, so a scheduled article opens at its time without a reload.
  const { model, editions, issues } = loadSite({ contentDir, now: DateTime.fromJSDate(now), preview: true });
  if (!model || !editions) return { issues };
  const articles = new Map<string, ArticleTarget>();
  // Every edition's articles: slugs are unique across them.
  for (const article of editions.flatMap((edition) => edition.articles)) {
    articles.set(article.slug, {
      url: article.absoluteUrl,
      draft: article.status === "draft",
      timestamp: article.timestamp,
      commentIds: new Set(commentIds(article.comments)),
    });
  }
  return {
    index: {
      origin: new URL(model.site.location.origin).origin,
      home: model.site.location.origin,
      zone: model.site.timezone,
      articles,
    },
    issues,
  };
}

function* commentIds(threads: CommentView[]): Generator<string> {
  for (const thread of threads) {
    yield thread.id;
    yield* commentIds(thread.replies);
  }
}

/** Whether an article takes comments at `now`: published, neither draft nor scheduled. */
export function takesComments(article: ArticleTarget | undefined, now: Date): article is ArticleTarget {
  return article !== undefined && !article.draft && article.timestamp <= now.getTime();
}

/** What `site-index-child.ts` is given, as one JSON argument. */
export interface IndexTask {
  contentDir: string;
  /** The moment to index at, in ms. */
  now: number;
}

/**
 * What the child sends: the articles in batches, then the rest. The parent decodes a message in
 * one go, so a whole large index in one would hold up its requests (for a tenth of a second at
 * 100,000 articles); batches are decoded as they arrive, between requests.
 */
export type IndexMessage =
  | { articles: [string, ArticleTarget][] }
  | { site?: Omit<SiteIndex, "articles">; issues: ContentIssue[] };

/** Articles per message. */
export const INDEX_BATCH = 1000;

const CHILD = fileURLToPath(new URL("./site-index-child.ts", import.meta.url));

/**
 * Indexes a content folder in a child process, so that the seconds a large folder takes to load
 * never hold up the requests of this one. `done` resolves (never rejects) with the index, or with
 * `failure` when the child ended without one (it crashed, or `stop` ended it).
 */
function indexSiteApart(
  contentDir: string,
  now: Date,
): { done: Promise<SiteIndexResult & { failure?: string }>; stop: () => void } {
  const task: IndexTask = { contentDir: path.resolve(contentDir), now: now.getTime() };
  // Advanced serialization carries the index's Maps and Sets as they are; tsx by its own path,
  // as the server may run from any folder.
  const child = fork(CHILD, [JSON.stringify(task)], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  // Loading is background work: on a busy machine the server's requests should get the CPU first.
  try {
    if (child.pid !== undefined) setPriority(child.pid, 10);
  } catch {
    // Not allowed here (some containers): the reload runs at the server's priority.
  }
  const done = new Promise<SiteIndexResult & { failure?: string }>((resolve) => {
    const articles = new Map<string, ArticleTarget>();
    child.on("message", (message: IndexMessage) => {
      if ("articles" in message) for (const [slug, target] of message.articles) articles.set(slug, target);
      else resolve({ index: message.site && { ...message.site, articles }, issues: message.issues });
    });
    child.once("error", (error) => resolve({ issues: [], failure: error.message }));
    child.once("exit", (code, signal) =>
      resolve({
        issues: [],
        failure: signal ? `the loader was stopped by ${signal}` : `the loader exited with code ${code}`,
      }),
    );
  });
  return {
    done,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** Why a reload ran, as the server's log says it. */
type ReloadReason = "SIGHUP" | "periodic" | "unknown article" | (string & {});

export interface ReloadOutcome {
  /** Whether the index was replaced by a fresh one. */
  ok: boolean;
  /** The content's errors and warnings, when it was read. */
  issues: ContentIssue[];
  /** Why there is no fresh index other than the content's errors (the loader crashed, or the index was closed). */
  failure?: string;
  /** Articles in the index in use afterwards. */
  articles: number;
  /** How long the reload took. */
  ms: number;
}

export interface LiveSiteIndexOptions {
  contentDir: string;
  now: () => Date;
  /** Least time between two reloads caused by requests for unknown articles. @default 30000 */
  minReloadIntervalMs?: number;
  /** Time between periodic reloads; 0 turns them off. @default 300000 (5 minutes) */
  reloadIntervalMs?: number;
  /** Told when a reload starts. */
  onReloadStart?: (reason: ReloadReason) => void;
  /** Told when a reload ends; when it failed, the previous index stays in use. */
  onReloadEnd?: (outcome: ReloadOutcome, reason: ReloadReason) => void;
}

/** An article that takes comments, or which part of a submission named something unknown. */
type Lookup = { article: ArticleTarget } | { unknown: "article" | "replyTo" };

export interface LiveSiteIndex {
  current(): SiteIndex;
  /**
   * The article for `slug` if it takes comments, and the comment a reply answers, from the
   * current index. A miss starts a reload in the background (at most once per
   * `minReloadIntervalMs`), so an article published or a comment approved after the server
   * started is found by a later request without a restart.
   */
  lookup(slug: string, replyTo?: string): Lookup;
  /**
   * Reads the content folder again in the background, now or, when a reload is running, once it
   * ends (it may have read the folder before the change this one is for). Keeps the previous
   * index when the content has errors.
   */
  reload(reason: ReloadReason): Promise<ReloadOutcome>;
  /** The reload in progress, if any. */
  running(): Promise<ReloadOutcome> | undefined;
  /** Stops periodic reloads and any reload in progress; resolves once it has ended. */
  close(): Promise<void>;
}

/**
 * An index that follows the content folder: reloaded on demand (a miss, SIGHUP) and every
 * `reloadIntervalMs`, each time in a child process while requests are answered from the index
 * in use. No file watcher: content changes rarely next to requests, and a miss is the one moment
 * a stale index matters. `initial` is the index the server started with.
 */
export function liveSiteIndex(initial: SiteIndex, options: LiveSiteIndexOptions): LiveSiteIndex {
  let index = initial;
  let lastStart = options.now().getTime();
  let closed = false;
  let inProgress: { promise: Promise<ReloadOutcome>; stop: () => void } | undefined;
  let next: Promise<ReloadOutcome> | undefined;
  const minInterval = options.minReloadIntervalMs ?? 30_000;

  const start = (reason: ReloadReason): Promise<ReloadOutcome> => {
    const began = performance.now();
    if (closed)
      return Promise.resolve({
        ok: false,
        issues: [],
        failure: "the server is closing",
        articles: index.articles.size,
        ms: 0,
      });
    lastStart = options.now().getTime();
    options.onReloadStart?.(reason);
    const reader = indexSiteApart(options.contentDir, options.now());
    const promise = reader.done.then((result) => {
      const ok = result.index !== undefined && !closed;
      if (ok) index = result.index!;
      inProgress = undefined;
      const outcome: ReloadOutcome = {
        ok,
        issues: result.issues,
        ...(result.failure || closed ? { failure: result.failure ?? "the server is closing" } : {}),
        articles: index.articles.size,
        ms: performance.now() - began,
      };
      options.onReloadEnd?.(outcome, reason);
      return outcome;
    });
    inProgress = { promise, stop: reader.stop };
    return promise;
  };
  /** A reload nobody waits for: skipped while one runs, which will see the same folder. */
  const startIfIdle = (reason: ReloadReason) => {
    if (!inProgress && !closed) void start(reason);
  };

  // Timers take at most 2^31-1 ms (24.8 days); a longer interval would fire at once, over and over.
  const every = Math.min(options.reloadIntervalMs ?? 300_000, 2 ** 31 - 1);
  const periodic = every > 0 ? setInterval(() => startIfIdle("periodic"), every) : undefined;
  // The timer alone must not keep a process alive that has nothing else to do.
  periodic?.unref();

  const check = (slug: string, replyTo: string | undefined, now: Date): Lookup => {
    const article = index.articles.get(slug);
    if (!takesComments(article, now)) return { unknown: "article" };
    if (replyTo !== undefined && !article.commentIds.has(replyTo)) return { unknown: "replyTo" };
    return { article };
  };
  return {
    current: () => index,
    lookup(slug, replyTo) {
      const now = options.now();
      const found = check(slug, replyTo, now);
      if (!("article" in found) && now.getTime() - lastStart >= minInterval) startIfIdle("unknown article");
      return found;
    },
    reload(reason) {
      if (!inProgress) return start(reason);
      next ??= inProgress.promise.then(() => {
        next = undefined;
        return start(reason);
      });
      return next;
    },
    running: () => inProgress?.promise,
    async close() {
      closed = true;
      clearInterval(periodic);
      inProgress?.stop();
      await inProgress?.promise;
      await next;
    },
  };
}
