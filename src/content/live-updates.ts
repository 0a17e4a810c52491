/**
 * The updates of live articles, `live/<article-slug>/<name>.md`: each a Markdown file with front
 * matter of its own, checked, then matched with its article, and its body's links resolved
 * relative to the update's file.
 */
import path from "node:path";
import type { DateTime } from "luxon";
import { slugify } from "../lib/slug.js";
import type { FileOpener } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import { type LinkContext, linkResolver } from "./links.js";
import { type RenderedBody, resolveArticleBody } from "./markdown.js";
import { isBroken, parseMarkdownFile } from "./parse-file.js";
import type { MarkdownRecord } from "./records.js";
import type { KnownNames, UpdateFrontMatter } from "./schema.js";
import type { SchemaRule } from "./validate.js";

export interface LoadedUpdate {
  sourcePath: string;
  /** The file name without `.md`: the update's anchor is `update-<id>`. */
  id: string;
  articleSlug: string;
  frontMatter: UpdateFrontMatter;
  /** The key of the author the update names; absent when it names none (then it is the article's first author's). */
  authorKey?: string;
  body: RenderedBody;
}

/** What an update needs to know of its article. */
interface LiveArticle {
  date: DateTime;
  live?: boolean;
}

export interface UpdateContext {
  open: FileOpener<MarkdownRecord>;
  rule: SchemaRule<UpdateFrontMatter>;
  /** Render bodies to HTML (see `LoadOptions.render`). */
  html: boolean;
  /** The loaded articles, by slug. */
  articles: ReadonlyMap<string, LiveArticle>;
  /** The slugs of articles not loaded for errors of their own: their updates are not checked against them. */
  brokenSlugs: ReadonlySet<string>;
  authorNames?: KnownNames;
  links: LinkContext;
  issues: ContentIssue[];
}

/** Reads the update files (content paths), reporting each problem; returns the updates with no errors. */
export function loadUpdates(files: string[], context: UpdateContext): LoadedUpdate[] {
  const updates: LoadedUpdate[] = [];
  for (const file of files) {
    const update = loadUpdate(file, context);
    if (update) updates.push(update);
  }
  return updates;
}

function loadUpdate(file: string, context: UpdateContext): LoadedUpdate | undefined {
  const { issues } = context;
  const parts = file.split("/");
  if (parts.length !== 3) {
    issues.push(fileIssue(file, "is not in an article's folder  (live/<article-slug>/<name>.md)"));
    return undefined;
  }
  const articleSlug = parts[1]!;
  const parsed = parseMarkdownFile(file, context.open, context.rule, context.html, issues);
  const article = context.articles.get(articleSlug);
  if (!article) {
    if (!context.brokenSlugs.has(articleSlug))
      issues.push(
        fileIssue(
          file,
          `is for article "${articleSlug}", which does not exist  (the folder name must be a live article's slug)`,
        ),
      );
    return undefined;
  }
  if (!article.live) {
    issues.push(
      fileIssue(file, `is for article "${articleSlug}", which is not live  (add live: true to that article)`),
    );
    return undefined;
  }
  if (isBroken(parsed)) return undefined;
  const { frontMatter } = parsed;
  if (frontMatter.date < article.date) {
    issues.push({
      file,
      line: parsed.source.lineOf(["date"]),
      field: "date",
      message: `is before the article's date  (an update follows its article, dated ${article.date.toISO({ suppressMilliseconds: true, suppressSeconds: true, includeOffset: false })} or later)`,
      severity: "error",
    });
    return undefined;
  }
  const written = frontMatter.author;
  return {
    sourcePath: file,
    // An id holds no whitespace.
    id: path.posix.basename(file, ".md").replace(/\s+/g, "-"),
    articleSlug,
    frontMatter,
    ...(written === undefined
      ? {}
      : { authorKey: context.authorNames?.lookup.get(written.toLowerCase()) ?? slugify(written) }),
    body: resolveArticleBody(parsed.body, linkResolver(context.links, file), parsed.sourceHash),
  };
}

function fileIssue(file: string, message: string): ContentIssue {
  return { file, line: 1, field: "file", message, severity: "error" };
}
