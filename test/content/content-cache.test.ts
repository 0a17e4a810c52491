import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { contentCacheFile } from "../../src/content/content-cache.js";
import { loadContent } from "../../src/content/load.js";
import { contentFolder, loadedArticle } from "../helpers/content.js";
import { plainLoad } from "../helpers/load.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const PLANT = "articles/2026/10/plant-reopens.md";
const BUDGET = "articles/2026/10/city-budget.md";

/** A fixture copied into a scratch folder, with a cache folder of its own beside it. */
function site(name = "newsroom") {
  const { dir, contentDir, write, read } = contentFolder(name);
  const cacheDir = path.join(dir, "cache");
  const cacheFile = (render = true) => contentCacheFile(contentDir, { cacheDir, render });
  return { contentDir, cacheDir, write, read, cacheFile };
}
const article = loadedArticle;

describe("loading through the parse cache on disk", () => {
  for (const fixture of ["newsroom", "russian"]) {
    for (const render of [true, false]) {
      it(`gives the ${fixture} fixture the same issues, HTML and dates as loading without it (render: ${render})`, () => {
        const { contentDir, cacheDir } = site(fixture);
        const uncached = loadContent(contentDir, { now: NOW, render });
        const cold = loadContent(contentDir, { now: NOW, render, cacheDir });
        const warm = loadContent(contentDir, { now: NOW, render, cacheDir });
        expect(plainLoad(cold)).toEqual(plainLoad(uncached));
        expect(plainLoad(warm)).toEqual(plainLoad(uncached));
        expect(uncached.cache).toBeUndefined();
        const files = Object.values(uncached.counts).reduce((sum, count) => sum + count);
        expect(cold.cache).toEqual({ hits: 0, misses: files });
        expect(warm.cache).toEqual({ hits: files, misses: 0 });
      });
    }
  }

  it("keeps its entries in memory for the next load when resident, while its file is as this process left it", () => {
    const { contentDir, cacheDir, cacheFile } = site();
    const expected = plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir, residentCache: true });
    const file = cacheFile();
    // Another process rewrites the file: the entries in memory are stale, the file is read.
    writeFileSync(file, "not json\n{");
    let result = loadContent(contentDir, { now: NOW, cacheDir, residentCache: true });
    expect(result.cache?.hits).toBe(0);
    expect(plainLoad(result)).toEqual(expected);
    // Left as this process wrote it (same size and time; its bytes spoilt here, in a file put in
    // its place, to show they are not read): the entries in memory serve. Their bodies come from
    // the file this process wrote, which it keeps open.
    const { size, mtimeMs } = statSync(file);
    writeFileSync(`${file}.spoilt`, "x".repeat(size));
    utimesSync(`${file}.spoilt`, Math.round(mtimeMs) / 1000, Math.round(mtimeMs) / 1000);
    renameSync(`${file}.spoilt`, file);
    result = loadContent(contentDir, { now: NOW, cacheDir, residentCache: true });
    expect(result.cache).toEqual({ hits: 18, misses: 0 });
    expect(plainLoad(result)).toEqual(expected);
  });

  it("ignores a corrupt cache file and writes a good one in its place", () => {
    const { contentDir, cacheDir, cacheFile } = site();
    const expected = plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir });
    const file = cacheFile();
    const text = readFileSync(file, "utf8");
    for (const corrupt of ["not json\n{", text.replace('"issues":', '"issues":{')]) {
      writeFileSync(file, corrupt);
      const result = loadContent(contentDir, { now: NOW, cacheDir });
      expect(plainLoad(result)).toEqual(expected);
      expect(result.cache?.hits).toBe(0);
    }
    expect(loadContent(contentDir, { now: NOW, cacheDir }).cache).toEqual({ hits: 18, misses: 0 });
  });

  it("loads again without it when a record of the wrong shape breaks the load, and replaces it", () => {
    const { contentDir, cacheDir, cacheFile } = site();
    const expected = plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir });
    const file = cacheFile();
    const text = readFileSync(file, "utf8");
    const shapes = [
      // The whole record replaced by a number.
      text.replace(/^(\["articles\/[^"]+","[^"]+",).*$/m, "$15]"),
      // A body's links no longer a list.
      text.replace(/^(\["articles\/2026\/10\/plant-reopens\.md".*"links":)\[/m, '$1"none","was":['),
    ];
    for (const wrongShape of shapes) {
      expect(wrongShape).not.toBe(text);
      writeFileSync(file, wrongShape);
      const result = loadContent(contentDir, { now: NOW, cacheDir });
      expect(plainLoad(result)).toEqual(expected);
      expect(result.cache).toEqual({ hits: 0, misses: 18 });
      expect(loadContent(contentDir, { now: NOW, cacheDir }).cache).toEqual({ hits: 18, misses: 0 });
    }
  });

  it("appends a few changed entries instead of rewriting the file, and uses the whole lines of a file cut short", () => {
    const { contentDir, cacheDir, write, read, cacheFile } = site();
    const expected = () => plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir });
    const file = cacheFile();
    const before = readFileSync(file, "utf8");
    write(BUDGET, read(BUDGET).replace("City budget passes second reading", "Budget passes third reading"));
    expect(loadContent(contentDir, { now: NOW, cacheDir }).cache).toEqual({ hits: 17, misses: 1 });
    const after = readFileSync(file, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length).split("\n").filter(Boolean)).toHaveLength(1);
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 18, misses: 0 });
    expect(plainLoad(result)).toEqual(expected());
    // An append cut short: the entry it was writing is parsed again, the others come from the file.
    writeFileSync(file, after.slice(0, after.length - 20));
    const cut = loadContent(contentDir, { now: NOW, cacheDir });
    expect(cut.cache).toEqual({ hits: 17, misses: 1 });
    expect(plainLoad(cut)).toEqual(expected());
  });

  it("keeps the caches of a check and of a build apart", () => {
    const { contentDir, cacheDir } = site();
    loadContent(contentDir, { now: NOW, cacheDir, render: false });
    const rendered = loadContent(contentDir, { now: NOW, cacheDir });
    expect(rendered.cache?.hits).toBe(0);
    expect(article(rendered, PLANT).body.html).toContain("<table>");
  });

  it("leaves no half-written cache file behind when a load fails half-way", () => {
    const { contentDir, cacheDir } = site();
    // An article that is listed but cannot be read: a link to a file that is gone.
    symlinkSync(path.join(contentDir, "missing.md"), path.join(contentDir, "articles/2026/10/gone.md"));
    expect(() => loadContent(contentDir, { now: NOW, cacheDir })).toThrow(/ENOENT/);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});
