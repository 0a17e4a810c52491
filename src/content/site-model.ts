/**
 * Turns validated content into the site templates render: which articles are visible,
 * previous/next links, comment threads, taxonomies and paginated listings. Every step is one
 * pass over the articles (plus one sort), so it stays linear however large the archive.
 */
import { DateTime } from "luxon";
import { isoDateTime } from "../lib/dates.js";
import { relatedItems } from "../lib/related.js";
import { linkNeighbours } from "../lib/sequence.js";
import { slugify } from "../lib/slug.js";
import { readingMinutes, truncateAtWord } from "../lib/text.js";
import { absoluteUrl, encodePath } from "../lib/urls.js";
import type { LoadedComment } from "./comment-files.js";
import { buildCorrections } from "./corrections.js";
import { buildListings } from "./listings.js";
import type { LoadedUpdate } from "./live-updates.js";
import type { LoadedArticle, LoadedContent } from "./load.js";
import type { RenderedBody } from "./markdown.js";
import type {
  Article,
  AuthorView,
  CommentView,
  DateView,
  LiveUpdateView,
  Page,
  PublicationStatus,
  SiteModel,
} from "./model.js";
import { type ModelContext, modelContext, Taxonomies } from "./views.js";

export interface SiteModelOptions {
  /** The moment of the build: articles dated later are scheduled. */
  now: DateTime;
  /** Local preview: drafts and scheduled articles are shown, marked. */
  preview: boolean;
  /** When the last commit that touched each page's file was made, by source path (see `lastCommitDates`). @default none */
  pageCommits?: ReadonlyMap<string, DateTime>;
}

/** The publication status of an article at `now`. */
export function publicationStatus(draft: boolean | undefined, date: DateTime, now: DateTime): PublicationStatus {
  if (draft) return "draft";
  return date > now ? "scheduled" : "published";
}

/** Builds the whole site model from validated content. */
export function buildSiteModel(content: LoadedContent, options: SiteModelOptions): SiteModel {
  const { settings, location } = content;
  const context = modelContext(content);
  const taxonomies = new Taxonomies(content, context.pathUrl);
  const commentsByArticle = groupComments(content.comments, context.dateView);
  const updatesByArticle = new Map<string, LoadedUpdate[]>();
  for (const update of content.updates) {
    const list = updatesByArticle.get(update.articleSlug);
    if (list) list.push(update);
    else updatesByArticle.set(update.articleSlug, [update]);
  }
  const visible: Article[] = [];
  for (const loaded of content.articles) {
    const status = publicationStatus(loaded.frontMatter.draft, loaded.date, options.now);
    if (status !== "published" && !options.preview) continue;
    const comments = commentsByArticle.get(loaded.slug) ?? [];
    const own = { comments, updates: updatesByArticle.get(loaded.slug) ?? [] };
    visible.push(withBody(articleFields(loaded, status, own, taxonomies, context, options), loaded.body));
  }
  const newestFirst = linkArticles(visible);
  const pages = pageViews(content, options, context);
  const { listings, archive } = buildListings(newestFirst, taxonomies, settings, context);
  const { locale, zone } = context;
  return {
    site: {
      title: settings.title,
      description: settings.description,
      language: settings.language,
      timezone: zone,
      perPage: settings.perPage,
      location,
      commentsEndpoint: settings.comments?.endpoint,
      preview: options.preview,
      builtAt: isoDateTime(options.now.setZone(zone)),
    },
    articles: newestFirst,
    pages,
    listings,
    categories: [...taxonomies.categories.values()],
    authors: [...taxonomies.authors.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
    tags: [...taxonomies.tags.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
    archive,
    corrections: buildCorrections(newestFirst, settings.perPage, context),
    contentDir: content.contentDir,
  };
}

/** An article as templates see it, but for its `html` (see `withBody`). */
function articleFields(
  loaded: LoadedArticle,
  status: PublicationStatus,
  { comments, updates }: { comments: CommentView[]; updates: LoadedUpdate[] },
  taxonomies: Taxonomies,
  context: ModelContext,
  options: SiteModelOptions,
): Omit<Article, "html" | "text"> {
  const { location, dateView, pathUrl } = context;
  const fm = loaded.frontMatter;
  const corrections = [...(fm.corrections ?? [])].sort((a, b) => a.date.toMillis() - b.date.toMillis());
  const url = pathUrl(loaded.outputFile.replace(/index\.html$/, ""));
  const writtenAuthors = Array.isArray(fm.author) ? fm.author : [fm.author];
  const authors = loaded.authorKeys.map((key, index) => taxonomies.author(key, writtenAuthors[index]!));
  const shownUpdates = fm.live ? updateViews(updates, { url, authors }, taxonomies, context, options) : [];
  // The last change: the byline's "Updated", dateModified, the feeds' and the sitemap's dates.
  const changes = [fm.updated, ...corrections.map((correction) => correction.date)]
    .map((date) => date?.toMillis())
    .concat(shownUpdates.map((update) => update.timestamp))
    .filter((millis) => millis !== undefined);
  const lastChange = changes.length ? Math.max(...changes) : undefined;
  return {
    sourcePath: loaded.sourcePath,
    slug: loaded.slug,
    title: fm.title,
    outputFile: loaded.outputFile,
    url,
    absoluteUrl: absoluteUrl(location, url),
    timestamp: loaded.date.toMillis(),
    published: dateView(loaded.date),
    updated: lastChange === undefined ? undefined : dateView(DateTime.fromMillis(lastChange)),
    corrections: corrections.map((correction) => ({ date: dateView(correction.date), text: correction.text })),
    authors,
    category: taxonomies.category(loaded.categoryKey, fm.category),
    // The same tag written twice (or as `Steel` and `steel`) lists the article once.
    tags: [...new Map((fm.tags ?? []).map((name) => [slugify(name), taxonomies.tag(name)])).values()],
    description: fm.description?.trim() || truncateAtWord(loaded.body.firstParagraph, 200),
    image: fm.image
      ? {
          url: pathUrl(encodePath(fm.image)),
          alt: fm.imageAlt ?? "",
          sourcePath: fm.image,
          caption: fm.imageCaption,
          credit: fm.imageCredit,
        }
      : undefined,
    live: fm.live
      ? {
          ongoing: fm.liveEnd === undefined || fm.liveEnd > options.now,
          start: dateView(loaded.date),
          end: fm.liveEnd && dateView(fm.liveEnd),
        }
      : undefined,
    updates: shownUpdates,
    bodyKey: loaded.body.key,
    readingMinutes: readingMinutes(loaded.body.words),
    status,
    aliases: fm.aliases ?? [],
    related: [],
    comments,
    commentCount: comments.reduce((count, thread) => count + 1 + thread.replies.length, 0),
  };
}

/**
 * The updates of a live article as its page shows them, newest first: published ones only, but
 * in a preview. Each is bylined by the author it names, else by the article's first author.
 */
function updateViews(
  updates: LoadedUpdate[],
  article: { url: string; authors: AuthorView[] },
  taxonomies: Taxonomies,
  { location, dateView }: ModelContext,
  options: SiteModelOptions,
): LiveUpdateView[] {
  const views: LiveUpdateView[] = [];
  for (const update of updates) {
    const fm = update.frontMatter;
    const status = publicationStatus(fm.draft, fm.date, options.now);
    if (status !== "published" && !options.preview) continue;
    const author = update.authorKey ? taxonomies.author(update.authorKey, fm.author!) : article.authors[0]!;
    const url = `${article.url}#update-${update.id}`;
    const fields = {
      anchor: `update-${update.id}`,
      url,
      absoluteUrl: absoluteUrl(location, url),
      date: dateView(fm.date),
      timestamp: fm.date.toMillis(),
      ...(fm.title === undefined ? {} : { title: fm.title }),
      author,
      guest: !article.authors.includes(author),
      status,
      bodyKey: update.body.key,
    };
    views.push(withBody(fields, update.body));
  }
  return views.sort((a, b) => b.timestamp - a.timestamp || (a.anchor < b.anchor ? -1 : 1));
}

/** Links each article to its neighbours and to related reading; returns them newest first. */
function linkArticles(visible: Article[]): Article[] {
  const oldestFirst = linkNeighbours(visible, (article, previous, next) => {
    article.previous = previous && { title: previous.title, url: previous.url };
    article.next = next && { title: next.title, url: next.url };
  });
  const newestFirst = oldestFirst.reverse();
  // Related reading never points at a draft or a scheduled article, even in the preview.
  const publishedNewestFirst = newestFirst.filter((article) => article.status === "published");
  const related = relatedItems(
    publishedNewestFirst.map((article) => ({
      slug: article.slug,
      timestamp: article.timestamp,
      category: article.category.key,
      tags: article.tags.map((tag) => tag.slug),
    })),
  );
  publishedNewestFirst.forEach((article, index) => {
    article.related = related[index]!.map((other) => publishedNewestFirst[other]!);
  });
  return newestFirst;
}

/** The pages a build (or, with drafts, a preview) shows. */
function pageViews(
  content: LoadedContent,
  options: SiteModelOptions,
  { location, dateView, pathUrl }: ModelContext,
): Page[] {
  const pages: Page[] = [];
  for (const loaded of content.pages) {
    const status: PublicationStatus = loaded.frontMatter.draft ? "draft" : "published";
    if (status !== "published" && !options.preview) continue;
    const url = pathUrl(`${loaded.slug}/`);
    const committed = options.pageCommits?.get(loaded.sourcePath);
    const fields: Omit<Page, "html" | "text"> = {
      sourcePath: loaded.sourcePath,
      slug: loaded.slug,
      title: loaded.frontMatter.title,
      description: loaded.frontMatter.description?.trim() || truncateAtWord(loaded.body.firstParagraph, 200),
      outputFile: loaded.outputFile,
      url,
      absoluteUrl: absoluteUrl(location, url),
      bodyKey: loaded.body.key,
      status,
      updated: loaded.frontMatter.updated ? dateView(loaded.frontMatter.updated) : undefined,
      committed: committed ? dateView(committed) : undefined,
    };
    pages.push(withBody(fields, loaded.body));
  }
  return pages;
}

/** Threads comments one level deep (a reply to a reply joins its root's thread), oldest first. */
function groupComments(comments: LoadedComment[], dateView: (date: DateTime) => DateView): Map<string, CommentView[]> {
  const views = new Map<string, { view: CommentView; comment: LoadedComment }>();
  const sorted = [...comments].sort(
    (a, b) => a.entry.date.toMillis() - b.entry.date.toMillis() || (a.id < b.id ? -1 : 1),
  );
  for (const comment of sorted) {
    views.set(`${comment.articleSlug}/${comment.id}`, {
      comment,
      view: {
        id: comment.id,
        author: comment.entry.author,
        date: dateView(comment.entry.date),
        html: comment.html,
        replies: [],
      },
    });
  }
  const rootOf = (key: string, seen = new Set<string>()): string => {
    const entry = views.get(key);
    const parent = entry?.comment.entry.replyTo;
    if (!entry || parent === undefined || seen.has(key)) return key;
    seen.add(key);
    return rootOf(`${entry.comment.articleSlug}/${parent}`, seen);
  };
  const threads = new Map<string, CommentView[]>();
  for (const [key, { view, comment }] of views) {
    const root = rootOf(key);
    if (root === key) {
      const list = threads.get(comment.articleSlug) ?? [];
      list.push(view);
      threads.set(comment.articleSlug, list);
    } else {
      views.get(root)!.view.replies.push(view);
    }
  }
  return threads;
}

/**
 * An article or page: its fields, and `html` and `text`, read from the body on each use and left out of
 * copies (a getter of the class, not enumerable). A class rather than a getter defined on each
 * object: V8 cannot share one shape among objects whose getters are different functions, and
 * keeps each such object in dictionary mode (larger, and slower to read).
 */
class WithBody {
  readonly #body: RenderedBody;

  constructor(fields: object, body: RenderedBody) {
    Object.assign(this, fields);
    this.#body = body;
  }

  get html(): string {
    return this.#body.html;
  }

  get text(): string {
    return this.#body.plainText;
  }
}

/** Gives an article or page its `html` (see `WithBody`). */
function withBody<T extends object>(
  fields: T,
  body: RenderedBody,
): T & { readonly html: string; readonly text: string } {
  return new WithBody(fields, body) as unknown as T & { readonly html: string; readonly text: string };
}
