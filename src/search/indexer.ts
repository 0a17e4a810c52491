/**
 * Writes the reader search index with Pagefind's Node API. Pagefind runs as a separate process,
 * so pages are handed to it while Eleventy is still rendering the rest of the site: indexing
 * uses the second core instead of waiting for the build. Pagefind reports problems as data,
 * not exceptions; every response is checked and the first failure fails the build.
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

export class SearchIndexError extends Error {
  constructor(step: string, errors: string[]) {
    super(`Search index: ${step} failed: ${errors.join("; ")}`);
    this.name = "SearchIndexError";
  }
}

/** One index being built: `add` pages as they render, then `write` once. */
export class SearchIndexSession {
  #index: Promise<pagefind.PagefindIndex>;
  #pending: Promise<void>[] = [];
  #count = 0;

  /** @param language ISO 639-1 language of the site; every page is indexed (and stemmed) in it. */
  constructor(language: string) {
    const forceLanguage = language.split("-")[0]!.toLowerCase();
    this.#index = pagefind.createIndex({ forceLanguage }).then(({ index, errors }) => {
      if (!index || errors.length) throw new SearchIndexError("starting the indexer", errors);
      return index;
    });
    // Errors surface in `write`; keep Node from reporting them as unhandled meanwhile.
    this.#index.catch(() => {});
  }

  /**
   * Queues a page; returns at once.
   * @param url URL inside the site, without the base path (`/2026/11/slug/`): Pagefind prefixes
   *   the base from where the search page loads it.
   */
  add(url: string, html: string): void {
    this.#count++;
    const added = this.#index.then(async (index) => {
      const response = await index.addHTMLFile({ url, content: html });
      if (response.errors.length) throw new SearchIndexError(`indexing ${url}`, response.errors);
    });
    added.catch(() => {});
    this.#pending.push(added);
  }

  /** Waits for every queued page, writes the index to `outputPath` and stops Pagefind. */
  async write(outputPath: string): Promise<number> {
    try {
      const index = await this.#index;
      await Promise.all(this.#pending);
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length) throw new SearchIndexError("writing the index", written.errors);
      for (const file of UNUSED_BUNDLE_FILES) rmSync(path.join(outputPath, file), { force: true });
      return this.#count;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.#pending = [];
    await pagefind.close();
  }
}
