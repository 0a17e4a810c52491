/**
 * `npm run new`: starts an article as a draft with complete front matter, so that writers never
 * copy front matter by hand. The file it writes passes `npm run check`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DateTime } from "luxon";
import { stringify } from "yaml";
import { articleSlug, editionLanguages, listFiles, loadSiteData } from "../content/index.js";
import { type KnownNames, type SiteSettings, unknownNameMessage } from "../content/schema.js";
import { readMarkdown } from "../content/yaml-source.js";
import { slugify } from "../lib/slug.js";

export interface NewArticleOptions {
  /** The content folder. */
  contentDir: string;
  title: string;
  /** A key or name from categories.yaml, or any name when there is none. @default the only category, when there is exactly one */
  category?: string;
  /** Keys or names from authors.yaml, or any names when there is none. @default the only author, when there is exactly one */
  authors?: string[];
  /** The moment of writing: the article's date, and its folder `articles/<year>/<month>/`. */
  now: DateTime;
  /** With editions: the article's language. */
  language?: string;
  /** With `language`: the slug of the original this article translates; its section, tags, byline and image are filled in. */
  translationOf?: string;
}

/** What a translation takes from its original's front matter. */
const FROM_ORIGINAL = ["tags", "image", "imageAlt", "imageCaption", "imageCredit"] as const;

export type NewArticleResult =
  | { ok: true /** Path of the new file relative to the content folder. */; file: string }
  | { ok: false /** What is wrong, then in parentheses what would be valid. */; problems: string[] };

/** The text of a new draft article. */
function newArticleText(fields: {
  title: string;
  date: string;
  category: string;
  authors: string[];
  /** Further keys, in this order: a translation's language, original, tags and image. */
  more?: Record<string, unknown>;
}): string {
  const authors = fields.authors.map(yamlScalar);
  const { tags, ...more } = fields.more ?? {};
  return [
    "---",
    `title: ${yamlScalar(fields.title)}`,
    `date: ${fields.date}`,
    `category: ${yamlScalar(fields.category)}`,
    `author: ${authors.length === 1 ? authors[0] : `[${authors.join(", ")}]`}`,
    `tags: [${Array.isArray(tags) ? tags.map((tag) => yamlScalar(String(tag))).join(", ") : ""}]`,
    'description: ""',
    ...Object.entries(more).map(([key, value]) => `${key}: ${yamlScalar(String(value))}`),
    "draft: true",
    "---",
    "Write the first paragraph here. Unless you set a description, it is the summary readers see in listings and search results.",
    "",
  ].join("\n");
}

/** A string as a one-line YAML value, quoted only when YAML would read it otherwise (`true`, `2026`, `a: b`). */
function yamlScalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

/** Creates `articles/<year>/<month>/<slug>.md` as a draft, unless an article already has that slug. */
export function createArticle(options: NewArticleOptions): NewArticleResult {
  const root = path.resolve(options.contentDir);
  const title = options.title.trim();
  if (!title) return { ok: false, problems: ['--title is empty  (the headline, e.g. --title "Plant reopens")'] };
  const slug = slugify(title);
  if (!slug) return { ok: false, problems: [`--title "${title}" gives no slug  (a headline with letters or digits)`] };

  const data = loadSiteData(root);
  const broken = data.issues.filter((issue) => issue.severity === "error").map((issue) => issue.file);
  if (!data.settings || broken.length) {
    const files = [...new Set(broken)].join(", ") || "_data/site.yaml";
    return {
      ok: false,
      problems: [`${files} in ${options.contentDir} cannot be read  (run npm run check to see what to fix)`],
    };
  }

  const problems: string[] = [];
  const original = translationOrigin(root, options, data.settings, problems);
  const givenCategory = options.category ?? original?.category;
  const category = pickName("category", givenCategory ? [givenCategory] : [], data.categoryNames, problems);
  const authors = pickName("author", options.authors ?? original?.authors ?? [], data.authorNames, problems);

  const owner = articleWithSlug(root, slug);
  if (owner)
    problems.push(
      `an article with the slug "${slug}" already exists: ${owner}  (choose a different title, or edit that article)`,
    );

  const now = options.now.setZone(data.settings.timezone);
  const file = `articles/${now.toFormat("yyyy")}/${now.toFormat("MM")}/${slug}.md`;
  if (!owner && existsSync(path.join(root, file))) problems.push(`${file} already exists  (choose a different title)`);
  if (problems.length) return { ok: false, problems };

  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  const more = {
    ...(options.language ? { language: options.language } : {}),
    ...(original ? { translationOf: options.translationOf, ...original.copied } : {}),
  };
  const date = now.toFormat("yyyy-MM-dd'T'HH:mm");
  const text = newArticleText({ title, date, category: category[0]!, authors, more });
  writeFileSync(path.join(root, file), text, { flag: "wx" });
  return { ok: true, file };
}

/**
 * Checks `--language` and `--translation-of` against the editions, and reads the original: its
 * section, byline, tags and image for the translation. Writes problems for what is wrong.
 */
function translationOrigin(
  root: string,
  options: NewArticleOptions,
  settings: SiteSettings,
  problems: string[],
): { category?: string; authors?: string[]; copied: Record<string, unknown> } | undefined {
  const { language, translationOf } = options;
  const languages = editionLanguages(settings) ?? [];
  if (language !== undefined && !languages.includes(language)) {
    problems.push(
      languages.length
        ? `--language "${language}" is not an edition  (one of: ${languages.join(", ")})`
        : `--language needs editions in _data/site.yaml  (see docs/content.md, "Editions")`,
    );
    return undefined;
  }
  if (translationOf === undefined) return undefined;
  if (language === undefined) {
    problems.push(`--translation-of needs --language  (the translation's language, e.g. --language ru)`);
    return undefined;
  }
  const file = articleWithSlug(root, translationOf);
  if (!file) {
    problems.push(`--translation-of "${translationOf}" names no article  (the slug of the original article)`);
    return undefined;
  }
  const front = (readMarkdown(file, readFileSync(path.join(root, file), "utf8")).data ?? {}) as Record<string, unknown>;
  if ((front.language ?? settings.language) === language) {
    problems.push(
      `--translation-of "${translationOf}" is in ${language} already  (the original is in another language)`,
    );
    return undefined;
  }
  const author = front.author;
  return {
    category: typeof front.category === "string" ? front.category : undefined,
    authors: typeof author === "string" ? [author] : Array.isArray(author) ? author.map(String) : undefined,
    copied: Object.fromEntries(FROM_ORIGINAL.filter((key) => front[key] !== undefined).map((key) => [key, front[key]])),
  };
}

/**
 * Resolves the names given for `kind` to keys of the known ones (writing problems for unknown
 * ones), or takes the only known one when none is given.
 */
function pickName(
  kind: "category" | "author",
  given: string[],
  known: KnownNames | undefined,
  problems: string[],
): string[] {
  const flag = `--${kind}`;
  if (given.length === 0) {
    if (known?.keys.length === 1) return [known.keys[0]!];
    problems.push(`${flag} is required  (${known ? `one of: ${known.keys.join(", ")}` : `the ${kind}'s name`})`);
    return [];
  }
  const names: string[] = [];
  for (const value of given.map((name) => name.trim())) {
    if (!value)
      problems.push(`${flag} is empty  (${known ? `one of: ${known.keys.join(", ")}` : `the ${kind}'s name`})`);
    else if (!known) names.push(value);
    else if (known.lookup.has(value.toLowerCase())) names.push(known.lookup.get(value.toLowerCase())!);
    else problems.push(unknownNameMessage(kind, value, known));
  }
  return names;
}

/** The article (path relative to the content folder) whose slug is `slug`, if any. */
function articleWithSlug(root: string, slug: string): string | undefined {
  for (const file of listFiles(root, "articles", [".md"])) {
    const fromName = articleSlug(file, undefined);
    const text = readFileSync(path.join(root, file), "utf8");
    // Only files that set a slug need their front matter read; the rest are named by their slug.
    if (!/^slug\s*:/m.test(text)) {
      if (fromName === slug) return file;
      continue;
    }
    const data = readMarkdown(file, text).data as { slug?: unknown } | undefined;
    if (articleSlug(file, typeof data?.slug === "string" ? data.slug : undefined) === slug) return file;
  }
  return undefined;
}
