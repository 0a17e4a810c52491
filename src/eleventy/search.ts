/**
 * Reader search: every page that carries `data-pagefind-body` (articles and standalone pages)
 * is handed to Pagefind as soon as Eleventy renders it, and the index is written to
 * `<output>/pagefind/` after the build. Drafts and scheduled articles are never rendered in a
 * production build, so they can never be indexed.
 * https://www.11ty.dev/docs/config/#transforms
 */
import path from "node:path";
import type { BuildOptions } from "../build/options.js";
import { timing } from "../build/timing.js";
import { SearchIndexSession } from "../search/indexer.js";
import type { EleventyConfig } from "./types.js";

/** Reads the language from the page itself, so the index always matches `<html lang>`. */
function languageOf(html: string): string {
  return /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1] ?? "en";
}

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

export default function searchPlugin(eleventyConfig: EleventyConfig, _options: BuildOptions): void {
  let session: SearchIndexSession | undefined;
  eleventyConfig.on("eleventy.before", async () => {
    await session?.close();
    session = undefined;
  });
  eleventyConfig.addTransform("search-index", function (this: { page: { url: string | false } }, content: string) {
    const url = this.page.url;
    if (url && content.includes("data-pagefind-body")) {
      const language = languageOf(content);
      session ??= new SearchIndexSession(language);
      session.add(url, searchableDocument(content, language));
    }
    return content;
  });
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const current = session;
    session = undefined;
    const started = timing("pages rendered; waiting for the search index");
    await current?.write(path.join(directories.output, "pagefind"));
    timing("search index written", started);
  });
}
