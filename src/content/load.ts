/**
 * Loads a content folder: reads every file, validates it against the schema and cross-checks
 * the files against each other (slugs, URLs, links, comments). Returns every problem at once.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { type SiteLocation, siteLocation } from "../lib/urls.js";
import { type LoadedComment, loadComments } from "./comment-files.js";
import { discardingOnFailure, openContentCache } from "./content-cache.js";

import { CacheUse, contentFileReader, fileChecker, listFiles, type ParseCacheStats } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import { type LinkContext, linkResolver } from "./links.js";
import { type LoadedUpdate, loadUpdates } from "./live-updates.js";
import { type RenderedBody, resolveArticleBody } from "./markdown.js";
import type { ParseStore } from "./parse-cache/store.js";
import { type BrokenFile, isBroken, type ParsedFile, parseMarkdownFile } from "./parse-file.js";
import { type Placement, placeContent } from "./placement.js";
import { type CommentRecord, type ContentRecord, isContentRecord, type MarkdownRecord } from "./records.js";
import type { ArticleFrontMatter, AuthorEntry, CategoryEntry, PageFrontMatter, SiteSettings } from "./schema.js";
import { loadSiteData } from "./site-data.js";
import { checkTranslations, editionFolders } from "./translations.js";
import { contentRules, type SchemaRule } from "./validate.js";
import { contentWarnings } from "./warnings.js";

export interface LoadedArticle {
  sourcePath: string;
  frontMatter: ArticleFrontMatter;
  slug: string;
  /** Author keys (slugs) in the order written. */
  authorKeys: string[];
  categoryKey: string;
  outputFile: string;
  body: RenderedBody;
  date: DateTime;
}

interface LoadedPage {
  sourcePath: string;
  frontMatter: PageFrontMatter;
  slug: string;
  outputFile: string;
  body: RenderedBody;
}

/** A content folder that passed validation, before any listing is computed. */
export interface LoadedContent {
  contentDir: string;
  settings: SiteSettings;
  /** In an edition's content (see editions.ts), the site's own language, which names fall back to. */
  defaultLanguage?: string;
  location: SiteLocation;
  authors: Map<string, AuthorEntry>;
  categories: Map<string, CategoryEntry>;
  articles: LoadedArticle[];
  pages: LoadedPage[];
  comments: LoadedComment[];
  /** The updates of live articles, in file order. */
  updates: LoadedUpdate[];
  /** With editions, the original's source path of each translation (article or page), by source path. */
  originals: Map<string, string>;
}

export interface LoadResult {
  content?: LoadedContent;
  /** Errors and warnings, in file order. */
  issues: ContentIssue[];
  /** How many files of each kind were read, valid or not. */
  counts: { articles: number; pages: number; comments: number; updates: number };
  /** How many files came from the parse cache and how many were parsed; absent without a cache. */
  cache?: ParseCacheStats;
}

export interface LoadOptions {
  /** The moment the content is checked at: articles dated later are reported as scheduled. @default now */
  now?: DateTime;
  /**
   * Render bodies to HTML. `npm run check` turns it off: bodies are still parsed and their links
   * resolved and checked, but the texts made from them are empty: `body.html`,
   * `body.firstParagraph`, `body.plainText` and each comment's `html`.
   * @default true
   */
  render?: boolean;
  /**
   * Folder of the parse cache (see parse-cache/disk-store.ts): what each file says on its own is
   * kept there and reused while the file is unchanged, so loading again reparses only edited
   * files. The checks across files run every time. Commands pass `parseCacheDir()`. @default no cache
   */
  cacheDir?: string;
  /** Keep the parse cache in memory for the next load in this process (`npm start`). @default false */
  residentCache?: boolean;
  /** A parse cache opened for this load, used instead of the one in `cacheDir` (tests pass a `MemoryStore`'s). @default none */
  store?: ParseStore<ContentRecord>;
}

/**
 * Loads and validates a content folder. Every problem is collected, errors and warnings;
 * `content` is present only when there are no errors (warnings are allowed). A file that cannot
 * be read throws, and the parse cache keeps nothing of the load.
 *
 * The parse cache may make loading faster, never different: a load through it that throws while
 * a record it took from there is damaged (valid JSON of the wrong shape: the cache's key names
 * the code that wrote it, so only damage or a hand edit makes one) is done again without the
 * cache's entries, which also replaces them. Any other failure is the load's own and is thrown as
 * it is, once. Records are checked only then, so a load that succeeds pays nothing for it.
 */
export function loadContent(contentDir: string, options: LoadOptions = {}): LoadResult {
  const root = path.resolve(contentDir);
  const { cacheDir, render, residentCache } = options;
  if (options.store) return loadThrough(root, options, options.store, new CacheUse());
  if (!cacheDir) return loadFolder(root, options, undefined, new CacheUse());
  const open = (fresh: boolean) => openContentCache(root, { cacheDir, render }, { fresh, resident: residentCache });
  const use = new CacheUse();
  try {
    return loadThrough(root, options, open(false), use);
  } catch (error) {
    if (!use.servedDamaged(isContentRecord)) throw error;
    return loadThrough(root, options, open(true), new CacheUse());
  }
}

/** Loads through `store`; a load that fails half-way leaves nothing of itself in the store. */
function loadThrough(root: string, options: LoadOptions, store: ParseStore<ContentRecord>, use: CacheUse): LoadResult {
  return discardingOnFailure(store, () => loadFolder(root, options, store, use));
}

function loadFolder(
  root: string,
  options: LoadOptions,
  store: ParseStore<ContentRecord> | undefined,
  use: CacheUse,
): LoadResult {
  const counts = { articles: 0, pages: 0, comments: 0, updates: 0 };
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return { counts, issues: [missingFolder(root)] };
  const now = options.now ?? DateTime.now();
  const html = options.render ?? true;
  const fileExists = fileChecker(root);
  const { settings, authors, categories, authorNames, categoryNames, issues } = loadSiteData(root);
  const rules = contentRules({ zone: settings?.timezone ?? "UTC", authorNames, categoryNames, fileExists });
  const reader = <T extends ContentRecord>() =>
    contentFileReader<T>({ root, store: store as ParseStore<T> | undefined, use });

  // First pass: front matter of every article and page, so links can be resolved in the second.
  const openMarkdown = reader<MarkdownRecord>();
  const read = <T>(files: string[], rule: SchemaRule<T>) =>
    files.map((file) => parseMarkdownFile(file, openMarkdown, rule, html, issues));
  const articleFiles = read(listFiles(root, "articles", [".md"]), rules.article);
  const pageFiles = read(listFiles(root, "pages", [".md"], false), rules.page);
  const articles = loaded(articleFiles);
  const pages = loaded(pageFiles);
  const location = settings ? siteLocation(settings.url) : siteLocation("https://example.org/");
  const permalink = settings?.permalink ?? "/{year}/{month}/{slug}/";
  const placement = placeContent(
    articles,
    pages,
    { location, permalink, authorNames, categoryNames, editionFolders: editionFolders(settings) },
    issues,
  );
  const brokenSlugs = (files: (ParsedFile<unknown> | BrokenFile)[]) =>
    new Set(files.filter(isBroken).flatMap((file) => file.slugs));
  const originals = new Map([
    ...checkTranslations("article", placement.articles, settings, brokenSlugs(articleFiles), issues),
    ...checkTranslations("page", placement.pages, settings, brokenSlugs(pageFiles), issues),
  ]);
  issues.push(...contentWarnings({ articles, pages, categories: categoryNames ? categories : undefined, now }));

  // Second pass: bodies, with links to other content files resolved to their URLs. Files with
  // errors of their own are not loaded, but exist: links to them and comments on them are fine.
  const brokenArticles = articleFiles.filter(isBroken);
  const broken = new Set([...brokenArticles, ...pageFiles.filter(isBroken)].map((file) => file.sourcePath));
  const unpublished = unpublishedFiles(placement, now);
  const { urls } = placement;
  const links = {
    location,
    urls,
    unpublished,
    broken,
    fileExists,
    issues,
    editionFolder: editionFolderOf(placement, settings),
  };
  const bodies = resolveBodies(placement, links);

  const commentFiles = listFiles(root, "comments", [".yaml", ".yml"]);
  const articleSlugs = new Set([...placement.articleSlugs, ...brokenArticles.flatMap((file) => file.slugs)]);
  const open = reader<CommentRecord>();
  const comments = loadComments(commentFiles, { open, rule: rules.comment, html, articleSlugs, issues });

  const updateFiles = listFiles(root, "live", [".md"]);
  const updates = loadUpdates(updateFiles, {
    open: openMarkdown,
    rule: rules.update,
    html,
    articles: new Map(placement.articles.map((article) => [article.slug, article.frontMatter])),
    brokenSlugs: new Set(brokenArticles.flatMap((file) => file.slugs)),
    authorNames,
    links,
    issues,
  });

  store?.save();
  counts.articles = articleFiles.length;
  counts.pages = pageFiles.length;
  counts.comments = commentFiles.length;
  counts.updates = updateFiles.length;
  const result = { issues, counts, ...(store ? { cache: use.stats } : {}) };
  if (!settings || issues.some((issue) => issue.severity === "error")) return result;
  const content = {
    contentDir: root,
    settings,
    location,
    authors,
    categories,
    ...bodies,
    comments,
    updates,
    originals,
  };
  return { ...result, content };
}

/** The loaded articles and pages: their bodies with every link resolved. */
function resolveBodies(placement: Placement, links: LinkContext): { articles: LoadedArticle[]; pages: LoadedPage[] } {
  const body = (file: ParsedFile<unknown>) =>
    resolveArticleBody(file.body, linkResolver(links, file.sourcePath), file.sourceHash);
  const articles = placement.articles.map((article) => ({
    sourcePath: article.sourcePath,
    frontMatter: article.frontMatter,
    slug: article.slug,
    authorKeys: article.authorKeys,
    categoryKey: article.categoryKey,
    outputFile: article.outputFile,
    date: article.frontMatter.date,
    body: body(article),
  }));
  const pages = placement.pages.map((page) => ({
    sourcePath: page.sourcePath,
    frontMatter: page.frontMatter,
    slug: page.slug,
    outputFile: page.outputFile,
    body: body(page),
  }));
  return { articles, pages };
}

/**
 * The folder of the edition of each article and page, and of each live update (its article's):
 * with editions, a body shows its own edition's copy of an image. Undefined without editions.
 */
function editionFolderOf(placement: Placement, settings: SiteSettings | undefined) {
  if (!settings?.editions) return undefined;
  const files = [...placement.articles, ...placement.pages];
  const bySource = new Map(files.map((file) => [file.sourcePath, file.editionFolder]));
  const bySlug = new Map(placement.articles.map((article) => [article.slug, article.editionFolder]));
  return (sourcePath: string) =>
    bySource.get(sourcePath) ?? (sourcePath.startsWith("live/") ? bySlug.get(sourcePath.split("/")[1]!) : "") ?? "";
}

function loaded<T>(files: (ParsedFile<T> | BrokenFile)[]): ParsedFile<T>[] {
  return files.filter((file): file is ParsedFile<T> => !isBroken(file));
}

/** Articles and pages a build at `now` would not publish: drafts, and articles dated later. */
function unpublishedFiles(placement: Placement, now: DateTime): Set<string> {
  const unpublished = new Set<string>();
  for (const article of placement.articles)
    if (article.frontMatter.draft || article.frontMatter.date > now) unpublished.add(article.sourcePath);
  for (const page of placement.pages) if (page.frontMatter.draft) unpublished.add(page.sourcePath);
  return unpublished;
}

function missingFolder(root: string): ContentIssue {
  return {
    file: ".",
    line: 1,
    field: "file",
    message: `content folder not found: ${root}  (a folder with _data/site.yaml and articles/)`,
    severity: "error",
  };
}
