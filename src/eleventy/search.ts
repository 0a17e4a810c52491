/**
 * Reader search: every page that carries `data-pagefind-body` (articles and standalone pages)
 * is handed to the indexer as soon as Eleventy renders it, and the index, one bundle per year
 * (src/search/shards.ts), is complete in `<output>/pagefind/` after the build. Drafts and
 * scheduled articles are never rendered in a production build, so they can never be indexed.
 * https://www.11ty.dev/docs/config/#transforms
 */
import path from "node:path";
import type { BuildOptions } from "../build/options.js";
import { timing } from "../build/timing.js";
import { SearchIndexBuild } from "../search/indexer.js";
import { filterValues, planSearchShards, shardSummary, type SearchPlan } from "../search/shards.js";
import { currentSiteModel } from "./content.js";
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

export default function searchPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  let plan: SearchPlan | undefined;
  let index: SearchIndexBuild | undefined;
  let outputDir = "";
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    index?.close();
    outputDir = directories.output;
    const model = currentSiteModel();
    plan = planSearchShards(model);
    index = new SearchIndexBuild(plan, model.site.language, outputDir);
  });
  // The search page learns the shards, newest first, from the model: it is rendered before the index is written.
  eleventyConfig.addGlobalData("search", () => ({
    shards: plan ? shardSummary(plan) : [],
    firstBand: options.searchFirstBand,
    filterValues: filterValues(currentSiteModel()),
  }));
  eleventyConfig.addTransform("search-index", function (this: { page: { url: string | false; outputPath: string | false } }, content: string) {
    const { url, outputPath } = this.page;
    if (url && outputPath && index && content.includes("data-pagefind-body")) {
      const file = path.relative(outputDir, outputPath).split(path.sep).join("/");
      index.add(file, url, searchableDocument(content, currentSiteModel().site.language));
    }
    return content;
  });
  eleventyConfig.on("eleventy.after", async () => {
    const current = index;
    index = undefined;
    const started = timing("pages rendered; waiting for the search index");
    await current?.finish();
    timing("search index written", started);
  });
}
