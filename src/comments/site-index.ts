/**
 * What the intake server knows about the site: which articles take comments, where each lives
 * and which comments exist to reply to. Built from the content folder with the build's own
 * loader, so the server and the site agree on slugs and URLs.
 */
import { DateTime } from "luxon";
import type { ContentIssue } from "../content/issues.js";
import { loadContent } from "../content/load.js";
import { buildSiteModel } from "../content/site-model.js";

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

/** Indexes a content folder; `index` is absent when the content has errors. */
export function indexSite(contentDir: string, now: Date): { index?: SiteIndex; issues: ContentIssue[] } {
  // Only slugs and URLs are needed: skip rendering HTML, which is most of the time on a large archive.
  const { content, issues } = loadContent(contentDir, { render: false });
  if (!content) return { issues };
  // Preview mode keeps drafts and scheduled articles in the model; whether one takes comments
  // is decided per request, so a scheduled article opens at its time without a reload.
  const model = buildSiteModel(content, { now: DateTime.fromJSDate(now), preview: true });
  const commentIds = new Map<string, Set<string>>();
  for (const comment of content.comments) {
    const ids = commentIds.get(comment.articleSlug) ?? new Set<string>();
    ids.add(comment.id);
    commentIds.set(comment.articleSlug, ids);
  }
  const articles = new Map<string, ArticleTarget>();
  for (const article of model.articles) {
    articles.set(article.slug, {
      url: article.absoluteUrl,
      draft: article.status === "draft",
      timestamp: article.timestamp,
      commentIds: commentIds.get(article.slug) ?? new Set(),
    });
  }
  return {
    index: {
      origin: new URL(content.settings.url).origin,
      home: content.location.origin,
      zone: content.settings.timezone,
      articles,
    },
    issues,
  };
}

/** Whether an article takes comments at `now`: published, neither draft nor scheduled. */
export function takesComments(article: ArticleTarget | undefined, now: Date): article is ArticleTarget {
  return article !== undefined && !article.draft && article.timestamp <= now.getTime();
}

export interface LiveSiteIndexOptions {
  contentDir: string;
  now: () => Date;
  /** Least time between two reloads caused by requests. @default 30000 */
  minReloadIntervalMs?: number;
  /** Told when a reload fails; the previous index stays in use. */
  onReloadIssues?: (issues: ContentIssue[]) => void;
}

/** An article that takes comments, or which part of a submission named something unknown. */
export type Lookup = { article: ArticleTarget } | { unknown: "article" | "replyTo" };

export interface LiveSiteIndex {
  current(): SiteIndex;
  /**
   * The article for `slug` if it takes comments, and the comment a reply answers. On a miss the
   * content folder is read again (at most once per `minReloadIntervalMs`), so an article
   * published or a comment approved after the server started is found without a restart.
   */
  lookup(slug: string, replyTo?: string): Lookup;
  /** Reads the content folder now; keeps the previous index when the content has errors. */
  reload(): { ok: boolean; issues: ContentIssue[] };
}

/**
 * An index that follows the content folder. Reloads run on demand rather than on a file
 * watcher: content changes rarely next to requests, and a miss is the one moment a stale index
 * matters. `initial` is the index the server started with.
 */
export function liveSiteIndex(initial: SiteIndex, options: LiveSiteIndexOptions): LiveSiteIndex {
  let index = initial;
  let lastLoad = options.now().getTime();
  const minInterval = options.minReloadIntervalMs ?? 30_000;
  const reload = () => {
    lastLoad = options.now().getTime();
    const result = indexSite(options.contentDir, options.now());
    if (result.index) index = result.index;
    else options.onReloadIssues?.(result.issues);
    return { ok: result.index !== undefined, issues: result.issues };
  };
  const check = (slug: string, replyTo: string | undefined, now: Date): Lookup => {
    const article = index.articles.get(slug);
    if (!takesComments(article, now)) return { unknown: "article" };
    if (replyTo !== undefined && !article.commentIds.has(replyTo)) return { unknown: "replyTo" };
    return { article };
  };
  return {
    current: () => index,
    reload,
    lookup(slug, replyTo) {
      const now = options.now();
      const first = check(slug, replyTo, now);
      if ("article" in first || now.getTime() - lastLoad < minInterval) return first;
      reload();
      return check(slug, replyTo, now);
    },
  };
}
