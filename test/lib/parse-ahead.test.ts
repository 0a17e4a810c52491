import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../src/bench/corpus.js";
import { listFiles, loadContent, type LoadResult } from "../../src/content/load.js";
import { parseAhead } from "../../src/content/parse-ahead.js";
import { appendParseCache, openParseCache, parseCacheFile } from "../../src/content/parse-cache.js";
import { scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");

/** A load result as plain data, dates written out with their zone, so two loads compare with toEqual. */
function plain(result: LoadResult): unknown {
  const { cache: _stats, ...rest } = result;
  return JSON.parse(JSON.stringify(rest, (_key, value) => (DateTime.isDateTime(value) ? `${value.toISO()} ${value.zoneName}` : value)));
}

// A first load of a large folder parses half its articles in a child process, into the cache.
describe("parsing ahead in two processes", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const content = path.join(work.dir, "content");
  writeCorpus({ count: 300, output: content, seed: 5 });
  const articles = listFiles(content, "articles", [".md"]);
  // Problems in the child's half (the last articles): they must be reported as without it.
  const last = articles.at(-1)!;
  const beforeLast = articles.at(-2)!;
  writeFileSync(path.join(content, last), "---\ntitle: [unclosed\n---\nBody.\n");
  writeFileSync(path.join(content, beforeLast), readFileSync(path.join(content, beforeLast), "utf8").replace(/^author: .*$/m, "author: nobody-known"));

  for (const render of [true, false]) {
    it(`leaves a cache from which the load is the same as without one, every article found there (render: ${render})`, async () => {
      const cacheDir = path.join(work.dir, `cache-${render}`);
      const ahead = await parseAhead(content, { cacheDir, render, minFiles: 100 });
      expect(ahead).toBeDefined();
      expect(ahead!.here + ahead!.child).toBe(articles.length);
      expect(ahead!.here).toBeGreaterThan(0);
      expect(ahead!.child).toBeGreaterThan(0);
      const loaded = loadContent(content, { now: NOW, render, cacheDir });
      // Every article came from the cache; what was parsed is pages and comments.
      const others = listFiles(content, "pages", [".md"], false).length + listFiles(content, "comments", [".yaml", ".yml"]).length;
      expect(loaded.cache).toEqual({ hits: articles.length, misses: others });
      expect(plain(loaded)).toEqual(plain(loadContent(content, { now: NOW, render })));
      const messages = loaded.issues.map((issue) => `${issue.file}:${issue.line} ${issue.message}`);
      expect(messages.some((message) => message.startsWith(`${last}:`))).toBe(true);
      expect(messages.some((message) => message.startsWith(`${beforeLast}:`) && message.includes("nobody-known"))).toBe(true);
      // The child's part was appended and removed.
      expect(readdirSync(cacheDir).filter((name) => name.includes(".part-"))).toEqual([]);
    });
  }

  it("leaves what it cannot read to the load, and nothing behind", async () => {
    const work = scratch();
    try {
      const folder = path.join(work.dir, "content");
      writeCorpus({ count: 120, output: folder, seed: 6 });
      // A link to a file that is gone: listed, but unreadable.
      symlinkSync(path.join(folder, "missing.md"), path.join(folder, "articles", "2020-gone.md"));
      const cacheDir = path.join(work.dir, "cache");
      expect(await parseAhead(folder, { cacheDir, minFiles: 10 })).toBeUndefined();
      // Nothing of it left behind once the child is done (stopped, if it still ran).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(readdirSync(cacheDir).filter((name) => name.includes(".part-"))).toEqual([]);
    } finally {
      work.cleanup();
    }
  });

  it("does nothing while the cache is usable, or for a folder below the minimum", async () => {
    const cacheDir = path.join(work.dir, "cache-usable");
    loadContent(content, { now: NOW, cacheDir });
    expect(await parseAhead(content, { cacheDir, minFiles: 100 })).toBeUndefined();
    const small = path.join(work.dir, "cache-small");
    expect(await parseAhead(content, { cacheDir: small, minFiles: articles.length + 1 })).toBeUndefined();
    expect(existsSync(small)).toBe(false);
  });
});

interface Entry {
  body: { text: { html: string } };
}
const entry = (html: string): Entry => ({ body: { text: { html } } });

describe("appendParseCache", () => {
  it("appends a part written for the same folder and key, and refuses one of another key", () => {
    const work = scratch();
    try {
      const dir = path.join(work.dir, "cache");
      const contentDir = work.dir;
      const options = { dir, contentDir, key: "k", lazyPath: ["body", "text"] };
      const main = openParseCache<Entry>({ ...options, fresh: true });
      main.set("a.md", "ha", entry("first"));
      main.save();
      const partFile = path.join(dir, "part.tmp");
      const part = openParseCache<Entry>({ ...options, fresh: true, file: partFile });
      part.set("b.md", "hb", entry("second, with Кириллица"));
      part.save();
      const otherFile = path.join(dir, "other.tmp");
      const other = openParseCache<Entry>({ ...options, key: "other", fresh: true, file: otherFile });
      other.set("c.md", "hc", entry("third"));
      other.save();
      const before = readFileSync(parseCacheFile(options));
      expect(appendParseCache(options, otherFile)).toBe(false);
      expect(readFileSync(parseCacheFile(options))).toEqual(before);
      expect(appendParseCache(options, partFile)).toBe(true);
      const merged = openParseCache<Entry>(options);
      expect(merged.get("a.md", "ha")?.body.text.html).toBe("first");
      expect(merged.get("b.md", "hb")?.body.text.html).toBe("second, with Кириллица");
      expect(merged.get("c.md", "hc")).toBeUndefined();
    } finally {
      work.cleanup();
    }
  });
});
