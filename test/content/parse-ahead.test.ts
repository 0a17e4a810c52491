import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../src/bench/corpus.js";
import { contentCacheFile } from "../../src/content/content-cache.js";
import { listFiles } from "../../src/content/folder.js";
import { loadContent } from "../../src/content/load.js";
import { parseAhead } from "../../src/content/parse-ahead.js";
import { plainLoad } from "../helpers/load.js";
import { scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");

// A first load of a large folder parses half its articles in a child process, into the cache.
describe("parsing ahead in two processes", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const content = path.join(work.dir, "content");
  writeCorpus({ count: 300, output: content, seed: 5 });
  const articles = listFiles(content, "articles", [".md"]);
  // The same folder with problems in the child's half (the last articles): they must be reported as without it.
  const broken = path.join(work.dir, "broken");
  cpSync(content, broken, { recursive: true });
  const last = articles.at(-1)!;
  const beforeLast = articles.at(-2)!;
  writeFileSync(path.join(broken, last), "---\ntitle: [unclosed\n---\nBody.\n");
  writeFileSync(
    path.join(broken, beforeLast),
    readFileSync(path.join(broken, beforeLast), "utf8").replace(/^date: .*$/m, "date: someday"),
  );
  // No head start: the child takes half the folder, bodies and all. Two cores, whatever the machine has.
  const settings = { minFiles: 100, headStart: 0, cores: 2 };
  const others =
    listFiles(content, "pages", [".md"], false).length +
    listFiles(content, "comments", [".yaml", ".yml"]).length +
    listFiles(content, "live", [".md"]).length;

  for (const render of [true, false]) {
    it(`leaves a cache from which the load is the same as without one, every article found there (render: ${render})`, async () => {
      for (const folder of [content, broken]) {
        const cacheDir = path.join(work.dir, `cache-${path.basename(folder)}-${render}`);
        const ahead = await parseAhead(folder, { cacheDir, render, ...settings });
        const half = Math.floor(articles.length / 2);
        expect(ahead).toEqual({ here: articles.length - half, child: half });
        const loaded = loadContent(folder, { now: NOW, render, cacheDir });
        // Every article came from the cache; what was parsed is pages and comments.
        expect(loaded.cache).toEqual({ hits: articles.length, misses: others });
        expect(plainLoad(loaded)).toEqual(plainLoad(loadContent(folder, { now: NOW, render })));
        // Only the folder's cache file is left: the child's part was appended and removed.
        expect(readdirSync(cacheDir)).toEqual([path.basename(contentCacheFile(folder, { cacheDir, render }))]);
        if (folder === content) {
          // The child's half, bodies included (their text read back from the lines appended).
          const childHalf = loaded.content!.articles.filter(
            (article) => article.sourcePath >= articles[articles.length - half]!,
          );
          expect(childHalf.length).toBeGreaterThan(half - 10);
          if (render) expect(childHalf.every((article) => article.body.html.includes("<p>"))).toBe(true);
        } else {
          const messages = loaded.issues.map((issue) => `${issue.file}:${issue.line} ${issue.message}`);
          expect(messages.some((message) => message.startsWith(`${last}:`))).toBe(true);
          expect(messages.some((message) => message.startsWith(`${beforeLast}:`) && message.includes("date"))).toBe(
            true,
          );
        }
      }
    });
  }

  for (const half of ["parent", "child"]) {
    it(`does not fail on a file it cannot read (in the ${half}'s half), and leaves no part behind`, async () => {
      const work = scratch();
      try {
        const folder = path.join(work.dir, "content");
        writeCorpus({ count: 120, output: folder, seed: 6 });
        // A link to a file that is gone: listed, but unreadable; named to sort first or last.
        symlinkSync(
          path.join(folder, "missing.md"),
          path.join(folder, "articles", half === "parent" ? "0000-gone.md" : "zzzz-gone.md"),
        );
        const cacheDir = path.join(work.dir, "cache");
        const ahead = await parseAhead(folder, { cacheDir, ...settings });
        if (half === "parent") {
          // The parent gives up: no cache at all, the load reads every file itself.
          expect(ahead).toBeUndefined();
          expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
        } else {
          // The child's part is left out: the parent's half is cached, the load parses the rest.
          expect(ahead).toEqual({ here: 61, child: 0 });
          expect(readdirSync(cacheDir)).toEqual([path.basename(contentCacheFile(folder, { cacheDir }))]);
        }
      } finally {
        work.cleanup();
      }
    });
  }

  it("does nothing while the cache is usable, for a folder below the minimum, or with one core", async () => {
    const cacheDir = path.join(work.dir, "cache-usable");
    loadContent(content, { now: NOW, cacheDir });
    expect(await parseAhead(content, { cacheDir, ...settings })).toBeUndefined();
    const small = path.join(work.dir, "cache-small");
    expect(await parseAhead(content, { cacheDir: small, ...settings, minFiles: articles.length + 1 })).toBeUndefined();
    expect(existsSync(small)).toBe(false);
    const oneCore = path.join(work.dir, "cache-one-core");
    expect(await parseAhead(content, { cacheDir: oneCore, ...settings, cores: 1 })).toBeUndefined();
    expect(existsSync(oneCore)).toBe(false);
  });
});
