/**
 * The settings and the known authors and categories of `_data/`. An entry with a mistake is
 * reported once, and still counts as known: the articles that name it are not reported too.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ZodError } from "zod";
import { fileChecker } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import {
  ALLOWED_KEYS,
  type AuthorEntry,
  authorSchema,
  authorsSchema,
  type CategoryEntry,
  categoriesSchema,
  categorySchema,
  type KnownNames,
  type Localized,
  type SiteSettings,
  siteSchema,
} from "./schema.js";
import { lineOf, readYaml, schemaIssues } from "./yaml-source.js";

/** The site settings and the known authors and categories, read from `_data/`. */
export interface SiteData {
  /** Absent when site.yaml is missing or invalid (see `issues`). */
  settings?: SiteSettings;
  /** The entries of authors.yaml that passed. */
  authors: Map<string, AuthorEntry>;
  /** The entries of categories.yaml that passed. */
  categories: Map<string, CategoryEntry>;
  /** Absent when the folder has no authors.yaml, or it cannot be read: then any author name is accepted. */
  authorNames?: KnownNames;
  /** Absent when the folder has no categories.yaml, or it cannot be read: then any category is accepted. */
  categoryNames?: KnownNames;
  issues: ContentIssue[];
}

const SITE_FILE = "_data/site.yaml";
const AUTHORS_FILE = "_data/authors.yaml";
const CATEGORIES_FILE = "_data/categories.yaml";

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: ZodError };
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
    const site = readDataFile(root, SITE_FILE, siteSchema, ALLOWED_KEYS.site, issues);
    if (site.valid) settings = site.value;
  }
  const authors = fileExists(AUTHORS_FILE)
    ? readNamedEntries(
        root,
        AUTHORS_FILE,
        authorsSchema(fileExists),
        authorSchema(fileExists),
        ALLOWED_KEYS.author,
        issues,
      )
    : undefined;
  const categories = fileExists(CATEGORIES_FILE)
    ? readNamedEntries(root, CATEGORIES_FILE, categoriesSchema, categorySchema, ALLOWED_KEYS.category, issues)
    : undefined;
  if (settings && !settings.editions) {
    if (authors) mapsWithoutEditions(root, AUTHORS_FILE, authors.entries, issues);
    if (categories) mapsWithoutEditions(root, CATEGORIES_FILE, categories.entries, issues);
  }
  return {
    settings,
    authors: authors?.entries ?? new Map(),
    categories: categories?.entries ?? new Map(),
    authorNames: authors?.names,
    categoryNames: categories?.names,
    issues,
  };
}

/** Reports texts written as maps by language in a file of a site without editions, where they mean nothing. */
function mapsWithoutEditions(
  root: string,
  file: string,
  entries: Map<string, Record<string, unknown>>,
  issues: ContentIssue[],
): void {
  let lines: ReturnType<typeof readYaml> | undefined;
  for (const [key, entry] of entries) {
    for (const [field, value] of Object.entries(entry)) {
      if (!isMap(value)) continue;
      lines ??= readYaml(file, readFileSync(path.join(root, file), "utf8"));
      issues.push({
        file,
        line: lineOf(lines.lines, lines.firstLine, [key, field]),
        field: `${key}.${field}`,
        message: "is a map by language, which only a site with editions uses  (write the text itself)",
        severity: "error",
      });
    }
  }
}

/** A data file's value checked by `schema`; the raw value when it is valid YAML, even if it failed the schema. */
function readDataFile<T>(
  root: string,
  file: string,
  schema: Schema<T>,
  allowedKeys: readonly string[],
  issues: ContentIssue[],
): { valid: true; value: T } | { valid: false; raw?: unknown } {
  const source = readYaml(file, readFileSync(path.join(root, file), "utf8"));
  issues.push(...source.issues);
  if (source.issues.length) return { valid: false };
  const result = schema.safeParse(source.data ?? {});
  if (result.success) return { valid: true, value: result.data };
  issues.push(...schemaIssues(file, result.error, source, allowedKeys));
  return { valid: false, raw: source.data };
}

/**
 * A map of named entries (authors.yaml, categories.yaml): the entries that passed, and the names
 * of every entry written, whether it passed or not. Undefined names when the file cannot be read
 * as such a map at all.
 */
function readNamedEntries<T extends { name: Localized }>(
  root: string,
  file: string,
  schema: Schema<Record<string, T>>,
  entrySchema: Schema<T>,
  allowedKeys: readonly string[],
  issues: ContentIssue[],
): { entries: Map<string, T>; names?: KnownNames } {
  const read = readDataFile(root, file, schema, allowedKeys, issues);
  if (read.valid) {
    const entries = new Map(Object.entries(read.value));
    return { entries, names: knownNames([...entries].map(([key, entry]) => [key, entry.name])) };
  }
  if (!isMap(read.raw)) return { entries: new Map() };
  const entries = new Map<string, T>();
  const written: [key: string, name: unknown][] = [];
  for (const [key, raw] of Object.entries(read.raw)) {
    const entry = entrySchema.safeParse(raw);
    if (entry.success) entries.set(key, entry.data);
    written.push([key, isMap(raw) ? raw.name : undefined]);
  }
  return { entries, names: knownNames(written) };
}

/** The names a front-matter value may use for each entry: its key, and its name when it has one. */
function knownNames(entries: [key: string, name: unknown][]): KnownNames {
  const lookup = new Map<string, string>();
  for (const [key, name] of entries) {
    lookup.set(key.toLowerCase(), key);
    const written = typeof name === "string" ? [name] : isMap(name) ? Object.values(name) : [];
    for (const wording of written)
      if (typeof wording === "string" && wording.trim()) lookup.set(wording.trim().toLowerCase(), key);
  }
  return { lookup, keys: entries.map(([key]) => key) };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
