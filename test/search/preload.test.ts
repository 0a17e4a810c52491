import { describe, expect, it } from "vitest";
import {
  entryIndex,
  type PagefindEntry,
  PRELOAD_END,
  PRELOAD_START,
  searchPreloadLinks,
  withSearchPreloads,
} from "../../src/search/preload.js";

const entry: PagefindEntry = {
  languages: {
    en: { hash: "en_2f292395d2", wasm: "en", page_count: 579 },
    ru: { hash: "ru_0a1b2c3d4e", wasm: "ru", page_count: 12 },
    "pt-br": { hash: "pt-br_99", wasm: null, page_count: 3 },
  },
};

describe("search page preloads", () => {
  it("pick the index Pagefind picks for the page's language: exact, then its base language, then the largest", () => {
    expect(entryIndex(entry, "ru")).toEqual({ hash: "ru_0a1b2c3d4e", wasm: "ru" });
    expect(entryIndex(entry, "en-GB")).toEqual({ hash: "en_2f292395d2", wasm: "en" });
    expect(entryIndex(entry, "de")).toEqual({ hash: "en_2f292395d2", wasm: "en" });
    // A language without its own stemmer uses Pagefind's "unknown" WebAssembly.
    expect(entryIndex(entry, "pt-BR")).toEqual({ hash: "pt-br_99", wasm: "unknown" });
    expect(entryIndex({ languages: {} }, "en")).toBeUndefined();
  });

  it("link the entry under the tag search.js gives Pagefind, the metadata and the WebAssembly, under the shard's folder", () => {
    const links = searchPreloadLinks("/news/pagefind/2026-11/", entry, "en");
    expect(links.split("\n")).toEqual([
      '<link rel="preload" as="fetch" crossorigin href="/news/pagefind/2026-11/pagefind-entry.json?ts=en_2f292395d2" id="search-index-entry" data-tag="en_2f292395d2">',
      '<link rel="preload" as="fetch" crossorigin href="/news/pagefind/2026-11/pagefind.en_2f292395d2.pf_meta">',
      '<link rel="preload" as="fetch" crossorigin href="/news/pagefind/2026-11/wasm.en.pagefind">',
    ]);
    expect(searchPreloadLinks("/pagefind/2026-11/", { languages: {} }, "en")).toBe("");
  });

  it("go between the markers, replacing what an earlier build wrote there, and nowhere else", () => {
    const page = `<p>before</p>\n${PRELOAD_START}${PRELOAD_END}\n<p>after</p>`;
    const first = withSearchPreloads(page, "<link a>");
    expect(first).toBe(`<p>before</p>\n${PRELOAD_START}\n<link a>\n${PRELOAD_END}\n<p>after</p>`);
    expect(withSearchPreloads(first, "<link b>")).toBe(
      `<p>before</p>\n${PRELOAD_START}\n<link b>\n${PRELOAD_END}\n<p>after</p>`,
    );
    expect(withSearchPreloads(first, "")).toBe(page);
    expect(withSearchPreloads("<p>no markers</p>", "<link a>")).toBe("<p>no markers</p>");
  });
});
