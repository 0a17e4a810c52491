/**
 * Turns validated content into the site templates render: which articles are visible,
 * previous/next links, comment threads, taxonomies and paginated listings. Every step is one
 * pass over the articles (plus one sort), so it stays linear however large the archive.
 */
import type { DateTime } from "luxon";
import { isoDateTime, readableDateTime, readableMonth } from "../lib/dates.js";
import { paginate } from "../lib/paginate.js";
import { relatedItems } from "../lib/related.js";
import { linkNeighbours } from "../lib/sequence.js";
import { slugify } from "../lib/slug.js";
import { readingMinutes, truncateAtWord } from "../lib/text.js";
import { absoluteUrl, encodePath, outputFileFor, publicUrl } from "../lib/urls.js";
import type { LoadedComment } from "./comment-files.js";
import type { LoadedArticle, LoadedContent } from "./load.js";
import type { RenderedBody } from "./markdown.js";
import type {
  ArchiveYear,
  Article,
  AuthorView,
  CategoryView,
  CommentView,
  DateView,
  ListingKind,
  ListingPage,
  Page,
  PublicationStatus,
  SiteModel,
  TagView,
} from "./model.js";

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
  const locale = settings.language;
  const zone = settings.timezone;
  const dateView = (date: DateTime): DateView => ({
    iso: isoDateTime(date.setZone(zone)),
    display: readableDateTime(date.setZone(zone), locale),
  });
  const pathUrl = (pagePath: string) => publicUrl(location, pagePath);

  const authors = new Map<string, AuthorView>();
  const authorView = (key: string, writtenName: string): AuthorView => {
    let view = authors.get(key);
    if (!view) {
      const entry = content.authors.get(key);
      view = { key, name: entry?.name ?? writtenName, bio: entry?.bio, url: pathUrl(`author/${key}/`) };
      authors.set(key, view);
    }
    return view;
  };
  const categories = new Map<string, CategoryView>();
  const categoryView = (key: string, writtenName: string): CategoryView => {
    let view = categories.get(key);
    if (!view) {
      const entry = content.categories.get(key);
      view = {
        key,
        name: entry?.name ?? writtenName,
        description: entry?.description,
        url: pathUrl(`category/${key}/`),
      };
      categories.set(key, view);
    }
    return view;
  };
  // Every known category appears in the navigation, even before its first article.
  for (const [key, entry] of content.categories) categoryView(key, entry.name);
  const tags = new Map<string, TagView>();
  const tagView = (name: string): TagView => {
    const slug = slugify(name);
    let view = tags.get(slug);
    if (!view) {
      view = { name, slug, url: pathUrl(`tag/${slug}/`) };
      tags.set(slug, view);
    }
    return view;
  };

  const commentsByArticle = groupComments(content.comments, dateView);

  const visible: Article[] = [];
  for (const loaded of content.articles) {
    const status = publicationStatus(loaded.frontMatter.draft, loaded.date, options.now);
    if (status !== "published" && !options.preview) continue;
    visible.push(toArticle(loaded, status));
  }

  function toArticle(loaded: LoadedArticle, status: PublicationStatus): Article {
    return withBody(articleFields(loaded, status), loaded.body);
  }

  function articleFields(loaded: LoadedArticle, status: PublicationStatus): Omit<Article, "html"> {
    const fm = loaded.frontMatter;
    const url = pathUrl(loaded.outputFile.replace(/index\.html$/, ""));
    const writtenAuthors = Array.isArray(fm.author) ? fm.author : [fm.author];
    const comments = commentsByArticle.get(loaded.slug) ?? [];
    return {
      sourcePath: loaded.sourcePath,
      slug: loaded.slug,
      title: fm.title,
      outputFile: loaded.outputFile,
      url,
      absoluteUrl: absoluteUrl(location, url),
      timestamp: loaded.date.toMillis(),
      published: dateView(loaded.date),
      updated: fm.updated ? dateView(fm.updated) : undefined,
      authors: loaded.authorKeys.map((key, index) => authorView(key, writtenAuthors[index]!)),
      category: categoryView(loaded.categoryKey, fm.category),
      // The same tag written twice (or as `Steel` and `steel`) lists the article once.
      tags: [...new Map((fm.tags ?? []).map((name) => [slugify(name), tagView(name)])).values()],
      description: fm.description?.trim() || truncateAtWord(loaded.body.firstParagraph, 200),
      image: fm.image
        ? { url: pathUrl(encodePath(fm.image)), alt: fm.imageAlt ?? "", sourcePath: fm.image }
        : undefined,
      bodyKey: loaded.body.key,
      readingMinutes: readingMinutes(loaded.body.words),
      status,
      aliases: fm.aliases ?? [],
      related: [],
      comments,
      commentCount: comments.reduce((count, thread) => count + 1 + thread.replies.length, 0),
    };
  }

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

  const pages: Page[] = [];
  for (const loaded of content.pages) {
    const status: PublicationStatus = loaded.frontMatter.draft ? "draft" : "published";
    if (status !== "published" && !options.preview) continue;
    const url = pathUrl(`${loaded.slug}/`);
    const committed = options.pageCommits?.get(loaded.sourcePath);
    const fields: Omit<Page, "html"> = {
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

  // Listings: group once, newest first, then paginate each group.
  const listings: ListingPage[] = [];
  const addListing = (kind: ListingKind, title: string, root: string, items: Article[], description?: string) => {
    for (const slice of paginate(items, settings.perPage, root)) {
      const url = pathUrl(slice.path);
      listings.push({
        kind,
        title,
        description,
        outputFile: outputFileFor(slice.path),
        url,
        absoluteUrl: absoluteUrl(location, url),
        items: slice.items,
        pageNumber: slice.pageNumber,
        pageCount: slice.pageCount,
        previousUrl: slice.previousPath === undefined ? undefined : pathUrl(slice.previousPath),
        nextUrl: slice.nextPath === undefined ? undefined : pathUrl(slice.nextPath),
      });
    }
  };
  const byCategory = new Map<string, Article[]>();
  const byTag = new Map<string, Article[]>();
  const byAuthor = new Map<string, Article[]>();
  const byMonth = new Map<string, Article[]>();
  const push = <K>(map: Map<K, Article[]>, key: K, article: Article) => {
    const list = map.get(key);
    if (list) list.push(article);
    else map.set(key, [article]);
  };
  for (const article of newestFirst) {
    push(byCategory, article.category.key, article);
    for (const tag of article.tags) push(byTag, tag.slug, article);
    for (const author of article.authors) push(byAuthor, author.key, article);
    push(byMonth, article.published.iso.slice(0, 7), article);
  }

  addListing("home", settings.title, "", newestFirst, settings.description);
  for (const category of categories.values()) {
    addListing(
      "category",
      category.name,
      `category/${category.key}/`,
      byCategory.get(category.key) ?? [],
      category.description,
    );
  }
  for (const [slug, items] of byTag) addListing("tag", tags.get(slug)!.name, `tag/${slug}/`, items);
  for (const author of authors.values())
    addListing("author", author.name, `author/${author.key}/`, byAuthor.get(author.key) ?? [], author.bio);

  const archive: ArchiveYear[] = [];
  for (const [yearMonth, items] of byMonth) {
    const [year, month] = yearMonth.split("-").map(Number) as [number, number];
    let yearEntry = archive.at(-1);
    if (!yearEntry || yearEntry.year !== year) {
      yearEntry = { year, url: pathUrl(`archive/${year}/`), count: 0, months: [] };
      archive.push(yearEntry);
    }
    const monthPath = `archive/${year}/${String(month).padStart(2, "0")}/`;
    const name = readableMonth(year, month, zone, locale);
    yearEntry.months.push({ month, name, url: pathUrl(monthPath), count: items.length });
    yearEntry.count += items.length;
    addListing("month", name, monthPath, items);
  }
  for (const yearEntry of archive) {
    const items = yearEntry.months.flatMap(
      (month) => byMonth.get(`${yearEntry.year}-${String(month.month).padStart(2, "0")}`) ?? [],
    );
    addListing("year", String(yearEntry.year), `archive/${yearEntry.year}/`, items);
  }

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
    categories: [...categories.values()],
    authors: [...authors.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
    tags: [...tags.values()].sort((a, b) => a.name.localeCompare(b.name, locale)),
    archive,
    contentDir: content.contentDir,
  };
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
 * An article or page: its fields, and `html`, read from the body on each use and left out of
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
}

/** Gives an article or page its `html` (see `WithBody`). */
function withBody<T extends object>(fields: T, body: RenderedBody): T & { readonly html: string } {
  return new WithBody(fields, body) as unknown as T & { readonly html: string };
}
