/**
 * Where each article and page goes: its slug, its output file and URL. Slugs are unique across
 * articles, and no two files (nor an old URL) may claim one output file, nor one the site writes
 * itself.
 */
import path from "node:path";
import { slugify } from "../lib/slug.js";
import {
  aliasOutputFile,
  expandPermalink,
  outputFileFor,
  publicUrl,
  RESERVED_OUTPUT_FILES,
  type SiteLocation,
} from "../lib/urls.js";
import type { ContentIssue } from "./issues.js";
import type { ParsedFile } from "./parse-file.js";
import { type ArticleFrontMatter, type KnownNames, type PageFrontMatter, RESERVED_SEGMENTS } from "./schema.js";

/** What placing the files depends on besides the files. */
export interface PlacementContext {
  location: SiteLocation;
  permalink: string;
  authorNames?: KnownNames;
  categoryNames?: KnownNames;
}

interface PlacedArticle extends ParsedFile<ArticleFrontMatter> {
  slug: string;
  /** Author keys (slugs) in the order written. */
  authorKeys: string[];
  categoryKey: string;
  outputFile: string;
}

interface PlacedPage extends ParsedFile<PageFrontMatter> {
  slug: string;
  outputFile: string;
}

export interface Placement {
  articles: PlacedArticle[];
  pages: PlacedPage[];
  /** The URL of each article and page, by source path. */
  urls: Map<string, string>;
  /** The slugs articles have. */
  articleSlugs: Set<string>;
}

/** The slug of an article: its `slug` field, or else made from its file name (as `MarkdownRecord.nameSlug`). */
export function articleSlug(sourcePath: string, slugField: string | undefined): string {
  return slugField ?? slugify(path.posix.basename(sourcePath, ".md"));
}

/** Places articles, then pages, then the articles' old URLs (so a clash is reported on the alias rather than on the page it would hide). */
export function placeContent(
  articles: ParsedFile<ArticleFrontMatter>[],
  pages: ParsedFile<PageFrontMatter>[],
  context: PlacementContext,
  issues: ContentIssue[],
): Placement {
  const claims = new OutputClaims(issues);
  const urls = new Map<string, string>();
  const slugOwners = new Map<string, string>();
  const placedArticles = articles.map((parsed) => {
    const placed = placeArticle(parsed, context);
    const slugLine = parsed.source.lineOf(parsed.frontMatter.slug ? ["slug"] : []);
    const owner = slugOwners.get(placed.slug);
    if (owner) {
      issues.push({
        file: parsed.sourcePath,
        line: slugLine,
        field: "slug",
        message: `"${placed.slug}" is already used by ${owner}  (slugs are unique across all articles; set a different slug)`,
        severity: "error",
      });
    } else {
      slugOwners.set(placed.slug, parsed.sourcePath);
      claims.claim(placed.outputFile, parsed.sourcePath, slugLine, "slug");
    }
    urls.set(parsed.sourcePath, publicUrl(context.location, placed.outputFile.replace(/index\.html$/, "")));
    return placed;
  });
  const placedPages = pages.map((parsed) => {
    const slug = parsed.frontMatter.slug ?? parsed.nameSlug;
    const outputFile = outputFileFor(`${slug}/`);
    claims.claim(outputFile, parsed.sourcePath, parsed.source.lineOf(parsed.frontMatter.slug ? ["slug"] : []), "slug");
    urls.set(parsed.sourcePath, publicUrl(context.location, `${slug}/`));
    return { ...parsed, slug, outputFile };
  });
  for (const article of placedArticles) {
    (article.frontMatter.aliases ?? []).forEach((alias, index) => {
      const line = article.source.lineOf(["aliases", index]);
      claims.claim(aliasOutputFile(alias), article.sourcePath, line, `aliases[${index}]`);
    });
  }
  return { articles: placedArticles, pages: placedPages, urls, articleSlugs: new Set(slugOwners.keys()) };
}

function placeArticle(parsed: ParsedFile<ArticleFrontMatter>, context: PlacementContext): PlacedArticle {
  const { frontMatter } = parsed;
  const slug = frontMatter.slug ?? parsed.nameSlug;
  const authorValues = Array.isArray(frontMatter.author) ? frontMatter.author : [frontMatter.author];
  const authorKeys = authorValues.map(
    (value) => context.authorNames?.lookup.get(value.toLowerCase()) ?? slugify(value),
  );
  const categoryKey =
    context.categoryNames?.lookup.get(frontMatter.category.toLowerCase()) ?? slugify(frontMatter.category);
  const date = frontMatter.date;
  const outputFile = outputFileFor(
    expandPermalink(context.permalink, {
      year: padNumber(date.year, 4),
      month: padNumber(date.month, 2),
      day: padNumber(date.day, 2),
      slug,
      category: categoryKey,
    }),
  );
  return { ...parsed, slug, authorKeys, categoryKey, outputFile };
}

/** Output files and who claimed each; a second claim, or one inside a folder the site writes itself, is reported. */
class OutputClaims {
  private readonly owners = new Map<string, string>(Object.entries(RESERVED_OUTPUT_FILES));

  constructor(private readonly issues: ContentIssue[]) {}

  claim(outputFile: string, owner: string, line: number, field: string): void {
    const previous = this.owners.get(outputFile);
    const folder = outputFile.split("/")[0]!;
    const alias = field.startsWith("aliases");
    if (!previous && outputFile.includes("/") && RESERVED_SEGMENTS.includes(folder)) {
      this.report(
        owner,
        line,
        field,
        `gives a URL inside /${folder}/, which the site writes itself  (${alias ? "use another old URL" : "choose a different slug"})`,
      );
    } else if (previous) {
      this.report(
        owner,
        line,
        field,
        `gives the same URL /${outputFile.replace(/index\.html$/, "")} as ${previous}  (${alias ? "remove this old URL or change it" : "choose a different slug"})`,
      );
    } else {
      this.owners.set(outputFile, owner);
    }
  }

  private report(file: string, line: number, field: string, message: string): void {
    this.issues.push({ file, line, field, message, severity: "error" });
  }
}

/** A date part as Luxon's `yyyy`, `MM` and `dd` write it (zero-padded, Latin digits), without building a formatter per article. */
function padNumber(value: number, width: number): string {
  return value < 0 ? `-${String(-value).padStart(width, "0")}` : String(value).padStart(width, "0");
}
