/**
 * Incremental builds: after one article is edited, only the pages whose data changed are
 * rendered again, and only the search shards holding pages whose indexed part changed are
 * re-indexed.
 *
 * Every paginated page (article, listing, standalone page) gets a signature: a hash of exactly
 * the data its template reads, with articles that a page only links to (related reading,
 * listing items) reduced to the fields a summary shows. A build records the signatures in a
 * manifest beside the project (`.cache/broadsheet/builds/`); the next incremental build of the
 * same output folder renders the pages whose signature changed, deletes the pages that are
 * gone, and re-indexes the shards where what the index holds of a page changed
 * (`articleSearchSignature`). Anything that every page reads (site settings, the section and
 * page menus, templates, code) is one global signature: when it changes, the build is a full
 * one. The single files (feeds, sitemaps, the archive and search pages) have a signature per
 * template, of the data it reads (`singleInputs`): an edit to an article outside every feed
 * leaves the feeds as they are; one template not named there is rendered by every build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Distribution } from "../content/distribution.js";
import type { Article, ListingPage, Page, SiteModel } from "../content/index.js";
import { cacheRoot, folderKey, contentHash as hash } from "../content/index.js";
import { PROJECT_ROOT } from "../lib/project.js";
import { filterValues, type SearchPlan, shardSummary } from "../search/shards.js";

const MANIFEST_VERSION = 6;

export interface BuildManifest {
  version: number;
  /** Signature of everything every page reads. */
  global: string;
  /** Signature of each paginated page, by output file. */
  pages: Record<string, string>;
  /** Signature of each search shard (its pages and what the index holds of each), by key. */
  shards: Record<string, string>;
  /** Signature of each single template with known inputs (`singleInputs`), by its path under `templates/pages/`. */
  singles: Record<string, string>;
  /** Output files of the feeds, sitemaps, redirects and the corrections log, so the next build can remove those that went. */
  distributionFiles: string[];
  /** In the record of a site with editions (the site language's), the other editions' languages: their folders are theirs. */
  editions?: string[];
}

/** What an incremental build renders; a full build renders everything. */
export interface RenderPlan {
  full: boolean;
  articles: Article[];
  listings: ListingPage[];
  pages: Page[];
  /** Output files of the previous build that no page produces any more. */
  removed: string[];
  /** Shards to (re-)index; the rest of `pagefind/` stays as it is. */
  shards: Set<string>;
  /** Shards of the previous build that no longer exist. */
  removedShards: string[];
  /** Single templates (paths under `templates/pages/`, a folder for all its templates) whose output is on disk as this build would write it. */
  unchangedSingles: string[];
  /**
   * This build's signatures, for the next build. An incremental build needs them to plan, so they
   * are there at once; a full build needs them only at its end, so it computes them in the
   * background, in slices, while it renders and waits for the search index (at 100,000 articles
   * they take 5-10 s of the build's thread).
   */
  manifest: Promise<BuildManifest>;
}

/**
 * An article split into what a page linking to it shows (summary, related reading) and what
 * only its own page shows. `html` is not enumerable, so it is in neither: the body counts by
 * its key (bodyKey), as making every article's HTML to compare it would cost more than the rest
 * of the plan.
 */
function articleParts(article: Article) {
  const { bodyKey, related, comments, commentCount, previous, next, updates, ...shown } = article;
  return { shown, own: [bodyKey, comments, commentCount, previous, next, updates], related };
}

const summaryKeys = new WeakMap<Article, string>();

/** Signature of the fields of an article that a page linking to it shows; computed once per article. */
function summaryKey(article: Article): string {
  let key = summaryKeys.get(article);
  if (!key) summaryKeys.set(article, (key = hash(JSON.stringify(articleParts(article).shown))));
  return key;
}

/**
 * Signature of what the search index holds of an article (src/search/records.ts): the summary's
 * fields, the body and the live updates, not the links to other articles (previous and next, related reading) nor
 * the comments. A new title changes the pages of its neighbours and of every article that lists
 * it as related reading, in whatever shards they are; none of their shards needs indexing again.
 */
function articleSearchSignature(article: Article): string {
  return hash(`${summaryKey(article)}\n${article.bodyKey}\n${JSON.stringify(article.updates)}`);
}

/** Signature of an article's own page: its summary's, what only the page shows, and its related reading's summaries. */
function articleSignature(article: Article): string {
  const { own, related } = articleParts(article);
  return hash(`${summaryKey(article)}\n${JSON.stringify(own)}\n${related.map(summaryKey).join(",")}`);
}

function listingSignature(listing: ListingPage): string {
  const { items, ...rest } = listing;
  return hash(`${JSON.stringify(rest)}\n${items.map(summaryKey).join(",")}`);
}

function pageSignature(page: Page): string {
  return hash(JSON.stringify(page));
}

/**
 * Every file under a folder, by its path in the folder and its bytes, hashed: the same in a fresh
 * clone (whose files are all new to the file system) as in the checkout that was built before.
 */
function folderStamp(folder: string): string {
  const entries: string[] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    entries.push(`${path.relative(folder, file)}:${hash(readFileSync(file))}`);
  }
  return hash(entries.sort().join("\n"));
}

/** What every page reads: site settings (not the build time), the menus, and the code and templates that render them. */
export function globalSignature(model: SiteModel, options: Record<string, unknown>): string {
  const { builtAt: _builtAt, ...site } = model.site;
  return hash(
    JSON.stringify({
      site,
      // The header's section menu and the footer's page menu.
      sections: model.categories.map((category) => [category.name, category.url]),
      pageMenu: model.pages.map((page) => [page.title, page.url]),
      options,
      code: ["templates", "src"].map((folder) => folderStamp(path.join(PROJECT_ROOT, folder))),
      config: ["eleventy.config.ts", "package-lock.json"].map((file) =>
        hash(readFileSync(path.join(PROJECT_ROOT, file))),
      ),
    }),
  );
}

/**
 * The single files' templates (under `templates/pages/`; a folder stands for every template in
 * it) with the data each reads besides what every page reads (the global signature). Keep in
 * step with the templates: a template not named here is simply rendered by every build.
 */
function singleInputs(model: SiteModel, search: SearchPlan, distribution: Distribution): Record<string, unknown> {
  return {
    // Feeds (their articles by summary and body key), sitemaps, robots.txt, redirects.
    distribution: {
      ...distribution,
      feeds: distribution.feeds.map(({ items, ...feed }) => ({
        ...feed,
        items: items.map((article) => [summaryKey(article), article.bodyKey]),
      })),
      newsSitemap: { ...distribution.newsSitemap, entries: distribution.newsSitemap.entries.map(summaryKey) },
    },
    "archive.njk": model.archive,
    "corrections.njk": model.corrections.pages,
    // Without corrections, the feed is dated by the build.
    "corrections-feed.njk": model.corrections.entries.length ? model.corrections.entries : model.site.builtAt,
    "search.njk": shardSummary(search),
    "search-filters.njk": filterValues(model),
    "404.njk": null,
    "offline.njk": null,
  };
}

/** Every file the distribution templates write (feeds, sitemaps, redirect pages), and the corrections log's pages. */
function distributionFiles(model: SiteModel, distribution: Distribution): string[] {
  return [
    ...model.corrections.pages.map((page) => page.outputFile),
    ...distribution.feeds.flatMap((feed) =>
      [feed.atom, feed.rss, feed.json].flatMap((file) => (file ? [file.outputFile] : [])),
    ),
    ...distribution.sitemaps.map((sitemap) => sitemap.outputFile),
    ...distribution.sitemapIndexes.map((index) => index.outputFile),
    distribution.newsSitemap.outputFile,
    ...distribution.aliases.map((alias) => alias.outputFile),
  ];
}

/** Pages between two slices of a manifest computed in the background. */
const SLICE = 500;

/** The manifest's work, pausing every `SLICE` pages (see `buildManifestInBackground`). */
function* manifestSteps(
  model: SiteModel,
  search: SearchPlan,
  global: string,
  distribution: Distribution,
): Generator<void, BuildManifest> {
  let done = 0;
  const pages: Record<string, string> = {};
  for (const article of model.articles) {
    pages[article.outputFile] = articleSignature(article);
    if (++done % SLICE === 0) yield;
  }
  for (const listing of model.listings) {
    pages[listing.outputFile] = listingSignature(listing);
    if (++done % SLICE === 0) yield;
  }
  for (const page of model.pages) pages[page.outputFile] = pageSignature(page);
  // A shard is indexed again when what the index holds of one of its pages changed: a standalone page is all indexed.
  const indexed = new Map<string, string>();
  for (const article of model.articles) {
    indexed.set(article.outputFile, articleSearchSignature(article));
    if (++done % SLICE === 0) yield;
  }
  for (const page of model.pages) indexed.set(page.outputFile, pages[page.outputFile]!);
  const shards: Record<string, string> = {};
  for (const shard of search.shards)
    shards[shard.key] = hash(shard.files.map((file) => `${file}:${indexed.get(file)}`).join("\n"));
  const singles: Record<string, string> = {};
  for (const [template, inputs] of Object.entries(singleInputs(model, search, distribution)))
    singles[template] = hash(JSON.stringify(inputs) ?? "");
  return {
    version: MANIFEST_VERSION,
    global,
    pages,
    shards,
    singles,
    distributionFiles: distributionFiles(model, distribution),
  };
}

/** Signatures of this build's pages and shards. */
export function buildManifest(
  model: SiteModel,
  search: SearchPlan,
  global: string,
  distribution: Distribution,
): BuildManifest {
  const steps = manifestSteps(model, search, global, distribution);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `buildManifest`, a slice at a time between the build's other work (`setImmediate`), so it
 * fills the moments the build's thread would wait for the search index. The same result.
 */
export function buildManifestInBackground(
  model: SiteModel,
  search: SearchPlan,
  global: string,
  distribution: Distribution,
): Promise<BuildManifest> {
  const steps = manifestSteps(model, search, global, distribution);
  const manifest = new Promise<BuildManifest>((resolve, reject) => {
    const slice = () => {
      try {
        const step = steps.next();
        if (step.done) resolve(step.value);
        else setImmediate(slice);
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(slice);
  });
  // Awaited at the end of the build; a failure before then must not end the process as unhandled.
  manifest.catch(() => undefined);
  return manifest;
}

/**
 * Compares this build with the previous one (its manifest, when there is a usable one of the
 * same global signature) and plans what to render; otherwise plans a full build, whose
 * signatures are computed in the background.
 */
export function planRender(
  model: SiteModel,
  search: SearchPlan,
  global: string,
  distribution: Distribution,
  previous: BuildManifest | undefined,
): RenderPlan {
  const usable = previous?.version === MANIFEST_VERSION ? previous : undefined;
  const files = new Set([...model.articles, ...model.listings, ...model.pages].map((page) => page.outputFile));
  const shardKeys = new Set(search.shards.map((shard) => shard.key));
  // What the previous build wrote and this one does not: removed even when everything is rendered again in place.
  const kept = new Set(distributionFiles(model, distribution));
  const removed = usable
    ? [
        ...Object.keys(usable.pages).filter((file) => !files.has(file)),
        ...usable.distributionFiles.filter((file) => !kept.has(file) && !files.has(file)),
      ]
    : [];
  const removedShards = usable ? Object.keys(usable.shards).filter((key) => !shardKeys.has(key)) : [];
  if (!usable || usable.global !== global) {
    return {
      full: true,
      articles: model.articles,
      listings: model.listings,
      pages: model.pages,
      removed,
      shards: shardKeys,
      removedShards,
      unchangedSingles: [],
      manifest: buildManifestInBackground(model, search, global, distribution),
    };
  }
  const manifest = buildManifest(model, search, global, distribution);
  const changed = (file: string) => usable.pages[file] !== manifest.pages[file];
  return {
    full: false,
    articles: model.articles.filter((article) => changed(article.outputFile)),
    listings: model.listings.filter((listing) => changed(listing.outputFile)),
    pages: model.pages.filter((page) => changed(page.outputFile)),
    removed,
    shards: new Set(Object.keys(manifest.shards).filter((key) => usable.shards[key] !== manifest.shards[key])),
    removedShards,
    unchangedSingles: Object.keys(manifest.singles).filter(
      (template) => usable.singles[template] === manifest.singles[template],
    ),
    manifest: Promise.resolve(manifest),
  };
}

/**
 * Where the manifest of the build into `output` is kept: outside the output, which is deployed
 * as it is; beside the parse cache (`BROADSHEET_CACHE_DIR`, default `.cache/broadsheet/`).
 */
export function manifestPath(output: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), "builds", `${folderKey(output)}.json`);
}

export function readManifest(output: string): BuildManifest | undefined {
  const file = manifestPath(output);
  if (!existsSync(file) || !existsSync(output)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BuildManifest;
  } catch {
    return undefined;
  }
}

export function writeManifest(output: string, manifest: BuildManifest): void {
  const file = manifestPath(output);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest));
  renameSync(`${file}.tmp`, file);
}
