/**
 * Reader search: every page that carries `data-pagefind-body` (articles and standalone pages)
 * and whose indexed part changed is handed to the build's search index as soon as Eleventy
 * renders it. Drafts and scheduled articles are never rendered in a production build, so they
 * can never be indexed. https://www.11ty.dev/docs/config/#transforms
 */
import path from "node:path";
import { searchableDocument, urlOfFile } from "../search/indexer.js";
import { filterValues, shardSummary } from "../search/shards.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

/**
 * Results per page of the search page, at most: each result costs a download of its excerpt (a
 * Pagefind fragment, 2–3 KB); a site with shorter listings (`perPage`) shows as many as those.
 */
const SEARCH_PAGE_SIZE = 10;

export default function searchPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const { model, search, searchIndex, indexChanged } = context;
  let outputDir = "";
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    outputDir = directories.output;
  });
  // The search page learns the shards, newest first, from the plan: it renders before the index is written.
  eleventyConfig.addGlobalData("search", {
    shards: shardSummary(search),
    firstBand: context.searchFirstBand,
    pageSize: Math.min(model.site.perPage, SEARCH_PAGE_SIZE),
    filterValues: filterValues(model),
  });
  eleventyConfig.addTransform("search-index", async function (content: string) {
    const { outputPath } = this.page;
    if (!outputPath || !content.includes("data-pagefind-body")) return content;
    const file = path.relative(outputDir, outputPath).split(path.sep).join("/");
    // The other pages of a re-indexed shard went in from disk; the rest of the index stays as it is.
    if (search.shardOf.has(file) && !indexChanged.has(file)) return content;
    await searchIndex.add(file, urlOfFile(file), searchableDocument(content, model.site.language));
    return content;
  });
}
