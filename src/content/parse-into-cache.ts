/**
 * The per-file work of a load with an empty parse cache, done ahead for a list of articles (see
 * parse-ahead.ts): each is read and checked as `loadContent` would, and its record stored where
 * the load will find it. Problems are left for the load to report.
 */
import path from "node:path";
import { type ContentCacheOptions, discardingOnFailure, openContentCache } from "./content-cache.js";
import { CacheUse, contentFileReader } from "./file-reader.js";
import { fileChecker } from "./folder.js";
import type { ContentIssue } from "./issues.js";
import type { ParseStore } from "./parse-cache/store.js";
import { parseMarkdownFile } from "./parse-file.js";
import type { MarkdownRecord } from "./records.js";
import { loadSiteData } from "./site-data.js";
import { contentRules } from "./validate.js";

/**
 * Parses articles (content paths, `articles/...`) into a new parse cache of the folder. With
 * `file`, the cache is written there (a part, for `appendContentCache`) instead of to the
 * folder's own cache file. Throws when a file cannot be read, leaving no file behind.
 */
export function parseIntoCache(
  contentDir: string,
  files: readonly string[],
  options: ContentCacheOptions,
  file?: string,
): void {
  const root = path.resolve(contentDir);
  const { settings, authorNames, categoryNames } = loadSiteData(root);
  const rules = contentRules({
    zone: settings?.timezone ?? "UTC",
    authorNames,
    categoryNames,
    fileExists: fileChecker(root),
  });
  const store = openContentCache(root, options, { fresh: true, file });
  const open = contentFileReader<MarkdownRecord>({
    root,
    store: store as ParseStore<MarkdownRecord>,
    use: new CacheUse(),
  });
  const html = options.render ?? true;
  const ignored: ContentIssue[] = [];
  discardingOnFailure(store, () => {
    for (const name of files) parseMarkdownFile(name, open, rules.article, html, ignored);
    store.save();
  });
}
