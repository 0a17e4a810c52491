/**
 * The browser editor's configuration (Decap CMS, https://decapcms.org/docs/configuration-options/),
 * made from the content contract: one widget for every front-matter key of the schema (the
 * tables below are typed by the schema's keys, so a key added there without a widget here does
 * not compile), choices from authors.yaml and categories.yaml, one collection per live article.
 */
import type { ArticleFrontMatter, PageFrontMatter, SiteSettings, UpdateFrontMatter } from "../content/schema.js";

/** Where the editor reads and writes content. */
export type EditorBackend =
  /** GitHub, signing in through `authUrl` (Netlify's service without it); paths are relative to the repository. */
  | { kind: "github"; repo: string; branch: string; authUrl?: string; contentPrefix: string }
  /** The local backend of `npm run edit` (decap-server), whose root is the content folder. */
  | { kind: "local"; apiUrl: string };

export interface EditorInput {
  settings: SiteSettings;
  /** authors.yaml: key and display name, in file order. */
  authors: { key: string; name: string }[];
  /** categories.yaml: key and display name, in file order. */
  categories: { key: string; name: string }[];
  /** Live articles, newest first: their updates get a collection each. */
  liveArticles: { slug: string; title: string }[];
  backend: EditorBackend;
}

/** A Decap field (`widget` and its options). */
type Field = { name: string; label: string; widget: string; required?: boolean; hint?: string } & Record<
  string,
  unknown
>;

/** Decap's `pattern`: what a slug may be (src/lib/slug.ts), and the message when it is not. */
const SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "lower-case letters, digits and hyphens"];

const SLUG_FIELD = {
  label: "Address (slug)",
  widget: "string",
  required: false,
  pattern: SLUG_PATTERN,
  hint: "Made from the title when empty.",
};

/**
 * The date widget, writing the contract's zone-less wall-clock format: what the writer picks or
 * types is written as it reads, whatever the browser's zone, and the build reads it in the site's.
 * Not Decap's `picker_utc`: its "Now" would give UTC's clock, not the newsroom's.
 */
const WALL_CLOCK = { widget: "datetime", format: "YYYY-MM-DDTHH:mm" } as const;

/** The fields of an article, by front-matter key (in the order the form shows them, body last). */
function articleFields(input: EditorInput): Record<keyof ArticleFrontMatter, Omit<Field, "name">> {
  const zone = input.settings.timezone;
  const languages = editorLanguages(input.settings);
  return {
    title: { label: "Title", widget: "string" },
    date: { label: `Date and time (${zone})`, ...WALL_CLOCK, hint: "A future moment schedules the article." },
    category: choice("Category", input.categories),
    author: { ...choice("Authors", input.authors), multiple: true, min: 1 },
    tags: { label: "Tags", widget: "list", required: false, hint: "Separated by commas." },
    description: {
      label: "Description",
      widget: "text",
      required: false,
      hint: "For listings and search engines; the first paragraph when empty.",
    },
    image: { label: "Lead image", widget: "image", required: false, choose_url: false },
    imageAlt: {
      label: "Image description (alt text)",
      widget: "string",
      required: false,
      hint: "Required with an image: what the picture shows, for readers who cannot see it.",
    },
    imageCaption: { label: "Image caption", widget: "string", required: false },
    imageCredit: { label: "Image credit", widget: "string", required: false, hint: "e.g. Photo: Anna Kuznetsova" },
    corrections: {
      label: "Corrections",
      label_singular: "correction",
      widget: "list",
      required: false,
      fields: [
        { name: "date", label: `Date and time (${zone})`, ...WALL_CLOCK },
        { name: "text", label: "What was wrong and what is right", widget: "text" },
      ],
    },
    live: {
      label: "Live coverage",
      widget: "boolean",
      required: false,
      default: false,
      hint: "Updates are added in their own collection.",
    },
    liveEnd: { label: `Live coverage ended (${zone})`, ...WALL_CLOCK, required: false },
    slug: SLUG_FIELD,
    updated: { label: `Updated in substance (${zone})`, ...WALL_CLOCK, required: false },
    aliases: { label: "Old addresses", widget: "list", required: false, hint: "Paths that redirect here." },
    language: languageChoice(languages),
    translationOf: translationChoice(languages),
    draft: { label: "Draft", widget: "boolean", default: true, required: false },
  };
}

function pageFields(input: EditorInput): Record<keyof PageFrontMatter, Omit<Field, "name">> {
  const languages = editorLanguages(input.settings);
  return {
    title: { label: "Title", widget: "string" },
    description: { label: "Description", widget: "text", required: false },
    slug: SLUG_FIELD,
    updated: { label: `Updated in substance (${input.settings.timezone})`, ...WALL_CLOCK, required: false },
    language: languageChoice(languages),
    translationOf: translationChoice(languages),
    draft: { label: "Draft", widget: "boolean", default: true, required: false },
  };
}

function updateFields(input: EditorInput): Record<keyof UpdateFrontMatter, Omit<Field, "name">> {
  return {
    date: { label: `Date and time (${input.settings.timezone})`, ...WALL_CLOCK },
    title: { label: "Headline", widget: "string", required: false },
    author: { ...choice("Author", input.authors), required: false, hint: "The article's first author when empty." },
    draft: { label: "Draft", widget: "boolean", default: false, required: false },
  };
}

/** A choice stored as the key and shown as the name; free text where the site has no such file. */
function choice(label: string, entries: EditorInput["authors"]): Omit<Field, "name"> {
  if (!entries.length) return { label, widget: "string" };
  return { label, widget: "select", options: entries.map((entry) => ({ label: entry.name, value: entry.key })) };
}

/** The languages a file may name: none to choose from without editions. */
function editorLanguages(settings: SiteSettings): string[] {
  return settings.editions ? [settings.language, ...Object.keys(settings.editions)] : [];
}

function languageChoice(languages: string[]): Omit<Field, "name"> {
  if (!languages.length) return { label: "Language", widget: "hidden", required: false };
  return {
    label: "Edition (language)",
    widget: "select",
    options: languages,
    required: false,
    hint: `Empty: ${languages[0]}.`,
  };
}

function translationChoice(languages: string[]): Omit<Field, "name"> {
  if (!languages.length) return { label: "Translation of", widget: "hidden", required: false };
  return {
    label: "Translation of (slug of the original)",
    widget: "string",
    required: false,
    pattern: SLUG_PATTERN,
  };
}

/** The fields of a kind of file in form order, without the keys a site cannot use (language without editions). */
function fieldList<K extends string>(fields: Record<K, Omit<Field, "name">>, body = true): Field[] {
  const list = Object.entries<Omit<Field, "name">>(fields)
    .filter(([, field]) => field.widget !== "hidden")
    .map(([name, field]) => ({ ...field, name }) as Field);
  if (body) list.push({ name: "body", label: "Text", widget: "markdown" });
  return list;
}

/** The interface languages Decap ships that a newsroom is likely to write in; others get English. */
const DECAP_LOCALES = new Set(["de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv", "uk"]);

/** The fields of an entry of authors.yaml (as the `broadsheet-keyed-yaml` format lists them). */
const PERSON_FIELDS: Field[] = [
  { name: "key", label: "Key", widget: "string", pattern: SLUG_PATTERN },
  { name: "name", label: "Name", widget: "string" },
  { name: "role", label: "Job title", widget: "string", required: false },
  { name: "bio", label: "Biography", widget: "text", required: false },
  {
    name: "photo",
    label: "Photo",
    widget: "image",
    required: false,
    choose_url: false,
    // Decap finds a file by its name in the media folder: portraits have a folder of their own.
    media_folder: "/{{media_folder}}/people",
    public_folder: "images/people",
  },
  { name: "links", label: "Profiles elsewhere (addresses)", widget: "list", required: false },
];

const CATEGORY_FIELDS: Field[] = [
  { name: "key", label: "Key", widget: "string", pattern: SLUG_PATTERN },
  { name: "name", label: "Name", widget: "string" },
  { name: "description", label: "Description", widget: "text", required: false },
];

/** The name of the format (registered by the editor's script) that lists a YAML map as entries with a `key`. */
export const KEYED_YAML_FORMAT = "broadsheet-keyed-yaml";

/** The Decap configuration: the content of `admin/config.yml`. */
export function editorConfig(input: EditorInput): Record<string, unknown> {
  const { settings, backend } = input;
  const prefix = backend.kind === "github" ? backend.contentPrefix : "";
  const language = settings.language.split("-")[0]!;
  const article = fieldList(articleFields(input));
  const folder = (name: string) => `${prefix}${name}`;
  // Images of every collection in images/ (Decap would put those of a collection with a `path` beside its files).
  const media = { media_folder: `/${folder("images")}`, public_folder: "images" };
  return {
    ...(backend.kind === "github"
      ? {
          backend: {
            name: "github",
            repo: backend.repo,
            branch: backend.branch,
            ...(backend.authUrl ? authEndpoint(backend.authUrl) : {}),
          },
          publish_mode: "editorial_workflow",
        }
      : { backend: { name: "proxy", proxy_url: backend.apiUrl, branch: "main" } }),
    locale: DECAP_LOCALES.has(language) ? language : "en",
    site_url: settings.url,
    display_url: settings.url,
    media_folder: folder("images"),
    public_folder: "images",
    slug: { encoding: "ascii", clean_accents: true, sanitize_replacement: "-" },
    collections: [
      {
        name: "articles",
        label: "Articles",
        label_singular: "Article",
        folder: folder("articles"),
        create: true,
        extension: "md",
        format: "frontmatter",
        ...media,
        path: "{{year}}/{{month}}/{{slug}}",
        slug: "{{fields.slug}}",
        summary: "{{title}} · {{year}}-{{month}}-{{day}}",
        sortable_fields: ["date", "title"],
        fields: article,
      },
      {
        name: "pages",
        label: "Pages",
        label_singular: "Page",
        folder: folder("pages"),
        create: true,
        extension: "md",
        format: "frontmatter",
        ...media,
        slug: "{{fields.slug}}",
        fields: fieldList(pageFields(input)),
      },
      ...input.liveArticles.map((live) => ({
        name: `live-${live.slug}`,
        label: `Live: ${live.title}`,
        label_singular: "Update",
        folder: folder(`live/${live.slug}`),
        create: true,
        extension: "md",
        format: "frontmatter",
        ...media,
        identifier_field: "date",
        slug: "{{year}}{{month}}{{day}}-{{hour}}{{minute}}",
        summary: "{{date}} {{title}}",
        sortable_fields: ["date"],
        fields: fieldList(updateFields(input)),
      })),
      keyedFile("authors", "Authors", "author", folder("_data/authors.yaml"), PERSON_FIELDS),
      keyedFile("categories", "Categories", "category", folder("_data/categories.yaml"), CATEGORY_FIELDS),
    ],
  };
}

/** A collection of one YAML map by key (authors.yaml, categories.yaml), edited as a list (the format is per collection). */
function keyedFile(name: string, label: string, singular: string, file: string, fields: Field[]) {
  return {
    name,
    label,
    format: KEYED_YAML_FORMAT,
    extension: "yaml",
    files: [
      {
        name,
        label,
        file,
        fields: [
          { name: "entries", label, label_singular: singular, widget: "list", summary: "{{fields.name}}", fields },
        ],
      },
    ],
  };
}

/** Decap's GitHub backend signs in at `base_url` + `auth_endpoint`. */
function authEndpoint(authUrl: string): { base_url: string; auth_endpoint: string } {
  const url = new URL(authUrl);
  return { base_url: url.origin, auth_endpoint: url.pathname.replace(/^\//, "") || "auth" };
}
