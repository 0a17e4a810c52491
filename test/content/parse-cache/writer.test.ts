import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DiskStoreOptions, openDiskStore } from "../../../src/content/parse-cache/disk-store.js";
import { hasParseCache } from "../../../src/content/parse-cache/format.js";
import { parseCacheFile } from "../../../src/content/parse-cache/locations.js";
import { appendParseCache } from "../../../src/content/parse-cache/writer.js";
import { scratch } from "../../helpers/site.js";

interface Entry {
  body: { text: { html: string } };
}
const entry = (html: string): Entry => ({ body: { text: { html } } });

describe("a cache filled in parts", () => {
  const work = scratch();
  afterAll(() => work.cleanup());
  const dir = path.join(work.dir, "cache");
  const options: DiskStoreOptions = { dir, contentDir: work.dir, key: "k", lazyPath: ["body", "text"] };
  const file = parseCacheFile(options);
  /** Writes a cache file of `options` (or at `at`) holding `entries`. */
  const write = (entries: Record<string, string>, at?: string, key = options.key) => {
    const store = openDiskStore<Entry>({ ...options, key, fresh: true, file: at });
    for (const [name, html] of Object.entries(entries)) store.set(name, `h-${name}`, entry(html));
    store.save();
  };

  it("knows whether a cache file was written for the same options", () => {
    expect(hasParseCache(file, options)).toBe(false);
    write({ "a.md": "first" });
    expect(hasParseCache(file, options)).toBe(true);
    expect(hasParseCache(file, { ...options, key: "other" })).toBe(false);
  });

  it("appends a part written for the same folder and key, and refuses one of another key", () => {
    write({ "a.md": "first" });
    const partFile = path.join(dir, "part.tmp");
    write({ "b.md": "second, with Кириллица" }, partFile);
    const otherFile = path.join(dir, "other.tmp");
    write({ "c.md": "third" }, otherFile, "other");
    const before = readFileSync(file);
    expect(appendParseCache(file, otherFile, options)).toBe(false);
    expect(readFileSync(file)).toEqual(before);
    expect(appendParseCache(file, partFile, options)).toBe(true);
    // A part larger than the copy's 1 MB buffer, Cyrillic escaped as the cache writes it.
    const bigFile = path.join(dir, "big.tmp");
    const long = (index: number) => `${index} ${"Заводу нужен новый станок. ".repeat(2000)}`;
    write(Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`big-${index}.md`, long(index)])), bigFile);
    expect(readFileSync(bigFile).length).toBeGreaterThan(3 << 20);
    expect(appendParseCache(file, bigFile, options)).toBe(true);
    // A cache file that ends in a line cut short is not appended to.
    const cutFile = path.join(dir, "cut.jsonl");
    write({ "x.md": "x" }, cutFile);
    appendFileSync(cutFile, '["y.md","hy",{');
    const cutBefore = readFileSync(cutFile);
    expect(appendParseCache(cutFile, partFile, options)).toBe(false);
    expect(readFileSync(cutFile)).toEqual(cutBefore);
    const merged = openDiskStore<Entry>(options);
    expect(merged.get("a.md", "h-a.md")?.body.text.html).toBe("first");
    expect(merged.get("b.md", "h-b.md")?.body.text.html).toBe("second, with Кириллица");
    expect(merged.get("c.md", "h-c.md")).toBeUndefined();
    for (const index of [0, 17, 39])
      expect(merged.get(`big-${index}.md`, `h-big-${index}.md`)?.body.text.html).toBe(long(index));
  });
});
