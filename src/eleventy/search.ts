/**
 * Reader search: the search page's data. The index itself is written from the site model beside
 * the rendering (src/pipeline/search-index.ts); the search page learns its shards, newest first,
 * from the plan.
 */
import { filterValues, shardSummary } from "../search/shards.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

/**
 * Results per page of the search page, at most: each result costs a download of its excerpt (a
 * Pagefind fragment, 2–3 KB); a site with shorter listings (`perPage`) shows as many as those.
 */
const SEARCH_PAGE_SIZE = 10;

export default function searchPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const { model, search } = context;
  eleventyConfig.addGlobalData("search", {
    shards: shardSummary(search),
    firstBand: context.searchFirstBand,
    pageSize: Math.min(model.site.perPage, SEARCH_PAGE_SIZE),
    filterValues: filterValues(model),
  });
}
