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
  /**
   * The folder of each edition but the site language's, by language (`ru` → `ru/`): an article
   * or page of that edition lives under it. Absent without editions.
   */
  editionFolders?: ReadonlyMap<string, string>;
}

/** The folder (`ru/`, or `""` for the site language) of the edition a file belongs to. */
function editionFolder(frontMatter: { language?: string }, context: PlacementContext): string {
  return (frontMatter.language && context.editionFolders?.get(frontMatter.language)) || "";
}

interface PlacedArticle extends ParsedFile<ArticleFrontMatter> {
  slug: string;
  /** Author keys (slugs) in the order written. */
  authorKeys: string[];
  categoryKey: string;
  /** Relative to the folder of its edition (`editionFolder`). */
  outputFile: string;
  /** The folder of its edition (`ru/`), `""` for the site language's. */
  editionFolder: string;
}

interface PlacedPage extends ParsedFile<PageFrontMatter> {
  slug: string;
  outputFile: string;
  editionFolder: string;
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
  const claims = new OutputClaims(issues, [...(context.editionFolders?.keys() ?? [])]);
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
      claims.claim(placed.outputFile, parsed.sourcePath, slugLine, "slug", placed.editionFolder);
    }
    const pagePath = placed.editionFolder + placed.outputFile.replace(/index\.html$/, "");
    urls.set(parsed.sourcePath, publicUrl(context.location, pagePath));
    return placed;
  });
  const placedPages = pages.map((parsed) => {
    const slug = parsed.frontMatter.slug ?? parsed.nameSlug;
    const outputFile = outputFileFor(`${slug}/`);
    const folder = editionFolder(parsed.frontMatter, context);
    const slugLine = parsed.source.lineOf(parsed.frontMatter.slug ? ["slug"] : []);
    claims.claim(outputFile, parsed.sourcePath, slugLine, "slug", folder);
    urls.set(parsed.sourcePath, publicUrl(context.location, `${folder}${slug}/`));
    return { ...parsed, slug, outputFile, editionFolder: folder };
  });
  for (const article of placedArticles) {
    (article.frontMatter.aliases ?? []).forEach((alias, index) => {
      const line = article.source.lineOf(["aliases", index]);
      claims.claim(aliasOutputFile(alias), article.sourcePath, line, `aliases[${index}]`, article.editionFolder);
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
  return { ...parsed, slug, authorKeys, categoryKey, outputFile, editionFolder: editionFolder(frontMatter, context) };
}

/**
 * Output files and who claimed each, across editions (an edition's files by their path under its
 * folder); a second claim, or one inside a folder the site writes itself, is reported.
 */
class OutputClaims {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly issues: ContentIssue[],
    /** The editions' languages: the site language's edition may not use their folders. */
    private readonly editionLanguages: string[] = [],
  ) {}

  /** Claims `outputFile` of the edition in `editionFolder` (`ru/`, `""` for the site language's). */
  claim(outputFile: string, owner: string, line: number, field: string, editionFolder = ""): void {
    const previous = this.owners.get(editionFolder + outputFile) ?? RESERVED_OUTPUT_FILES[outputFile];
    const folder = outputFile.split("/")[0]!;
    const alias = field.startsWith("aliases");
    const reserved = [...RESERVED_SEGMENTS, ...(editionFolder ? [] : this.editionLanguages)];
    if (!previous && outputFile.includes("/") && reserved.includes(folder)) {
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
        `gives the same URL /${editionFolder}${outputFile.replace(/index\.html$/, "")} as ${previous}  (${alias ? "remove this old URL or change it" : "choose a different slug"})`,
      );
    } else {
      this.owners.set(editionFolder + outputFile, owner);
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
