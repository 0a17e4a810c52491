/**
 * Reader search: every page that carries `data-pagefind-body` (articles and standalone pages)
 * is handed to the indexer as soon as Eleventy renders it, and the index, one bundle per run of
 * months (src/search/shards.ts), is complete in `<output>/pagefind/` after the build. Drafts and
 * scheduled articles are never rendered in a production build, so they can never be indexed.
 * https://www.11ty.dev/docs/config/#transforms
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BuildOptions, isLastPass } from "../build/options.js";
import type { PreparedBuild } from "../build/passes.js";
import { timing } from "../build/timing.js";
import { SearchIndexBuild } from "../search/indexer.js";
import { type PagefindEntry, searchPreloadLinks, withSearchPreloads } from "../search/preload.js";
import { filterValues, shardFolder, shardSummary } from "../search/shards.js";
import { currentBuild, currentSiteModel } from "./content.js";
import type { EleventyConfig } from "./types.js";

const BODY_END = "<!--/pagefind-body-->";

/**
 * The part of a page Pagefind reads: the element marked `data-pagefind-body`, which the
 * templates close with a `<!--/pagefind-body-->` marker. Sending only that (in a minimal
 * document with the page's language) halves what the indexer parses; what it indexes is the
 * same, since it ignores everything outside the marked element anyway.
 */
export function searchableDocument(html: string, language: string): string {
  const start = html.lastIndexOf("<", html.indexOf("data-pagefind-body"));
  const end = html.indexOf(BODY_END, start);
  if (start < 0 || end < 0) return html;
  return `<!DOCTYPE html><html lang="${language}"><body>${html.slice(start, end)}</body></html>`;
}

/** The URL inside the site (without the base path) of an output file, as Eleventy gives it to a page. */
export function urlOfFile(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
}

/** The index being built: it lives across the passes of a large build (src/build/passes.ts). */
let index: SearchIndexBuild | undefined;

/**
 * Results per page of the search page, at most: each result costs a download of its excerpt (a
 * Pagefind fragment, 2–3 KB), so ten keep a first search light; a site with shorter listings
 * (`perPage`) shows as many as those.
 */
const SEARCH_PAGE_SIZE = 10;

/** An incremental build streams pages into the shards it re-indexes (see `SearchIndexBuild`) when they hold at most this many pages. */
const STREAM_PAGES = 3000;

/** The build that `index` was started for. */
let indexedBuild: PreparedBuild | undefined;

/**
 * Starts the search index of `build`, writing into `outputDir`: its Pagefind services,
 * and in an incremental build the pages of the shards to re-index whose indexed part did not
 * change (on disk as the last build wrote them). The build calls it before Eleventy's first run, so
 * Pagefind takes those pages in on the other core while Eleventy starts; a plain Eleventy run
 * starts it in its first pass.
 */
export function startSearchIndex(build: PreparedBuild, outputDir: string): void {
  if (indexedBuild === build) return;
  index?.close();
  indexedBuild = build;
  const { model, search, render } = build;
  // Streaming keeps every shard being re-indexed open in Pagefind at once: only for a few.
  const reindexed = search.shards
    .filter((shard) => render.shards.has(shard.key))
    .reduce((pages, shard) => pages + shard.files.length, 0);
  index = new SearchIndexBuild(search, model.site.language, outputDir, render.shards, {
    urlOf: urlOfFile,
    stream: !render.full && reindexed <= STREAM_PAGES,
  });
  if (render.full) return;
  // Pages rendered again only for what lies outside the indexed part (related reading, previous and
  // next, comments) go in from disk too: they are indexed the same, and do not wait for rendering.
  for (const shard of search.shards) {
    if (!render.shards.has(shard.key)) continue;
    for (const file of shard.files) {
      if (!render.indexChanged.has(file))
        void index.add(
          file,
          urlOfFile(file),
          searchableDocument(readFileSync(path.join(outputDir, file), "utf8"), model.site.language),
        );
    }
  }
}

export default function searchPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  let outputDir = "";
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    outputDir = directories.output;
    if (options.pass.index === 0) startSearchIndex(currentBuild(), outputDir);
  });
  // The search page learns the shards, newest first, from the model: it is rendered before the index is written.
  eleventyConfig.addGlobalData("search", () => ({
    shards: shardSummary(currentBuild().search),
    firstBand: options.searchFirstBand,
    pageSize: Math.min(currentSiteModel().site.perPage, SEARCH_PAGE_SIZE),
    filterValues: filterValues(currentSiteModel()),
  }));
  eleventyConfig.addTransform(
    "search-index",
    async function (this: { page: { url: string | false; outputPath: string | false } }, content: string) {
      const { outputPath } = this.page;
      if (outputPath && index && content.includes("data-pagefind-body")) {
        const file = path.relative(outputDir, outputPath).split(path.sep).join("/");
        // A page whose indexed part did not change went in from disk (`startSearchIndex`), or its shard is not indexed again.
        if (indexedBuild?.search.shardOf.has(file) && !indexedBuild.render.indexChanged.has(file)) return content;
        await index.add(file, urlOfFile(file), searchableDocument(content, currentSiteModel().site.language));
      }
      return content;
    },
  );
  if (!isLastPass(options)) return;
  eleventyConfig.on("eleventy.after", async () => {
    const building = index;
    index = undefined;
    indexedBuild = undefined;
    const started = timing("pages rendered; waiting for the search index");
    await building?.finish();
    timing("search index written", started);
    linkNewestShard(outputDir);
  });
}

const SEARCH_PAGE = "search/index.html";

/**
 * Writes the links to the newest shard's Pagefind files into the search page (src/search/preload.ts),
 * in every build: the page may be as the last build left it while the shard was written again.
 */
function linkNewestShard(outputDir: string): void {
  const page = path.join(outputDir, SEARCH_PAGE);
  const newest = newestShardEntry(outputDir);
  if (!existsSync(page) || !newest?.entry) return;
  const { site } = currentSiteModel();
  const html = readFileSync(page, "utf8");
  const linked = withSearchPreloads(
    html,
    searchPreloadLinks(`${site.location.basePath}${newest.folder}/`, newest.entry, site.language),
  );
  if (linked !== html) writeFileSync(page, linked);
}

/**
 * The folder (`pagefind/<key>`) of this build's newest shard, where every search starts, and its
 * Pagefind entry once the index is written (none before, or when the shard has no index).
 */
export function newestShardEntry(outputDir: string): { folder: string; entry: PagefindEntry | undefined } | undefined {
  const [newest] = currentBuild().search.shards;
  if (!newest) return undefined;
  const folder = shardFolder(newest.key);
  const entryFile = path.join(outputDir, folder, "pagefind-entry.json");
  return {
    folder,
    entry: existsSync(entryFile) ? (JSON.parse(readFileSync(entryFile, "utf8")) as PagefindEntry) : undefined,
  };
}
