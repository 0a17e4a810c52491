/**
 * The content contract (docs/content.md) as zod schemas: one definition that validates content
 * for the build and for `npm run check`, gives the TypeScript types of what it accepts, and the
 * keys each kind of file may have. Schemas that depend on other files (the site zone, the known
 * authors and categories) are factories taking that context.
 */
import { z } from "zod";
import { DATE_FORMS, isKnownZone, parseContentDate } from "../lib/dates.js";
import { isSlug, slugify } from "../lib/slug.js";
import { closest } from "../lib/suggest.js";
import { PERMALINK_PLACEHOLDERS } from "../lib/urls.js";

const text = (what: string) =>
  z
    .string({ error: `must be text  (${what})` })
    .trim()
    .min(1, { error: `must not be empty  (${what})` });

/**
 * A site path: `/`-separated segments of URL-safe characters, no `.` or `..` segment, no spaces,
 * query or fragment. Keeps every generated file inside the output folder and every `_redirects`
 * line one rule.
 */
function isSafeSitePath(value: string): boolean {
  if (!/^\/(?:[A-Za-z0-9._~%{}-]+\/?)*$/.test(value)) return false;
  return value.split("/").every((segment) => segment !== "." && segment !== "..");
}

/** First path segments that belong to pages the site writes itself. */
export const RESERVED_SEGMENTS = [
  "tag",
  "category",
  "author",
  "archive",
  "corrections",
  "page",
  "search",
  "offline",
  "assets",
  "img",
  "images",
  "pagefind",
  "admin",
];

const slugText = z
  .string({ error: "must be text" })
  .refine(isSlug, { error: "must be ASCII, lower-case and hyphenated  (e.g. plant-reopens)" });

/** A content date read in `zone`; see `parseContentDate`. */
function contentDate(zone: string) {
  return z.string({ error: `must be a date  (${DATE_FORMS})` }).transform((value, ctx) => {
    const date = parseContentDate(value, zone);
    if (!date) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a valid date  (${DATE_FORMS})` });
      return z.NEVER;
    }
    return date;
  });
}

const languageTag = z
  .string({ error: "must be a BCP 47 language tag  (e.g. en, ru, en-GB)" })
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "must be a BCP 47 language tag  (e.g. en, ru, en-GB)" });

export const siteSchema = z.strictObject({
  title: text("the site name"),
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL  (e.g. https://example.org/news/)" }),
  language: languageTag.default("en"),
  editions: z
    .record(
      languageTag,
      z.strictObject({
        title: text("the edition's site name").optional(),
        description: z.string({ error: "must be text" }).optional(),
      }),
      { error: "must be a map of languages  (e.g. ru: {title: Уральский вестник})" },
    )
    .optional(),
  timezone: z
    .string()
    .refine(isKnownZone, { error: "must be an IANA time zone  (e.g. Europe/Moscow, UTC)" })
    .default("UTC"),
  description: z.string().default(""),
  perPage: z.int({ error: "must be a whole number" }).min(1).max(500).default(20),
  permalink: z
    .string()
    .refine((value) => value.includes("{slug}"), { error: "must contain {slug}  (e.g. /{year}/{month}/{slug}/)" })
    .refine(isSafeSitePath, {
      error:
        "must be a path of letters, digits, - and placeholders, without . or .. segments  (e.g. /{year}/{month}/{slug}/)",
    })
    .refine(
      (value) =>
        [...value.matchAll(/\{(\w+)\}/g)].every((m) => (PERMALINK_PLACEHOLDERS as readonly string[]).includes(m[1]!)),
      {
        error: `may only use ${PERMALINK_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
      },
    )
    .default("/{year}/{month}/{slug}/"),
  comments: z
    .strictObject({
      endpoint: z
        .url({
          protocol: /^https?$/,
          error: "must be an absolute http(s) URL  (e.g. https://comments.example.org/comments)",
        })
        .optional(),
    })
    .optional(),
  editor: z
    .strictObject({
      repo: z
        .string({ error: "must be owner/name of a GitHub repository  (e.g. uralnews/site)" })
        .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
          error: "must be owner/name of a GitHub repository  (e.g. uralnews/site)",
        })
        .optional(),
      branch: text("a branch name  (e.g. main)").default("main"),
      authUrl: z
        .url({
          protocol: /^https?$/,
          error: "must be an absolute http(s) URL  (e.g. https://auth.example.org/)",
        })
        .optional(),
    })
    .optional(),
});
export type SiteSettings = z.infer<typeof siteSchema>;

/** Text, or with editions a map of it by language (`{en: Industry, ru: Промышленность}`). */
function localized<T extends z.ZodType<string>>(value: T) {
  return z.union([value, z.record(languageTag, value)], {
    error: "must be text, or a map of text by language  (e.g. {en: Industry, ru: Промышленность})",
  });
}
export type Localized = string | Record<string, string>;

/** An authors.yaml entry; `fileExists` checks the photo (a path relative to the content folder). */
export function authorSchema(fileExists: (contentPath: string) => boolean) {
  return z.strictObject({
    name: localized(text("the author's name")),
    bio: localized(z.string()).optional(),
    role: localized(text("a job title  (e.g. Industry correspondent)")).optional(),
    photo: z
      .string({ error: "must be a path relative to the content folder  (e.g. images/people/ivan.jpg)" })
      .refine((value) => value.startsWith("images/"), {
        error: "must be in the images folder  (a path like images/people/ivan.jpg)",
      })
      // Outside images/, the finding above is the one.
      .refine((value) => !value.startsWith("images/") || fileExists(value), {
        error: "file not found in the content folder  (a path like images/people/ivan.jpg)",
      })
      .optional(),
    links: z
      .array(
        z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL  (e.g. https://social.example/@ivan)" }),
        {
          error: "must be a list of profile URLs",
        },
      )
      .optional(),
  });
}
export function authorsSchema(fileExists: (contentPath: string) => boolean) {
  return z.record(slugText, authorSchema(fileExists));
}
export type AuthorEntry = z.infer<ReturnType<typeof authorSchema>>;

export const categorySchema = z.strictObject({
  name: localized(text("the category's name")),
  description: localized(z.string()).optional(),
});
export const categoriesSchema = z.record(slugText, categorySchema);
export type CategoryEntry = z.infer<typeof categorySchema>;

/** Names that a front-matter value may use for a known author or category: its key or its name. */
export interface KnownNames {
  /** Lower-cased key or name → key. */
  lookup: Map<string, string>;
  /** Keys, for suggestions. */
  keys: string[];
}

/** What article validation needs to know about the rest of the content folder. */
export interface ArticleContext {
  zone: string;
  /** Absent when the folder has no authors.yaml: then any author name is accepted. */
  authors?: KnownNames;
  /** Absent when the folder has no categories.yaml: then any category is accepted. */
  categories?: KnownNames;
  /** Whether a path relative to the content folder names an existing file. */
  fileExists: (contentPath: string) => boolean;
}

/** What is wrong with a name that is not a known author or category, and what would be valid. */
export function unknownNameMessage(kind: string, value: string, known: KnownNames): string {
  const suggestion = closest(value, known.keys);
  const hint = suggestion ? `did you mean "${suggestion}"? ` : "";
  return `unknown ${kind} "${value}"  (${hint}one of: ${known.keys.join(", ")})`;
}

function knownName(kind: string, known: KnownNames | undefined) {
  return text(`a ${kind}`).superRefine((value, ctx) => {
    if (!known || known.lookup.has(value.toLowerCase())) return;
    ctx.addIssue({ code: "custom", message: unknownNameMessage(kind, value, known) });
  });
}

/** One entry of an article's `corrections`. */
function correctionSchema(date: ReturnType<typeof contentDate>) {
  return z.strictObject({ date, text: text("what was wrong and what is right") });
}

/** The front matter of an article; dates come back as Luxon DateTimes in the site zone. */
export function articleSchema(context: ArticleContext) {
  const date = contentDate(context.zone);
  const author = knownName("author", context.authors);
  return z
    .strictObject({
      title: text("the headline"),
      date,
      category: knownName("category", context.categories),
      author: z.union([author, z.array(author).min(1, { error: "must name at least one author" })], {
        error: "must be an author or a list of authors",
      }),
      tags: z
        .array(
          text("a tag").refine((tag) => slugify(tag) !== "", { error: "must contain letters or digits  (e.g. steel)" }),
          {
            error: "must be a list of tags  (e.g. [steel, exports])",
          },
        )
        .optional(),
      description: z.string({ error: "must be text" }).optional(),
      image: z
        .string({ error: "must be a path relative to the content folder  (e.g. images/plant.jpg)" })
        .refine((value) => value.startsWith("images/"), {
          error: "must be in the images folder  (a path like images/plant.jpg)",
        })
        // Outside images/, the finding above is the one.
        .refine((value) => !value.startsWith("images/") || context.fileExists(value), {
          error: "file not found in the content folder  (a path like images/plant.jpg)",
        })
        .optional(),
      imageAlt: text("a description of the image").optional(),
      corrections: z
        .array(correctionSchema(date), {
          error: "must be a list of corrections  (each with date and text)",
        })
        .optional(),
      imageCaption: text("a caption  (what the picture shows)").optional(),
      imageCredit: text("a credit  (e.g. Photo: Anna Kuznetsova)").optional(),
      live: z.boolean({ error: "must be true or false" }).optional(),
      liveEnd: date.optional(),
      slug: slugText.optional(),
      updated: date.optional(),
      draft: z.boolean({ error: "must be true or false" }).optional(),
      language: languageTag.optional(),
      translationOf: slugText.optional(),
      aliases: z
        .array(
          z
            .string()
            .refine(isSafeSitePath, {
              error: "must be a URL path starting with /, without spaces, . or .. segments  (e.g. /old/story/)",
            })
            .refine((value) => !RESERVED_SEGMENTS.includes(value.split("/")[1] ?? ""), {
              error: `must not start with a folder the site writes itself  (${RESERVED_SEGMENTS.map((segment) => `/${segment}/`).join(", ")})`,
            }),
          {
            error: "must be a list of old URL paths",
          },
        )
        .optional(),
    })
    .superRefine((value, ctx) => {
      if (value.image && !value.imageAlt) {
        ctx.addIssue({
          code: "custom",
          path: ["imageAlt"],
          message: "is required when image is set  (a short description of the picture)",
        });
      }
      for (const key of ["imageCaption", "imageCredit"] as const) {
        if (value[key] && !value.image) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: "is only used with image  (set image, or remove this key)",
          });
        }
      }
      value.corrections?.forEach((correction, index) => {
        if (correction.date < value.date) {
          ctx.addIssue({
            code: "custom",
            path: ["corrections", index, "date"],
            message: "is before the article's date  (a correction is made after publication)",
          });
        }
      });
      if (value.liveEnd && !value.live) {
        ctx.addIssue({
          code: "custom",
          path: ["liveEnd"],
          message: "is only used with live: true  (set live: true, or remove this key)",
        });
      } else if (value.liveEnd && value.liveEnd < value.date) {
        ctx.addIssue({
          code: "custom",
          path: ["liveEnd"],
          message: "is before date  (the moment the coverage ended, on or after the article's date)",
        });
      }
      if (value.updated && value.updated < value.date) {
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          message: "is before date  (a moment on or after the publication date)",
        });
      }
    });
}
export type ArticleFrontMatter = z.infer<ReturnType<typeof articleSchema>>;

/** The front matter of a page (`pages/*.md`); `updated` comes back as a Luxon DateTime in the site zone. */
export function pageSchema(zone: string) {
  return z.strictObject({
    title: text("the page title"),
    description: z.string({ error: "must be text" }).optional(),
    slug: slugText.optional(),
    draft: z.boolean({ error: "must be true or false" }).optional(),
    updated: contentDate(zone).optional(),
    language: languageTag.optional(),
    translationOf: slugText.optional(),
  });
}
export type PageFrontMatter = z.infer<ReturnType<typeof pageSchema>>;

/** What a live update's check needs: the site zone and the known authors. */
export type UpdateContext = Pick<ArticleContext, "zone" | "authors">;

/** The front matter of a live update (`live/<article-slug>/<name>.md`); `date` comes back as a Luxon DateTime in the site zone. */
export function updateSchema(context: UpdateContext) {
  return z.strictObject({
    date: contentDate(context.zone),
    title: text("the update's headline").optional(),
    author: knownName("author", context.authors).optional(),
    draft: z.boolean({ error: "must be true or false" }).optional(),
  });
}
export type UpdateFrontMatter = z.infer<ReturnType<typeof updateSchema>>;

/** An approved comment file; `body` and `author` are reader text, never trusted. */
export function commentSchema(zone: string) {
  return z.strictObject({
    author: text("the commenter's name"),
    date: contentDate(zone),
    body: text("the comment text"),
    replyTo: z.string({ error: "must be the file name (without .yaml) of another comment" }).optional(),
  });
}
export type CommentEntry = z.infer<ReturnType<typeof commentSchema>>;

/** A context for building schemas only to read their keys: the keys do not depend on it. */
const ANY_CONTEXT: ArticleContext = { zone: "UTC", fileExists: () => false };

const keysOf = (schema: { shape: object }): readonly string[] => Object.keys(schema.shape);

/** The keys each kind of file may have, from the schemas, for "did you mean" hints on unknown keys. */
export const ALLOWED_KEYS = {
  article: keysOf(articleSchema(ANY_CONTEXT)),
  page: keysOf(pageSchema(ANY_CONTEXT.zone)),
  site: keysOf(siteSchema),
  comment: keysOf(commentSchema(ANY_CONTEXT.zone)),
  update: keysOf(updateSchema(ANY_CONTEXT)),
  author: keysOf(authorSchema(ANY_CONTEXT.fileExists)),
  /** In the items of an article's `corrections`. */
  correction: keysOf(correctionSchema(contentDate(ANY_CONTEXT.zone))),
  category: keysOf(categorySchema),
};
