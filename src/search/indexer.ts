/**
 * Writes the reader search index with Pagefind's Node API. Pagefind reports problems as data,
 * not exceptions, so every response is checked and turned into one error naming what failed.
 * https://pagefind.app/docs/node-api/
 */
import { rmSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";

/** Pagefind's ready-made interfaces; the site brings its own search page, so they are not shipped. */
const UNUSED_BUNDLE_FILES = [
  "pagefind-ui.js",
  "pagefind-ui.css",
  "pagefind-component-ui.js",
  "pagefind-component-ui.css",
  "pagefind-modular-ui.js",
  "pagefind-modular-ui.css",
  "pagefind-highlight.js",
];

export interface SearchPage {
  /** URL inside the site, without the base path (`/2026/11/slug/`): Pagefind prefixes the base itself. */
  url: string;
  html: string;
}

export interface IndexSearchOptions {
  /** Folder the index is written to, e.g. `<output>/pagefind`. */
  outputPath: string;
  /** ISO 639-1 language of the site; every page is indexed (and stemmed) in it. */
  language: string;
}

export class SearchIndexError extends Error {
  constructor(step: string, errors: string[]) {
    super(`Search index: ${step} failed: ${errors.join("; ")}`);
    this.name = "SearchIndexError";
  }
}

/** Indexes `pages` and writes the index; returns the number of pages indexed. */
export async function indexSearch(pages: Iterable<SearchPage>, options: IndexSearchOptions): Promise<number> {
  const language = options.language.split("-")[0]!.toLowerCase();
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index || errors.length) throw new SearchIndexError("starting the indexer", errors);
    let count = 0;
    for (const page of pages) {
      const added = await index.addHTMLFile({ url: page.url, content: page.html });
      if (added.errors.length) throw new SearchIndexError(`indexing ${page.url}`, added.errors);
      count++;
    }
    const written = await index.writeFiles({ outputPath: options.outputPath });
    if (written.errors.length) throw new SearchIndexError("writing the index", written.errors);
    for (const file of UNUSED_BUNDLE_FILES) rmSync(path.join(options.outputPath, file), { force: true });
    return count;
  } finally {
    await pagefind.close();
  }
}
