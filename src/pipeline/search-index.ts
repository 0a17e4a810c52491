/**
 * The search index of one build, built beside the pages: started before Eleventy's first pass,
 * fed by the search plugin as pages render, finished after the last pass.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SearchIndexBuild, searchableDocument, urlOfFile } from "../search/indexer.js";
import { newestShardEntry, searchPreloadLinks, withSearchPreloads } from "../search/preload.js";
import type { PreparedBuild } from "./passes.js";

/**
 * An incremental build streams pages into the shards it re-indexes (see `SearchIndexBuild`)
 * when they hold at most this many pages: streaming keeps every such shard open in Pagefind.
 */
const STREAM_PAGES = 3000;

const SEARCH_PAGE = "search/index.html";

/**
 * Starts the index of `build`, written into `outputDir`. In an incremental build, the pages of the
 * re-indexed shards whose indexed part did not change go in from disk as the last build wrote them,
 * on Pagefind's processes, while Eleventy starts.
 */
export function startSearchIndex(build: PreparedBuild, outputDir: string): SearchIndexBuild {
  const { model, search, render } = build;
  const reindexed = search.shards
    .filter((shard) => render.shards.has(shard.key))
    .reduce((pages, shard) => pages + shard.files.length, 0);
  const index = new SearchIndexBuild(search, model.site.language, outputDir, render.shards, {
    urlOf: urlOfFile,
    stream: !render.full && reindexed <= STREAM_PAGES,
  });
  if (render.full) return index;
  for (const shard of search.shards) {
    if (!render.shards.has(shard.key)) continue;
    for (const file of shard.files) {
      if (render.indexChanged.has(file)) continue;
      const html = readFileSync(path.join(outputDir, file), "utf8");
      void index.add(file, urlOfFile(file), searchableDocument(html, model.site.language));
    }
  }
  return index;
}

/** Writes the shards still open, then links the newest shard's files from the search page. */
export async function finishSearchIndex(index: SearchIndexBuild, build: PreparedBuild, outputDir: string) {
  await index.finish();
  linkNewestShard(build, outputDir);
}

/**
 * Writes the links to the newest shard's Pagefind files into the search page (src/search/preload.ts),
 * in every build: the page may be as the last build left it while the shard was written again.
 */
function linkNewestShard(build: PreparedBuild, outputDir: string): void {
  const page = path.join(outputDir, SEARCH_PAGE);
  const newest = newestShardEntry(build.search, outputDir);
  if (!existsSync(page) || !newest?.entry) return;
  const { site } = build.model;
  const html = readFileSync(page, "utf8");
  const links = searchPreloadLinks(`${site.location.basePath}${newest.folder}/`, newest.entry, site.language);
  const linked = withSearchPreloads(html, links);
  if (linked !== html) writeFileSync(page, linked);
}
