/**
 * Reads a content folder, validates every file against the schema and cross-checks the files
 * against each other (slugs, permalinks, links, comments). Returns every problem at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { slugify } from "../lib/slug.js";
import {
  aliasOutputFile,
  encodePath,
  expandPermalink,
  outputFileFor,
  publicUrl,
  RESERVED_OUTPUT_FILES,
  type SiteLocation,
  siteLocation,
} from "../lib/urls.js";
import {
  type CommentRecord,
  type ContentFile,
  checkRecord,
  contentFileReader,
  lineFinder,
  type MarkdownRecord,
  type ReadRecord,
  readMarkdownRecord,
  readYamlRecord,
  type SchemaRule,
  type YamlRecord,
} from "./file-records.js";
import type { ContentIssue } from "./issues.js";
import {
  type ParsedBody,
  parseArticleBody,
  type RenderedBody,
  renderCommentBody,
  resolveArticleBody,
} from "./markdown.js";
import {
  appendParseCache,
  codeFingerprint,
  contentHash,
  hasParseCache,
  openParseCache,
  type ParseCache,
  type ParseCacheOptions,
  type ParseCacheStats,
  parseCacheFile,
} from "./parse-cache.js";
import {
  ALLOWED_KEYS,
  type ArticleFrontMatter,
  type AuthorEntry,
  articleSchema,
  authorsSchema,
  type CategoryEntry,
  type CommentEntry,
  categoriesSchema,
  commentSchema,
  type KnownNames,
  type PageFrontMatter,
  pageSchema,
  RESERVED_SEGMENTS,
  type SiteSettings,
  siteSchema,
} from "./schema.js";
import { contentWarnings } from "./warnings.js";
import { readYaml, schemaIssues } from "./yaml-source.js";

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

export interface LoadedPage {
  sourcePath: string;
  frontMatter: PageFrontMatter;
  slug: string;
  outputFile: string;
  body: RenderedBody;
}

export interface LoadedComment {
  sourcePath: string;
  id: string;
  articleSlug: string;
  entry: CommentEntry;
  html: string;
}

/** A content folder that passed validation, before any listing is computed. */
export interface LoadedContent {
  contentDir: string;
  settings: SiteSettings;
  location: SiteLocation;
  authors: Map<string, AuthorEntry>;
  categories: Map<string, CategoryEntry>;
  articles: LoadedArticle[];
  pages: LoadedPage[];
  comments: LoadedComment[];
}

export interface LoadResult {
  content?: LoadedContent;
  /** Errors and warnings, in file order. */
  issues: ContentIssue[];
  /** How many files of each kind were read, valid or not. */
  counts: { articles: number; pages: number; comments: number };
  /** How many files came from the parse cache and how many were parsed; absent without `cacheDir`. */
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
   * Folder of the parse cache (see parse-cache.ts): what each file says on its own is kept there
   * and reused while the file is unchanged, so loading again reparses only edited files. The
   * checks across files run every time. Commands pass `parseCacheDir()`. @default no cache
   */
  cacheDir?: string;
  /** Keep the parse cache in memory for the next load in this process (`npm start`). @default false */
  residentCache?: boolean;
}

/** The site settings and the known authors and categories, read from `_data/`. */
export interface SiteData {
  /** Absent when site.yaml is missing or invalid (see `issues`). */
  settings?: SiteSettings;
  authors: Map<string, AuthorEntry>;
  categories: Map<string, CategoryEntry>;
  /** Absent when the folder has no authors.yaml: then any author name is accepted. */
  authorNames?: KnownNames;
  /** Absent when the folder has no categories.yaml: then any category is accepted. */
  categoryNames?: KnownNames;
  issues: ContentIssue[];
}

const SITE_FILE = "_data/site.yaml";
const AUTHORS_FILE = "_data/authors.yaml";
const CATEGORIES_FILE = "_data/categories.yaml";

/**
 * Lists files under `dir` (relative to `root`) whose names end with one of `extensions`, skipping
 * hidden files and folders, sorted. Walks the folders itself: Node's recursive `readdirSync`
 * took ten times as long on a 10,000-article archive.
 */
export function listFiles(root: string, dir: string, extensions: string[], recursive = true): string[] {
  if (!existsSync(path.join(root, dir))) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const file = `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive) walk(file);
      } else if (extensions.some((extension) => entry.name.toLowerCase().endsWith(extension))) {
        found.push(file);
      }
    }
  };
  walk(dir);
  return found.sort();
}

function knownNames(entries: Map<string, { name: string }>): KnownNames {
  const lookup = new Map<string, string>();
  for (const [key, entry] of entries) {
    lookup.set(key.toLowerCase(), key);
    lookup.set(entry.name.toLowerCase(), key);
  }
  return { lookup, keys: [...entries.keys()] };
}

function readDataFile<T>(
  contentDir: string,
  file: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } },
  issues: ContentIssue[],
  allowedKeys?: readonly string[],
): T | undefined {
  const source = readYaml(file, readFileSync(path.join(contentDir, file), "utf8"));
  issues.push(...source.issues);
  if (source.issues.length) return undefined;
  const result = schema.safeParse(source.data ?? {});
  if (result.success) return result.data;
  issues.push(...schemaIssues(file, result.error, source, allowedKeys));
  return undefined;
}

/** The slug of an article: its `slug` field, or else made from its file name (as `MarkdownRecord.nameSlug`). */
export function articleSlug(sourcePath: string, slugField: string | undefined): string {
  return slugField ?? slugify(path.posix.basename(sourcePath, ".md"));
}

function fileChecker(root: string): (contentPath: string) => boolean {
  return (contentPath) => {
    const resolved = path.resolve(root, contentPath);
    return resolved.startsWith(root + path.sep) && isFile(resolved);
  };
}

/** One stat call rather than two (`existsSync`, then `statSync`): it runs for every image and link. */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Reads and validates `_data/`: site.yaml (required), authors.yaml and categories.yaml (optional). */
export function loadSiteData(contentDir: string): SiteData {
  const root = path.resolve(contentDir);
  const fileExists = fileChecker(root);
  const issues: ContentIssue[] = [];
  let settings: SiteSettings | undefined;
  if (!fileExists(SITE_FILE)) {
    issues.push({
      file: SITE_FILE,
      line: 1,
      field: "file",
      message: "is missing  (site settings with at least title and url)",
      severity: "error",
    });
  } else {
    settings = readDataFile(root, SITE_FILE, siteSchema, issues, ALLOWED_KEYS.site);
  }
  const authors = new Map(
    Object.entries(
      fileExists(AUTHORS_FILE)
        ? (readDataFile(root, AUTHORS_FILE, authorsSchema, issues, ALLOWED_KEYS.author) ?? {})
        : {},
    ),
  );
  const categories = new Map(
    Object.entries(
      fileExists(CATEGORIES_FILE)
        ? (readDataFile(root, CATEGORIES_FILE, categoriesSchema, issues, ALLOWED_KEYS.category) ?? {})
        : {},
    ),
  );
  return {
    settings,
    authors,
    categories,
    authorNames: fileExists(AUTHORS_FILE) ? knownNames(authors) : undefined,
    categoryNames: fileExists(CATEGORIES_FILE) ? knownNames(categories) : undefined,
    issues,
  };
}

/**
 * Loads and validates a content folder. Every problem is collected, errors and warnings;
 * `content` is present only when there are no errors (warnings are allowed).
 */
export function loadContent(contentDir: string, options: LoadOptions = {}): LoadResult {
  if (!options.cacheDir) return loadFolder(contentDir, options, undefined);
  try {
    return loadCached(contentDir, options, options.cacheDir, false);
  } catch {
    // A cache file that is valid JSON but not as this code wrote it (edited by hand, say) can
    // break loading: load again without its entries, which also replaces it with a good one.
    return loadCached(contentDir, options, options.cacheDir, true);
  }
}

/** Loads through the parse cache; a load that fails half-way leaves no half-written cache file behind. */
function loadCached(contentDir: string, options: LoadOptions, cacheDir: string, fresh: boolean): LoadResult {
  const cache = openContentCache(
    contentDir,
    { cacheDir, render: options.render },
    { fresh, resident: options.residentCache },
  );
  return discardingOnFailure(cache, () => loadFolder(contentDir, options, cache));
}

function loadFolder(contentDir: string, options: LoadOptions, cache: ParseCache<FileRecord> | undefined): LoadResult {
  const root = path.resolve(contentDir);
  const counts = { articles: 0, pages: 0, comments: 0 };
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    return {
      counts,
      issues: [
        {
          file: ".",
          line: 1,
          field: "file",
          message: `content folder not found: ${root}  (a folder with _data/site.yaml and articles/)`,
          severity: "error",
        },
      ],
    };
  }
  const now = options.now ?? DateTime.now();
  const html = options.render ?? true;
  const fileExists = fileChecker(root);
  const siteData = loadSiteData(root);
  const { settings, authors, categories, authorNames, categoryNames, issues } = siteData;
  // One cache holds both kinds of record, keyed by path: articles/ and pages/ hold Markdown, comments/ YAML.
  const openMarkdown = contentFileReader<MarkdownRecord>(root, cache as ParseCache<MarkdownRecord> | undefined);

  // First pass: front matter of every article and page, so links can be resolved in the second.
  const { zone, articleRule, pageRule } = markdownRules(root, siteData);
  const parsedArticles: ParsedFile<ArticleFrontMatter>[] = [];
  for (const file of listFiles(root, "articles", [".md"])) {
    counts.articles++;
    const parsed = parseMarkdownFile(file, openMarkdown, articleRule, html, issues);
    if (parsed) parsedArticles.push(parsed);
  }
  const parsedPages: ParsedFile<PageFrontMatter>[] = [];
  for (const file of listFiles(root, "pages", [".md"], false)) {
    counts.pages++;
    const parsed = parseMarkdownFile(file, openMarkdown, pageRule, html, issues);
    if (parsed) parsedPages.push(parsed);
  }

  const location = settings ? siteLocation(settings.url) : siteLocation("https://example.org/");
  const permalink = settings?.permalink ?? "/{year}/{month}/{slug}/";
  const targets = new Map<string, string>();
  const outputOwners = new Map<string, string>(Object.entries(RESERVED_OUTPUT_FILES));
  const claimOutput = (outputFile: string, owner: string, line: number, field: string) => {
    const previous = outputOwners.get(outputFile);
    const folder = outputFile.split("/")[0]!;
    if (!previous && outputFile.includes("/") && RESERVED_SEGMENTS.includes(folder)) {
      issues.push({
        file: owner,
        line,
        field,
        message: `gives a URL inside /${folder}/, which the site writes itself  (${field.startsWith("aliases") ? "use another old URL" : "choose a different slug"})`,
        severity: "error",
      });
      return false;
    }
    if (previous) {
      issues.push({
        file: owner,
        line,
        field,
        message: `gives the same URL /${outputFile.replace(/index\.html$/, "")} as ${previous}  (${field.startsWith("aliases") ? "remove this old URL or change it" : "choose a different slug"})`,
        severity: "error",
      });
      return false;
    }
    outputOwners.set(outputFile, owner);
    return true;
  };

  const slugOwners = new Map<string, string>();
  const articleDrafts = parsedArticles.map((parsed) => {
    const { frontMatter, sourcePath, source } = parsed;
    const slug = frontMatter.slug ?? parsed.nameSlug;
    const slugLine = source.lineOf(frontMatter.slug ? ["slug"] : []);
    const owner = slugOwners.get(slug);
    if (owner) {
      issues.push({
        file: sourcePath,
        line: slugLine,
        field: "slug",
        message: `"${slug}" is already used by ${owner}  (slugs are unique across all articles; set a different slug)`,
        severity: "error",
      });
    } else {
      slugOwners.set(slug, sourcePath);
    }
    const authorValues = Array.isArray(frontMatter.author) ? frontMatter.author : [frontMatter.author];
    const authorKeys = authorValues.map((value) => authorNames?.lookup.get(value.toLowerCase()) ?? slugify(value));
    const categoryKey = categoryNames?.lookup.get(frontMatter.category.toLowerCase()) ?? slugify(frontMatter.category);
    const date = frontMatter.date;
    const outputFile = outputFileFor(
      expandPermalink(permalink, {
        year: padNumber(date.year, 4),
        month: padNumber(date.month, 2),
        day: padNumber(date.day, 2),
        slug,
        category: categoryKey,
      }),
    );
    if (!owner) claimOutput(outputFile, sourcePath, slugLine, "slug");
    targets.set(sourcePath, publicUrl(location, outputFile.replace(/index\.html$/, "")));
    return { ...parsed, slug, authorKeys, categoryKey, outputFile, date };
  });

  const pageDrafts = parsedPages.map((parsed) => {
    const slug = parsed.frontMatter.slug ?? parsed.nameSlug;
    const outputFile = outputFileFor(`${slug}/`);
    claimOutput(outputFile, parsed.sourcePath, parsed.source.lineOf(parsed.frontMatter.slug ? ["slug"] : []), "slug");
    targets.set(parsed.sourcePath, publicUrl(location, `${slug}/`));
    return { ...parsed, slug, outputFile };
  });

  // Old URLs last, so a clash is reported on the alias rather than on the page it would hide.
  for (const draft of articleDrafts) {
    (draft.frontMatter.aliases ?? []).forEach((alias, index) => {
      claimOutput(
        aliasOutputFile(alias),
        draft.sourcePath,
        draft.source.lineOf(["aliases", index]),
        `aliases[${index}]`,
      );
    });
  }

  issues.push(
    ...contentWarnings({
      articles: parsedArticles,
      pages: parsedPages,
      categories: categoryNames ? categories : undefined,
      now,
    }),
  );

  // Articles a build at `now` would not publish: links to them are dead until they are.
  const unpublished = new Set(
    articleDrafts.filter((draft) => draft.frontMatter.draft || draft.date > now).map((draft) => draft.sourcePath),
  );
  for (const page of pageDrafts) if (page.frontMatter.draft) unpublished.add(page.sourcePath);

  // Second pass: bodies, with links to other content files resolved to their URLs.
  const renderBody = (sourcePath: string, body: ParsedBody, sourceHash: string) =>
    resolveArticleBody(
      body,
      (target, line, kind) => {
        if (
          /^[a-z][a-z0-9+.-]*:/i.test(target) ||
          target.startsWith("//") ||
          target.startsWith("#") ||
          target.startsWith("/")
        )
          return undefined;
        const [filePart, fragment] = splitFragment(target);
        if (filePart === "") return undefined;
        const contentPath = path.posix.normalize(path.posix.join(path.posix.dirname(sourcePath), filePart));
        const known = targets.get(contentPath);
        if (known) {
          if (unpublished.has(contentPath)) {
            issues.push({
              file: sourcePath,
              line,
              field: "body",
              message: `links to ${contentPath}, which is not published yet  (readers get a dead link until it is; fine if both go out together)`,
              severity: "warning",
            });
          }
          return known + fragment;
        }
        if (!filePart.toLowerCase().endsWith(".md") && fileExists(contentPath)) {
          if (contentPath.startsWith("images/")) return publicUrl(location, encodePath(contentPath)) + fragment;
          issues.push({
            file: sourcePath,
            line,
            field: "body",
            message: `${kind} target ${target} is outside the images folder, which is the only one published  (move the file into images/)`,
            severity: "error",
          });
          return null;
        }
        issues.push({
          file: sourcePath,
          line,
          field: "body",
          message: `${kind} target ${target} does not exist  (a path relative to this file, e.g. ${kind === "image" ? "../../images/photo.jpg" : "../10/other-article.md"})`,
          severity: "error",
        });
        return null;
      },
      sourceHash,
    );

  const articles: LoadedArticle[] = articleDrafts.map((draft) => ({
    sourcePath: draft.sourcePath,
    frontMatter: draft.frontMatter,
    slug: draft.slug,
    authorKeys: draft.authorKeys,
    categoryKey: draft.categoryKey,
    outputFile: draft.outputFile,
    date: draft.date,
    body: renderBody(draft.sourcePath, draft.body, draft.sourceHash),
  }));
  const pages: LoadedPage[] = pageDrafts.map((draft) => ({
    sourcePath: draft.sourcePath,
    frontMatter: draft.frontMatter,
    slug: draft.slug,
    outputFile: draft.outputFile,
    body: renderBody(draft.sourcePath, draft.body, draft.sourceHash),
  }));

  const commentFiles = listFiles(root, "comments", [".yaml", ".yml"]);
  counts.comments = commentFiles.length;
  const openComment = contentFileReader<CommentRecord>(root, cache as ParseCache<CommentRecord> | undefined);
  const comments = loadComments(commentFiles, openComment, zone, html, new Set(slugOwners.keys()), issues);

  cache?.save();
  const cacheStats = cache ? { cache: { ...cache.stats } } : {};
  const errors = issues.filter((issue) => issue.severity === "error");
  if (errors.length || !settings) return { issues, counts, ...cacheStats };
  return {
    issues,
    counts,
    ...cacheStats,
    content: { contentDir: root, settings, location, authors, categories, articles, pages, comments },
  };
}

type FileRecord = MarkdownRecord | CommentRecord;

/** A Markdown file whose front matter passed, with its body parsed but its links not yet resolved. */
interface ParsedFile<T> {
  sourcePath: string;
  source: { lineOf: (keyPath: readonly PropertyKey[]) => number; bodyLine: number; bodyBlank: boolean };
  frontMatter: T;
  /** The slug made of the file name (see `articleSlug`). */
  nameSlug: string;
  body: ParsedBody;
  /** Hash of the file's bytes. */
  sourceHash: string;
}

type FileOpener<T> = (file: string, create: (text: string) => T) => ContentFile<T>;

/** Which parse cache of a folder: where it is kept, and for which kind of load. */
export interface ParseAheadOptions {
  /** Folder of the parse cache, as `LoadOptions.cacheDir`. */
  cacheDir: string;
  /** As `LoadOptions.render`. @default true */
  render?: boolean;
}

/** The parse cache of a content folder, as loading opens it: one file for articles, pages and comments, per kind of load. */
function contentCacheOptions(contentDir: string, options: ParseAheadOptions): ParseCacheOptions {
  const html = options.render ?? true;
  return {
    dir: options.cacheDir,
    contentDir: path.resolve(contentDir),
    key: parseCacheKey(),
    variant: html ? "html" : "text",
    lazyPath: ["body", "text"],
  };
}

function openContentCache(
  contentDir: string,
  options: ParseAheadOptions,
  extra: Pick<ParseCacheOptions, "fresh" | "resident" | "file">,
): ParseCache<FileRecord> {
  return openParseCache<FileRecord>({ ...contentCacheOptions(contentDir, options), ...extra });
}

/** Runs `work`, which saves `cache`; if it throws, the cache's half-written file is discarded, not left behind. */
function discardingOnFailure<T>(cache: ParseCache<FileRecord>, work: () => T): T {
  try {
    return work();
  } catch (error) {
    cache.discard();
    throw error;
  }
}

/** How articles and pages are checked: against the site's zone and its known authors and categories. */
function markdownRules(
  root: string,
  siteData: SiteData,
): { zone: string; articleRule: SchemaRule<ArticleFrontMatter>; pageRule: SchemaRule<PageFrontMatter> } {
  const { settings, authorNames, categoryNames } = siteData;
  const zone = settings?.timezone ?? "UTC";
  const fileExists = fileChecker(root);
  const articleRule: SchemaRule<ArticleFrontMatter> = {
    schema: articleSchema({ zone, authors: authorNames, categories: categoryNames, fileExists }),
    allowedKeys: ALLOWED_KEYS.article,
    context: contentHash(JSON.stringify([zone, namesKey(authorNames), namesKey(categoryNames)])),
    // The schema looks the image up: whether it is there is part of the outcome.
    filesOf: (data) => {
      const image = (data as { image?: unknown } | undefined)?.image;
      return typeof image === "string" ? [image] : [];
    },
    fileExists,
    zone,
  };
  const pageRule: SchemaRule<PageFrontMatter> = {
    schema: pageSchema,
    allowedKeys: ALLOWED_KEYS.page,
    context: "",
    zone,
  };
  return { zone, articleRule, pageRule };
}

/**
 * Parses articles (content paths, `articles/...`) into a new parse cache of the folder, as
 * `loadContent` would, so that it finds them there; problems are left for it to report. The
 * per-file work of a load with an empty cache, done ahead in parts (see parse-ahead.ts). With
 * `file`, the cache is written there (a part, for `appendContentCache`) instead of to the
 * folder's own cache file. Throws when a file cannot be read, leaving no file behind.
 */
export function parseIntoCache(
  contentDir: string,
  files: readonly string[],
  options: ParseAheadOptions,
  file?: string,
): void {
  const root = path.resolve(contentDir);
  const html = options.render ?? true;
  const { articleRule } = markdownRules(root, loadSiteData(root));
  const cache = openContentCache(root, options, { fresh: true, file });
  const open = contentFileReader<MarkdownRecord>(root, cache as ParseCache<MarkdownRecord>);
  const ignored: ContentIssue[] = [];
  discardingOnFailure(cache, () => {
    for (const name of files) parseMarkdownFile(name, open, articleRule, html, ignored);
    cache.save();
  });
}

/** The folder's own parse cache file for such a load. */
export function contentCacheFile(contentDir: string, options: ParseAheadOptions): string {
  return parseCacheFile(contentCacheOptions(contentDir, options));
}

/** Whether the folder's parse cache exists and fits this code: a load then finds what it stored. */
export function hasContentCache(contentDir: string, options: ParseAheadOptions): boolean {
  return hasParseCache(contentCacheOptions(contentDir, options));
}

/** Appends the articles parsed into `part` (`parseIntoCache` with a file) to the folder's parse cache; returns whether it did. */
export function appendContentCache(contentDir: string, part: string, options: ParseAheadOptions): boolean {
  return appendParseCache(contentCacheOptions(contentDir, options), part);
}

/** Reads one article or page: its front matter checked by `rule`, its body parsed once that passed. */
function parseMarkdownFile<T>(
  file: string,
  open: FileOpener<MarkdownRecord>,
  rule: SchemaRule<T>,
  html: boolean,
  issues: ContentIssue[],
): ParsedFile<T> | undefined {
  let read: ReadRecord<MarkdownRecord> | undefined;
  const opened = open(file, (text) => (read = readMarkdownRecord(file, text)).record);
  const { record } = opened;
  issues.push(...record.frontMatter.issues);
  if (record.frontMatter.issues.length) {
    opened.settle(false);
    return undefined;
  }
  const data = () => (read ??= readMarkdownRecord(file, opened.text())).data;
  const checked = checkRecord(record, file, record.frontMatter, data, rule);
  let changed = checked.changed;
  if (checked.value === undefined) issues.push(...checked.issues);
  else if (!record.body || (html && !record.body.summary)) {
    record.body = parseArticleBody(opened.text().slice(record.bodyStart), record.bodyLine, { html });
    changed = true;
  }
  opened.settle(changed);
  if (checked.value === undefined || !record.body) return undefined;
  return {
    sourcePath: file,
    source: { lineOf: lineFinder(record.frontMatter), bodyLine: record.bodyLine, bodyBlank: record.bodyBlank },
    frontMatter: checked.value,
    nameSlug: record.nameSlug,
    body: record.body,
    sourceHash: opened.hash,
  };
}

/** Known author or category names as plain data, for the cache context of a schema check. */
function namesKey(names: KnownNames | undefined): unknown {
  return names ? [[...names.lookup], names.keys] : null;
}

let cacheKey: string | undefined;

/** What every cached record depends on besides its file: the code that made it (see parse-cache.ts). */
function parseCacheKey(): string {
  return (cacheKey ??= codeFingerprint());
}

/**
 * A date part as Luxon's `yyyy`, `MM` and `dd` write it (zero-padded, Latin digits), without
 * building a formatter per call: on 10,000 articles those took a tenth of a warm check.
 */
function padNumber(value: number, width: number): string {
  return value < 0 ? `-${String(-value).padStart(width, "0")}` : String(value).padStart(width, "0");
}

function splitFragment(target: string): [string, string] {
  const hash = target.indexOf("#");
  return hash < 0 ? [target, ""] : [target.slice(0, hash), target.slice(hash)];
}

function loadComments(
  files: string[],
  openComment: FileOpener<CommentRecord>,
  zone: string,
  html: boolean,
  articleSlugs: Set<string>,
  issues: ContentIssue[],
): LoadedComment[] {
  const rule: SchemaRule<CommentEntry> = {
    schema: commentSchema(zone),
    allowedKeys: ALLOWED_KEYS.comment,
    context: zone,
    zone,
  };
  const comments: LoadedComment[] = [];
  const sources = new Map<string, YamlRecord>();
  for (const file of files) {
    const parts = file.split("/");
    if (parts.length !== 3) {
      issues.push({
        file,
        line: 1,
        field: "file",
        message: "is not in an article's folder  (comments/<article-slug>/<name>.yaml)",
        severity: "error",
      });
      continue;
    }
    const articleSlug = parts[1]!;
    let read: ReadRecord<YamlRecord> | undefined;
    const opened = openComment(file, (text) => ({ yaml: (read = readYamlRecord(file, text)).record }));
    const { record } = opened;
    sources.set(file, record.yaml);
    issues.push(...record.yaml.issues);
    if (record.yaml.issues.length) {
      opened.settle(false);
      continue;
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
    if (checked.value === undefined) continue;
    const id = path.posix.basename(file).replace(/\.ya?ml$/i, "");
    comments.push({ sourcePath: file, id, articleSlug, entry: checked.value, html: html ? record.html! : "" });
  }
  const ids = new Set(comments.map((comment) => `${comment.articleSlug}/${comment.id}`));
  for (const comment of comments) {
    const replyTo = comment.entry.replyTo;
    if (replyTo !== undefined && !ids.has(`${comment.articleSlug}/${replyTo}`)) {
      issues.push({
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
