import { describe, expect, it } from "vitest";
import {
  archiveManifest,
  buildVersion,
  isContentAddressed,
  serviceWorkerScript,
  unhashedSearchFiles,
} from "../../src/lib/offline.js";
import { loadedRuntime } from "../../src/search/preload.js";

const files = [
  { path: "index.html", size: 900 },
  { path: "assets/style.85115114d8.css", size: 4000 },
  { path: "pagefind/pagefind.js", size: 47000 },
  { path: "pagefind/pagefind-entry.json", size: 171 },
  { path: "pagefind/pagefind.en_5f51cf8253.pf_meta", size: 230 },
  { path: "pagefind/fragment/en_17d620c.pf_fragment", size: 341 },
  { path: "pagefind/wasm.en.pagefind", size: 59000 },
];
const pinned = { "search/": "aa", "pagefind/pagefind-entry.json": "bb" };

describe("offline build data", () => {
  it("tells names that carry a content hash from names that do not", () => {
    expect(files.filter((file) => isContentAddressed(file.path)).map((file) => file.path)).toEqual([
      "assets/style.85115114d8.css",
      "pagefind/pagefind.en_5f51cf8253.pf_meta",
      "pagefind/fragment/en_17d620c.pf_fragment",
    ]);
    expect(unhashedSearchFiles(files)).toEqual([
      "pagefind/pagefind.js",
      "pagefind/pagefind-entry.json",
      "pagefind/wasm.en.pagefind",
    ]);
  });

  it("gives a build a new version when a file appears, changes size, a pinned file or the pages' record changes, and only then", () => {
    const version = buildVersion(files, pinned, "worker");
    expect(buildVersion([...files].reverse(), { ...pinned }, "worker")).toBe(version);
    expect(buildVersion([...files, { path: "about/index.html", size: 10 }], pinned, "worker")).not.toBe(version);
    expect(
      buildVersion(
        files.map((file) => (file.path === "index.html" ? { ...file, size: 901 } : file)),
        pinned,
        "worker",
      ),
    ).not.toBe(version);
    expect(buildVersion(files, { ...pinned, "pagefind/pagefind-entry.json": "cc" }, "worker")).not.toBe(version);
    expect(buildVersion(files, pinned, "worker, changed")).not.toBe(version);
    expect(buildVersion(files, pinned, "worker", "pages-1")).toBe(buildVersion(files, pinned, "worker", "pages-1"));
    expect(buildVersion(files, pinned, "worker", "pages-2")).not.toBe(buildVersion(files, pinned, "worker", "pages-1"));
  });

  it("lists only the search index in the archive manifest, with its total size", () => {
    const manifest = archiveManifest("v1", files, new Set());
    expect(manifest.version).toBe("v1");
    expect(Object.keys(manifest.files)).toEqual([
      "pagefind/fragment/en_17d620c.pf_fragment",
      "pagefind/pagefind-entry.json",
      "pagefind/pagefind.en_5f51cf8253.pf_meta",
      "pagefind/pagefind.js",
      "pagefind/wasm.en.pagefind",
    ]);
    expect(manifest.bytes).toBe(341 + 171 + 230 + 47000 + 59000);
  });

  it("leaves out of the archive the copies of Pagefind's runtime that the search page never loads", () => {
    const shard = (key: string) => [
      { path: `pagefind/${key}/pagefind.js`, size: 47000 },
      { path: `pagefind/${key}/pagefind-worker.js`, size: 43000 },
      { path: `pagefind/${key}/wasm.en.pagefind`, size: 59000 },
      { path: `pagefind/${key}/wasm.unknown.pagefind`, size: 55000 },
      { path: `pagefind/${key}/pagefind-entry.json`, size: 171 },
      { path: `pagefind/${key}/pagefind.en_5f51cf8253.pf_meta`, size: 230 },
      { path: `pagefind/${key}/index/en_1a2b3c4.pf_index`, size: 900 },
    ];
    const manifest = archiveManifest(
      "v1",
      [...shard("2026-11"), ...shard("2026-09_2026-10")],
      new Set(
        loadedRuntime(
          "pagefind/2026-11",
          { languages: { en: { hash: "en_5f51cf8253", wasm: "en", page_count: 3 } } },
          "en",
        ),
      ),
    );
    expect(Object.keys(manifest.files)).toEqual([
      "pagefind/2026-09_2026-10/index/en_1a2b3c4.pf_index",
      "pagefind/2026-09_2026-10/pagefind-entry.json",
      "pagefind/2026-09_2026-10/pagefind.en_5f51cf8253.pf_meta",
      "pagefind/2026-11/index/en_1a2b3c4.pf_index",
      "pagefind/2026-11/pagefind-entry.json",
      "pagefind/2026-11/pagefind.en_5f51cf8253.pf_meta",
      "pagefind/2026-11/pagefind.js",
      "pagefind/2026-11/wasm.en.pagefind",
    ]);
    expect(manifest.bytes).toBe(2 * (900 + 171 + 230) + 47000 + 59000);
  });

  it("writes the build data as a constant above the worker's code", () => {
    const build = {
      version: "v1",
      base: "/news/",
      precache: ["offline/"],
      pinned,
      archive: { manifest: "pagefind-files.json", bytes: 1, files: 1 },
    };
    const script = serviceWorkerScript("self.addEventListener('fetch', () => {});", build);
    expect(script).toMatch(/^\/\/ .*\nconst BUILD = \{\n/);
    expect(script.endsWith("self.addEventListener('fetch', () => {});")).toBe(true);
    expect(new Function(`${script.slice(0, script.indexOf(";\n\n") + 1)} return BUILD;`)()).toEqual(build);
  });
});
