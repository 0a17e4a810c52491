/** The content layer's entry point: loading a content folder into the site model, for build, preview and check. */
import { DateTime } from "luxon";
import { linkEditions, splitEditions } from "./editions.js";
import { lastCommitDates } from "./git-dates.js";
import type { ContentIssue } from "./issues.js";
import { loadContent } from "./load.js";
import type { SiteModel } from "./model.js";
import { buildSiteModel } from "./site-model.js";

export interface SiteLoadOptions {
  contentDir: string;
  /** The moment of the build. @default now */
  now?: DateTime;
  /** Show drafts and scheduled articles, marked. @default false */
  preview?: boolean;
  /** Folder of the parse cache (`parseCacheDir()`); see `LoadOptions.cacheDir`. @default no cache */
  cacheDir?: string;
  /** Keep the parse cache in memory for the next load in this process; see `LoadOptions.residentCache`. @default false */
  residentCache?: boolean;
}

export interface SiteLoadResult {
  /** The site; with editions, the site language's edition. */
  model?: SiteModel;
  /** Every edition's site, the site language's first (`model`); one without editions. */
  editions?: SiteModel[];
  issues: ContentIssue[];
}

/** Validates a content folder and, when it has no errors, builds its site model. */
export function loadSite(options: SiteLoadOptions): SiteLoadResult {
  const now = options.now ?? DateTime.now();
  const { content, issues } = loadContent(options.contentDir, {
    now,
    cacheDir: options.cacheDir,
    residentCache: options.residentCache,
  });
  if (!content) return { issues };
  // The sitemap date of a page without `updated` (articles carry their dates): one git call, for a model only.
  const undated = content.pages.filter((page) => !page.frontMatter.updated).map((page) => page.sourcePath);
  const pageCommits = lastCommitDates(content.contentDir, undated);
  const preview = options.preview ?? false;
  const editions = splitEditions(content).map((edition) => buildSiteModel(edition, { now, preview, pageCommits }));
  linkEditions(editions, content.originals);
  return { model: editions[0], editions, issues };
}

export { listFiles } from "./folder.js";
export { type ContentIssue, formatIssue, sortIssues } from "./issues.js";
export type * from "./model.js";
export { parseAhead } from "./parse-ahead.js";
export { cacheRoot, contentHash, folderKey, parseCacheDir } from "./parse-cache/locations.js";
export { articleSlug } from "./placement.js";
export { loadSiteData, type SiteData } from "./site-data.js";
export { editionLanguages } from "./translations.js";
