/**
 * Checking a record's data against its schema, with the outcome kept in the record so that an
 * unchanged file is not checked again while what the check depended on is unchanged; and the
 * rules each kind of file is checked by.
 */
import { DateTime } from "luxon";
import type { z } from "zod";
import type { ContentIssue } from "./issues.js";
import { contentHash } from "./parse-cache/locations.js";
import { type CheckedRecord, lineFinder, type YamlRecord } from "./records.js";
import {
  ALLOWED_KEYS,
  type ArticleFrontMatter,
  articleSchema,
  type CommentEntry,
  commentSchema,
  type KnownNames,
  type PageFrontMatter,
  pageSchema,
  type UpdateFrontMatter,
  updateSchema,
} from "./schema.js";
import { schemaIssues } from "./yaml-source.js";

/** How to check one kind of file's data. */
export interface SchemaRule<T> {
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError } };
  /** The keys the file may have, for "did you mean" hints. */
  allowedKeys: readonly string[];
  /** The keys allowed in the items of a list, by the list's key. */
  itemKeys?: Readonly<Record<string, readonly string[]>>;
  /**
   * Names everything the outcome depends on besides the data and the files of `filesOf` (the
   * site zone, the known authors): a cached outcome is reused only in the same context.
   */
  context: string;
  /** The files (content paths) whose existence the schema checks for `data`. @default none */
  filesOf?: (data: unknown) => string[];
  /** Whether a content path names a file; needed with `filesOf`. */
  fileExists?: (contentPath: string) => boolean;
  /** The zone dates are read in; cached dates come back in it. */
  zone: string;
}

/** What the rules of a folder depend on: its zone, its known names and its files. */
export interface RuleContext {
  zone: string;
  /** Absent when the folder has no authors.yaml: then any author name is accepted. */
  authorNames?: KnownNames;
  /** Absent when the folder has no categories.yaml: then any category is accepted. */
  categoryNames?: KnownNames;
  fileExists: (contentPath: string) => boolean;
}

export interface ContentRules {
  article: SchemaRule<ArticleFrontMatter>;
  page: SchemaRule<PageFrontMatter>;
  comment: SchemaRule<CommentEntry>;
  update: SchemaRule<UpdateFrontMatter>;
}

/** How articles, pages and comments are checked: against the site's zone and its known authors and categories. */
export function contentRules({ zone, authorNames, categoryNames, fileExists }: RuleContext): ContentRules {
  return {
    article: {
      schema: articleSchema({ zone, authors: authorNames, categories: categoryNames, fileExists }),
      allowedKeys: ALLOWED_KEYS.article,
      itemKeys: { corrections: ALLOWED_KEYS.correction },
      context: contentHash(JSON.stringify([zone, namesKey(authorNames), namesKey(categoryNames)])),
      // The schema looks the image up: whether it is there is part of the outcome.
      filesOf: (data) => {
        const image = (data as { image?: unknown } | undefined)?.image;
        return typeof image === "string" ? [image] : [];
      },
      fileExists,
      zone,
    },
    page: { schema: pageSchema(zone), allowedKeys: ALLOWED_KEYS.page, context: zone, zone },
    comment: { schema: commentSchema(zone), allowedKeys: ALLOWED_KEYS.comment, context: zone, zone },
    update: {
      schema: updateSchema({ zone, authors: authorNames }),
      allowedKeys: ALLOWED_KEYS.update,
      context: contentHash(JSON.stringify([zone, namesKey(authorNames)])),
      zone,
    },
  };
}

/** Known author or category names as plain data, for the cache context of a schema check. */
function namesKey(names: KnownNames | undefined): unknown {
  return names ? [[...names.lookup], names.keys] : null;
}

/**
 * Checks a record's YAML value by `rule`, reusing `owner.checked` when it was made in the same
 * context and the files it looked up still exist or not as they did; otherwise checks `data()`
 * (the value, read again from the file if need be), stores the outcome in `owner` and reports
 * `changed`.
 */
export function checkRecord<T>(
  owner: { checked?: CheckedRecord },
  file: string,
  yaml: YamlRecord,
  data: () => unknown,
  rule: SchemaRule<T>,
): { value?: T; issues: ContentIssue[]; changed: boolean } {
  const cached = owner.checked;
  const exists = rule.fileExists ?? (() => false);
  if (
    cached?.context === rule.context &&
    (cached.files ?? []).every(([contentPath, existed]) => exists(contentPath) === existed)
  ) {
    return {
      value: cached.value ? (reviveValue(cached.value, cached.dates ?? [], rule.zone) as T) : undefined,
      issues: cached.issues,
      changed: false,
    };
  }
  const value = data();
  const result = rule.schema.safeParse(value ?? {});
  const outcome = result.success
    ? { value: result.data, issues: [] }
    : {
        value: undefined,
        issues: schemaIssues(
          file,
          result.error,
          { data: value, lineOf: lineFinder(yaml) },
          rule.allowedKeys,
          rule.itemKeys,
        ),
      };
  const stored = result.success ? storableValue(result.data) : undefined;
  const files = (rule.filesOf?.(value) ?? []).map((contentPath): [string, boolean] => [
    contentPath,
    exists(contentPath),
  ]);
  if (stored || !result.success)
    owner.checked = { context: rule.context, ...(files.length ? { files } : {}), ...stored, issues: outcome.issues };
  else delete owner.checked;
  // The value as the cache gives it back: the same objects with or without a cache, and none of its
  // strings is a slice of the file's text (as YAML's are), which would keep the whole file in memory.
  if (stored) return { value: reviveValue(stored.value, stored.dates, rule.zone) as T, issues: [], changed: true };
  return { ...outcome, changed: true };
}

/** Marks a value that JSON would not give back as it is. */
const NOT_JSON = Symbol("not JSON");

/**
 * The schema's output as JSON with dates as milliseconds, and where the dates are (`date`,
 * `corrections.0.date`), or undefined when it is not that simple.
 */
function storableValue(value: unknown): { value: Record<string, unknown>; dates: string[] } | undefined {
  if (!isPlainObject(value)) return undefined;
  const dates: string[] = [];
  const store = (item: unknown, at: string): unknown => {
    if (DateTime.isDateTime(item) && item.isValid) {
      dates.push(at);
      return item.toMillis();
    }
    const child = (key: string | number) => (at ? `${at}.${key}` : String(key));
    if (Array.isArray(item)) {
      const stored = item.map((entry, index) => store(entry, child(index)));
      return stored.includes(NOT_JSON) ? NOT_JSON : stored;
    }
    if (isPlainObject(item)) {
      const stored = Object.entries(item).map(([key, entry]) => [key, store(entry, child(key))] as const);
      return stored.some(([, entry]) => entry === NOT_JSON) ? NOT_JSON : Object.fromEntries(stored);
    }
    return isJson(item) ? item : NOT_JSON;
  };
  const stored = store(value, "");
  if (stored === NOT_JSON) return undefined;
  return { value: JSON.parse(JSON.stringify(stored)) as Record<string, unknown>, dates };
}

/** `value` with its dates (`storableValue`) as DateTimes again; the containers on their way are copies, the cached value stays as it is. */
function reviveValue(value: Record<string, unknown>, dates: string[], zone: string): Record<string, unknown> {
  if (!dates.length) return value;
  const revived: Record<string, unknown> = { ...value };
  for (const at of dates) {
    const keys = at.split(".");
    let holder: Record<string, unknown> = revived;
    for (const key of keys.slice(0, -1)) {
      const inner = holder[key] as Record<string, unknown> | unknown[];
      holder[key] = Array.isArray(inner) ? [...inner] : { ...inner };
      holder = holder[key] as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    holder[last] = DateTime.fromMillis(holder[last] as number, { zone });
  }
  return revived;
}

/** Whether `value` survives JSON.stringify then JSON.parse unchanged. */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJson);
  return isPlainObject(value) && Object.values(value).every(isJson);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
