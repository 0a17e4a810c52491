/**
 * Reader search: after Eleventy writes the site, the pages that carry `data-pagefind-body`
 * (articles and standalone pages) are indexed into `<output>/pagefind/`. Drafts and scheduled
 * articles are never rendered in a production build, so they can never be indexed.
 */
import path from "node:path";
import type { BuildOptions } from "../build/options.js";
import { indexSearch, type SearchPage } from "../search/indexer.js";
import type { EleventyConfig } from "./types.js";

/** Reads the language from the built page itself, so the index always matches `<html lang>`. */
function languageOf(html: string): string {
  return /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? "en";
}

export default function searchPlugin(eleventyConfig: EleventyConfig, _options: BuildOptions): void {
  eleventyConfig.on("eleventy.after", async ({ directories, results }) => {
    const pages: SearchPage[] = (results ?? [])
      .filter((result) => result.outputPath && result.content.includes("data-pagefind-body"))
      .map((result) => ({ url: result.url, html: result.content }));
    if (!pages.length) return;
    await indexSearch(pages, { outputPath: path.join(directories.output, "pagefind"), language: languageOf(pages[0]!.html) });
  });
}
