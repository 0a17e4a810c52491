import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type DiskStoreOptions, openDiskStore } from "../../../src/content/parse-cache/disk-store.js";
import { parseCacheFile } from "../../../src/content/parse-cache/locations.js";
import { scratch } from "../../helpers/site.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A scratch content folder and a cache folder beside it. */
function folders() {
  const { dir, cleanup } = scratch();
  cleanups.push(cleanup);
  const contentDir = path.join(dir, "content");
  mkdirSync(contentDir);
  return { cacheDir: path.join(dir, "cache"), contentDir };
}

describe("the disk store", () => {
  it("discards entries made under another key, such as by other code", () => {
    const { cacheDir, contentDir } = folders();
    const first = openDiskStore<string>({ dir: cacheDir, contentDir, key: "one" });
    first.set("a.md", "hash", "value");
    first.save();
    expect(openDiskStore<string>({ dir: cacheDir, contentDir, key: "one" }).get("a.md", "hash")).toBe("value");
    expect(openDiskStore<string>({ dir: cacheDir, contentDir, key: "two" }).get("a.md", "hash")).toBeUndefined();
  });

  it("gives back text in any script as it was stored", () => {
    const { cacheDir, contentDir } = folders();
    const text = 'Ёжик 🦔 \u2028 "quoted" \\ tab\t é';
    const first = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    first.set("a.md", "1", text);
    first.save();
    expect(openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" }).get("a.md", "1")).toBe(text);
  });

  it("forgets files not asked for in the last run", () => {
    const { cacheDir, contentDir } = folders();
    const first = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    first.set("kept.md", "1", "kept");
    first.set("deleted.md", "2", "deleted");
    first.save();
    const second = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    second.get("kept.md", "1");
    second.save();
    const third = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    expect(third.get("kept.md", "1")).toBe("kept");
    expect(third.get("deleted.md", "2")).toBeUndefined();
  });

  it("finds a value by its file's stamp without its hash, and by its hash when the stamp changed", () => {
    const { cacheDir, contentDir } = folders();
    const first = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    first.set("a.md", "hash", "value", "10:1000");
    first.save();
    const second = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    expect(second.getByStamp("a.md", "10:1000")).toEqual({ value: "value", contentHash: "hash" });
    expect(second.getByStamp("a.md", "10:2000")).toBeUndefined();
    // Touched but unchanged: found by its hash, and remembered with the new stamp.
    expect(second.get("a.md", "hash", "10:2000")).toBe("value");
    second.save();
    expect(openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" }).getByStamp("a.md", "10:2000")).toEqual({
      value: "value",
      contentHash: "hash",
    });
  });

  describe("with a lazy part", () => {
    type Value = { title: string; body?: { links: string[]; text?: { html: string } } };
    const LAZY = ["body", "text"] as const;
    const open = (cacheDir: string, contentDir: string) =>
      openDiskStore<Value>({ dir: cacheDir, contentDir, key: "k", lazyPath: LAZY });
    const value = (n: number): Value => ({
      title: `T${n}`,
      body: { links: [`l${n}`], text: { html: `<p>Ёжик\t${n}</p>` } },
    });

    it("writes the part after a tab at the end of its line and gives it back as stored when read", () => {
      const { cacheDir, contentDir } = folders();
      const first = open(cacheDir, contentDir);
      first.set("a.md", "1", value(1));
      first.set("plain.md", "2", { title: "no body" });
      first.save();
      const lines = readFileSync(parseCacheFile({ dir: cacheDir, contentDir }), "utf8")
        .trim()
        .split("\n");
      expect(lines.filter((line) => line.includes("\t"))).toHaveLength(1);
      expect(lines.find((line) => line.includes('"a.md"'))!.split("\t")[1]).toBe(
        String.raw`{"html":"<p>\u0401\u0436\u0438\u043a\t1</p>"}`,
      );
      const second = open(cacheDir, contentDir);
      expect(second.get("a.md", "1")).toEqual(value(1));
      expect(second.get("plain.md", "2")).toEqual({ title: "no body" });
    });

    it("keeps parts never read when it rewrites the file, and parts replaced as replaced", () => {
      const { cacheDir, contentDir } = folders();
      const first = open(cacheDir, contentDir);
      for (let n = 1; n <= 4; n++) first.set(`${n}.md`, String(n), value(n));
      first.save();
      // Three of four changed: more than a quarter, so the file is written anew from what was read.
      const second = open(cacheDir, contentDir);
      second.get("1.md", "1");
      for (let n = 2; n <= 4; n++) {
        const changed = second.get(`${n}.md`, String(n))!;
        changed.body!.text = { html: `new ${n}` };
        second.set(`${n}.md`, String(n), changed);
      }
      second.save();
      const third = open(cacheDir, contentDir);
      expect(third.get("1.md", "1")).toEqual(value(1));
      expect(third.get("3.md", "3")!.body!.text).toEqual({ html: "new 3" });
    });

    it("starting without a file, writes entries as they are set, reads their parts back from there, and puts the file in place at save", () => {
      const { cacheDir, contentDir } = folders();
      const file = parseCacheFile({ dir: cacheDir, contentDir });
      const big = (n: number): Value => ({
        title: `T${n}`,
        body: { links: [], text: { html: `<p>${n} ${"Ёжик ".repeat(4000)}</p>` } },
      });
      const cache = open(cacheDir, contentDir);
      const values = Array.from({ length: 100 }, (_, n) => big(n));
      for (const [n, value] of values.entries()) cache.set(`${n}.md`, String(n), value);
      cache.set("0.md", "changed", value(0));
      // 100 entries of ~40 KB of JSON: most are written before save, in a temporary file.
      expect(existsSync(file)).toBe(false);
      const temporary = readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"));
      expect(temporary).toHaveLength(1);
      expect(statSync(path.join(cacheDir, temporary[0]!)).size).toBeGreaterThan(2 << 20);
      // A written entry's part is no longer a plain property: it is read from the file when asked for.
      expect(Object.getOwnPropertyDescriptor(values[1]!.body!, "text")!.get).toBeTypeOf("function");
      expect(values[1]!.body!.text).toEqual(big(1).body!.text);
      cache.save();
      expect(readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
      const again = open(cacheDir, contentDir);
      expect(again.get("0.md", "0")).toBeUndefined();
      expect(again.get("0.md", "changed")).toEqual(value(0));
      for (let n = 1; n < 100; n++) expect(again.get(`${n}.md`, String(n))).toEqual(big(n));
    });

    it("leaves no file behind when discarded before saving", () => {
      const { cacheDir, contentDir } = folders();
      const cache = open(cacheDir, contentDir);
      const written = value(1);
      cache.set("1.md", "1", written);
      cache.discard();
      cache.save();
      expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
      expect(written.body!.text).toEqual(value(1).body!.text);
    });

    it("reads heads and parts longer than the 1 MB it reads at a time, between short lines", () => {
      const { cacheDir, contentDir } = folders();
      const first = open(cacheDir, contentDir);
      // Lengths chosen so lines, tabs and newlines fall on and around the read boundaries.
      const long = (n: number): Value => ({
        title: `Ё${"t".repeat(1_300_000 + n)}`,
        body: { links: [], text: { html: `${"ж".repeat(n)}${"h".repeat(700_000 + n)}\t` } },
      });
      for (let n = 0; n < 40; n++) first.set(`${n}.md`, String(n), n % 3 ? value(n) : long(n));
      first.save();
      expect(statSync(parseCacheFile({ dir: cacheDir, contentDir })).size).toBeGreaterThan(10 << 20);
      const second = open(cacheDir, contentDir);
      for (let n = 0; n < 40; n++) expect(second.get(`${n}.md`, String(n))).toEqual(n % 3 ? value(n) : long(n));
    });

    it("gives back a part it had not read yet after another process replaced the file", () => {
      const { cacheDir, contentDir } = folders();
      const first = open(cacheDir, contentDir);
      first.set("a.md", "1", value(1));
      first.save();
      const reader = open(cacheDir, contentDir);
      const stored = reader.get("a.md", "1")!;
      const writer = open(cacheDir, contentDir);
      writer.set("a.md", "2", value(2));
      writer.set("b.md", "3", value(3));
      writer.save();
      expect(stored.body!.text).toEqual(value(1).body!.text);
    });

    it("ignores a file whose lazy part was cut short", () => {
      const { cacheDir, contentDir } = folders();
      const first = open(cacheDir, contentDir);
      first.set("a.md", "1", value(1));
      first.save();
      const file = parseCacheFile({ dir: cacheDir, contentDir });
      writeFileSync(file, readFileSync(file, "utf8").replace(/\}\n$/, "\n"));
      expect(open(cacheDir, contentDir).get("a.md", "1")).toBeUndefined();
    });
  });

  it("removes the cache files of content folders that are gone", () => {
    const { cacheDir, contentDir } = folders();
    const gone = path.join(path.dirname(contentDir), "gone");
    const orphan = openDiskStore<string>({ dir: cacheDir, contentDir: gone, key: "k" });
    orphan.set("a.md", "1", "a");
    orphan.save();
    const current = openDiskStore<string>({ dir: cacheDir, contentDir, key: "k" });
    current.set("b.md", "1", "b");
    current.save();
    expect(() => readFileSync(parseCacheFile({ dir: cacheDir, contentDir: gone }))).toThrow();
    expect(readFileSync(parseCacheFile({ dir: cacheDir, contentDir }), "utf8")).toContain('"b.md"');
  });
});

interface Entry {
  body: { text: { html: string } };
}
const entry = (html: string): Entry => ({ body: { text: { html } } });

describe("a cache file that ends in a line cut short", () => {
  it("is written anew by the next save, not appended to: the two lines would join into one", () => {
    const { cacheDir, contentDir } = folders();
    const options: DiskStoreOptions = { dir: cacheDir, contentDir, key: "k", lazyPath: ["body", "text"] };
    const first = openDiskStore<Entry>({ ...options, fresh: true });
    first.set("a.md", "ha", entry("first"));
    first.set("b.md", "hb", entry("second"));
    first.save();
    // An append stopped half-way, in the lazy part of its line.
    appendFileSync(parseCacheFile(options), '["c.md","hc-old",{"body":{}}]\t{"html":"cut sh');
    const second = openDiskStore<Entry>(options);
    expect(second.get("a.md", "ha")?.body.text.html).toBe("first");
    expect(second.get("b.md", "hb")?.body.text.html).toBe("second");
    expect(second.get("c.md", "hc-old")).toBeUndefined();
    second.set("c.md", "hc", entry("third, whole"));
    second.save();
    const third = openDiskStore<Entry>(options);
    expect(third.get("c.md", "hc")?.body.text.html).toBe("third, whole");
    expect(third.get("a.md", "ha")?.body.text.html).toBe("first");
    expect(readFileSync(parseCacheFile(options), "utf8")).not.toContain("cut sh");
  });
});
