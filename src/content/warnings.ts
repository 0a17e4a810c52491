/**
 * Likely mistakes that do not stop a build: a tag or category spelled almost like another one,
 * an empty body, an over-long description, a date in the future. They are reported as warnings
 * by the same loader that finds the errors, so `npm run build`, `npm start` and `npm run check`
 * report the same findings.
 */
import type { DateTime } from "luxon";
import { isoDateTime } from "../lib/dates.js";
import { findVariants, type Variant } from "../lib/variants.js";
import type { ContentIssue } from "./issues.js";
import { wordings } from "./localized.js";
import type { ArticleFrontMatter, CategoryEntry, PageFrontMatter } from "./schema.js";
import type { MarkdownSource } from "./yaml-source.js";

/** Longest description, in characters, before search results and social cards cut it. */
const DESCRIPTION_LIMIT = 300;

/** A file that passed the schema, with what is known of its source (for line numbers). */
interface CheckedFile<T> {
  sourcePath: string;
  frontMatter: T;
  source: Pick<MarkdownSource, "lineOf" | "bodyLine"> & {
    /** Whether the body is empty or only whitespace. */
    bodyBlank: boolean;
  };
}

export interface WarningOptions {
  articles: CheckedFile<ArticleFrontMatter>[];
  pages: CheckedFile<PageFrontMatter>[];
  /** The categories of categories.yaml; absent when the folder has none. */
  categories?: ReadonlyMap<string, CategoryEntry>;
  /** The moment the content is checked at: later dates are scheduled. */
  now: DateTime;
}

/** Every warning for the content that passed the schema. */
export function contentWarnings(options: WarningOptions): ContentIssue[] {
  const warnings: ContentIssue[] = [];
  const warn = (file: string, line: number, field: string, message: string) =>
    warnings.push({ file, line, field, message, severity: "warning" });
  // Oldest first, so on a tie the spelling used first is the one the others are measured against.
  const articles = [...options.articles].sort((a, b) => a.frontMatter.date.toMillis() - b.frontMatter.date.toMillis());

  const tagVariants = findVariants(countUses(articles.flatMap((article) => article.frontMatter.tags ?? [])));
  for (const { sourcePath, frontMatter, source } of options.articles) {
    (frontMatter.tags ?? []).forEach((tag, index) => {
      const variant = tagVariants.get(tag);
      if (variant)
        warn(sourcePath, source.lineOf(["tags", index]), `tags[${index}]`, variantMessage("tag", tag, variant));
    });
  }

  if (options.categories) {
    const exact = new Set([...options.categories].flatMap(([key, entry]) => [key, ...wordings(entry.name)]));
    const keyOf = new Map(
      [...options.categories].flatMap(([key, entry]) => [
        [key.toLowerCase(), key] as const,
        ...wordings(entry.name).map((name) => [name.toLowerCase(), key] as const),
      ]),
    );
    for (const { sourcePath, frontMatter, source } of options.articles) {
      const key = keyOf.get(frontMatter.category.toLowerCase());
      if (key === undefined || exact.has(frontMatter.category)) continue;
      const [name] = wordings(options.categories.get(key)!.name);
      const valid = name === key ? `"${key}"` : `the key "${key}" or the name "${name}"`;
      warn(
        sourcePath,
        source.lineOf(["category"]),
        "category",
        `"${frontMatter.category}" differs only in case from a category in categories.yaml  (write ${valid})`,
      );
    }
  } else {
    const categoryVariants = findVariants(countUses(articles.map((article) => article.frontMatter.category)));
    for (const { sourcePath, frontMatter, source } of options.articles) {
      const variant = categoryVariants.get(frontMatter.category);
      if (variant)
        warn(
          sourcePath,
          source.lineOf(["category"]),
          "category",
          variantMessage("category", frontMatter.category, variant),
        );
    }
  }

  for (const { sourcePath, frontMatter, source } of [...options.articles, ...options.pages]) {
    if (source.bodyBlank) warn(sourcePath, source.bodyLine, "body", "is empty  (write the text below the closing ---)");
    const description = (frontMatter.description ?? "").trim();
    // Characters, not UTF-16 units; only text longer than the limit in units can be, so only it is split.
    const length = description.length > DESCRIPTION_LIMIT ? [...description].length : 0;
    if (length > DESCRIPTION_LIMIT) {
      warn(
        sourcePath,
        source.lineOf(["description"]),
        "description",
        `is ${length} characters long  (at most ${DESCRIPTION_LIMIT}: search results and social cards cut longer ones)`,
      );
    }
  }

  // An error, though it depends on the moment like the warnings: a correction is dated when it was made.
  for (const { sourcePath, frontMatter, source } of options.articles) {
    frontMatter.corrections?.forEach((correction, index) => {
      if (correction.date <= options.now) return;
      warnings.push({
        file: sourcePath,
        line: source.lineOf(["corrections", index, "date"]),
        field: `corrections[${index}].date`,
        message: "is after the build  (the moment the correction was made, not a future one)",
        severity: "error",
      });
    });
  }

  for (const { sourcePath, frontMatter, source } of options.articles) {
    if (frontMatter.draft || frontMatter.date <= options.now) continue;
    warn(
      sourcePath,
      source.lineOf(["date"]),
      "date",
      `is in the future: it will be scheduled, published by the first build after ${isoDateTime(frontMatter.date)}  (fine if intended; otherwise correct the date)`,
    );
  }
  return warnings;
}

function countUses(names: string[]): Map<string, number> {
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  return uses;
}

function variantMessage(kind: "tag" | "category", name: string, variant: Variant): string {
  const difference =
    variant.kind === "case"
      ? "differs only in case from"
      : variant.kind === "form"
        ? "differs only in spacing or punctuation from"
        : variant.slip === "swap"
          ? "has two letters swapped compared with"
          : "differs by one letter from";
  const uses = `${variant.canonicalUses} article${variant.canonicalUses === 1 ? "" : "s"}`;
  return `${kind} "${name}" ${difference} "${variant.canonical}", used in ${uses}  (write "${variant.canonical}" if it is the same ${kind})`;
}
