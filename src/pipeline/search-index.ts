/**
 * The search index of one build, from the model: started before Eleventy's first pass, written
 * on Pagefind's processes while Eleventy renders, finished after the last pass.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resultImages } from "../eleventy/images.js";
import { type IndexerThread, SearchIndexBuild } from "../search/indexer.js";
import { newestShardEntry, searchPreloadLinks, withSearchPreloads } from "../search/preload.js";
import { indexLanguage, shardRecords } from "../search/records.js";
import type { PreparedBuild } from "./passes.js";

const SEARCH_PAGE = "search/index.html";

/**
 * Starts writing the shards that `build` indexes into `outputDir`. Returns at once: the result
 * images' URLs need eleventy-img, which loads while Eleventy starts.
 */
export function startSearchIndex(build: PreparedBuild, outputDir: string, thread?: IndexerThread): SearchIndexBuild {
  const { model, search, render, settings } = build;
  const withImages = model.articles.some(
    (article) => article.image && render.shards.has(search.shardOf.get(article.outputFile)!),
  );
  const images = withImages ? resultImages(settings.contentDir, model.site.location.basePath) : undefined;
  const recordsOf = Promise.resolve(images).then((resolve) => shardRecords(model, resolve));
  return new SearchIndexBuild(search, render.shards, outputDir, indexLanguage(model.site.language), recordsOf, thread);
}

/** Waits for the shards, then links the newest shard's files from the search page. */
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
