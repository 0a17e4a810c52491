import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { type LoadResult, loadContent } from "../../src/content/load.js";
import { appendParseCache, openParseCache, parseCacheDir, parseCacheFile } from "../../src/content/parse-cache.js";
import { plainLoad } from "../helpers/load.js";
import { copyFixture, listFiles, scratch } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const PLANT = "articles/2026/10/plant-reopens.md";
const BUDGET = "articles/2026/10/city-budget.md";

/** A fixture copied into a scratch folder, with a cache folder of its own beside it. */
function site(name = "newsroom") {
  const { dir, cleanup } = scratch();
  cleanups.push(cleanup);
  const contentDir = copyFixture(name, dir);
  const cacheDir = path.join(dir, "cache");
  const write = (file: string, text: string) => writeFileSync(path.join(contentDir, file), text);
  const read = (file: string) => readFileSync(path.join(contentDir, file), "utf8");
  return { contentDir, cacheDir, write, read, remove: (file: string) => rmSync(path.join(contentDir, file)) };
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function article(result: LoadResult, sourcePath: string) {
  const found = result.content?.articles.find((candidate) => candidate.sourcePath === sourcePath);
  if (!found) throw new Error(`${sourcePath} not loaded: ${JSON.stringify(result.issues)}`);
  return found;
}

const messages = (result: LoadResult) =>
  result.issues.map((issue) => `${issue.file}:${issue.line} ${issue.field} ${issue.message}`);

describe("the parse cache", () => {
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
        expect(cold.cache).toEqual({ hits: 0, misses: 12 });
        expect(warm.cache).toEqual({ hits: 12, misses: 0 });
      });
    }
  }

  it("keeps files with broken front matter, a failed check or a broken comment too, so a warm load reads none of them", () => {
    const { contentDir, cacheDir, write } = site();
    write("articles/2026/10/broken-yaml.md", "---\ntitle: [unclosed\n---\nBody.\n");
    write(
      "articles/2026/10/unknown-author.md",
      "---\ntitle: Who wrote this\ndate: 2026-10-01\ncategory: industry\nauthor: nobody-known\n---\nBody.\n",
    );
    write("comments/plant-reopens/broken.yaml", "author: [unclosed\n");
    const cold = loadContent(contentDir, { now: NOW, cacheDir });
    const warm = loadContent(contentDir, { now: NOW, cacheDir });
    expect(messages(cold).filter((message) => /broken-yaml|unknown-author|broken\.yaml/.test(message))).toHaveLength(3);
    expect(messages(warm)).toEqual(messages(cold));
    expect(warm.cache).toEqual({ hits: cold.cache!.misses, misses: 0 });
  });

  it("gives cached dates that behave like freshly read ones", () => {
    const { contentDir, cacheDir } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    const fresh = article(loadContent(contentDir, { now: NOW }), PLANT).date;
    const cached = article(loadContent(contentDir, { now: NOW, cacheDir }), PLANT).date;
    expect(cached.equals(fresh)).toBe(true);
    expect(cached.toFormat("d MMMM yyyy, HH:mm ZZZZ")).toBe(fresh.toFormat("d MMMM yyyy, HH:mm ZZZZ"));
  });

  it("reparses an edited article: its new title and body show up, the other files come from the cache", () => {
    const { contentDir, cacheDir, write, read } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    write(
      BUDGET,
      read(BUDGET)
        .replace("City budget passes second reading", "Budget passes third reading")
        .replace("on Monday", "on *Tuesday*"),
    );
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 11, misses: 1 });
    expect(article(result, BUDGET).frontMatter.title).toBe("Budget passes third reading");
    expect(article(result, BUDGET).body.html).toContain("on <em>Tuesday</em>");
  });

  it("does not read a file whose size and modification time are as cached (as make and git do); reads it once either changes", () => {
    const { contentDir, cacheDir, write, read } = site();
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const file of listFiles(contentDir)) utimesSync(path.join(contentDir, file), anHourAgo, anHourAgo);
    loadContent(contentDir, { now: NOW, cacheDir });
    // Same size, same time: the cached record stands, so the file was not read.
    write(BUDGET, read(BUDGET).replace("City budget passes second reading", "City budget passes secund reading"));
    utimesSync(path.join(contentDir, BUDGET), anHourAgo, anHourAgo);
    let result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 12, misses: 0 });
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes second reading");
    // Any other modification time, even with the size unchanged: read, hashed, parsed again.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path.join(contentDir, BUDGET), aMinuteAgo, aMinuteAgo);
    result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 11, misses: 1 });
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes secund reading");
    // A file changed in the last two seconds is always read: a second change within the clock's resolution could keep its time.
    write(BUDGET, read(BUDGET).replace("secund", "second"));
    result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes second reading");
    write(BUDGET, read(BUDGET).replace("second", "sekond"));
    expect(article(loadContent(contentDir, { now: NOW, cacheDir }), BUDGET).frontMatter.title).toBe(
      "City budget passes sekond reading",
    );
  });

  it("keeps its entries in memory for the next load when resident, while its file is as this process left it", () => {
    const { contentDir, cacheDir } = site();
    const expected = plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir, residentCache: true });
    const file = parseCacheFile({ dir: cacheDir, contentDir, variant: "html" });
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
    expect(result.cache).toEqual({ hits: 12, misses: 0 });
    expect(plainLoad(result)).toEqual(expected);
  });

  it("ignores a corrupt cache file and writes a good one in its place", () => {
    const { contentDir, cacheDir } = site();
    const expected = plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir });
    const file = parseCacheFile({ dir: cacheDir, contentDir, variant: "html" });
    const text = readFileSync(file, "utf8");
    const wrongShape = text.replace(/^(\["articles\/[^"]+","[^"]+",).*$/m, "$15]");
    for (const corrupt of ["not json\n{", text.replace('"issues":', '"issues":{'), wrongShape]) {
      writeFileSync(file, corrupt);
      const result = loadContent(contentDir, { now: NOW, cacheDir });
      expect(plainLoad(result)).toEqual(expected);
      expect(result.cache?.hits).toBe(0);
    }
    expect(loadContent(contentDir, { now: NOW, cacheDir }).cache).toEqual({ hits: 12, misses: 0 });
  });

  it("appends a few changed entries instead of rewriting the file, and uses the whole lines of a file cut short", () => {
    const { contentDir, cacheDir, write, read } = site();
    const expected = () => plainLoad(loadContent(contentDir, { now: NOW }));
    loadContent(contentDir, { now: NOW, cacheDir });
    const file = parseCacheFile({ dir: cacheDir, contentDir, variant: "html" });
    const before = readFileSync(file, "utf8");
    write(BUDGET, read(BUDGET).replace("City budget passes second reading", "Budget passes third reading"));
    expect(loadContent(contentDir, { now: NOW, cacheDir }).cache).toEqual({ hits: 11, misses: 1 });
    const after = readFileSync(file, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length).split("\n").filter(Boolean)).toHaveLength(1);
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 12, misses: 0 });
    expect(plainLoad(result)).toEqual(expected());
    // An append cut short: the entry it was writing is parsed again, the others come from the file.
    writeFileSync(file, after.slice(0, after.length - 20));
    const cut = loadContent(contentDir, { now: NOW, cacheDir });
    expect(cut.cache).toEqual({ hits: 11, misses: 1 });
    expect(plainLoad(cut)).toEqual(expected());
  });

  it("still finds a dead link in an unchanged article when the article it links to is deleted", () => {
    const { contentDir, cacheDir, remove } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    remove(BUDGET);
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 11, misses: 0 });
    expect(messages(result)).toContain(
      `${PLANT}:15 body link target ./city-budget.md does not exist  (a path relative to this file, e.g. ../10/other-article.md)`,
    );
  });

  it("still finds a slug used twice when a new article copies a cached one's", () => {
    const { contentDir, cacheDir, write } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    write(
      "articles/copy.md",
      "---\ntitle: Copy\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nslug: plant-reopens\n---\nText.\n",
    );
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(result.cache).toEqual({ hits: 12, misses: 1 });
    expect(
      messages(result).some((message) =>
        message.startsWith('articles/copy.md:6 slug "plant-reopens" is already used by'),
      ),
    ).toBe(true);
  });

  it("checks unchanged front matter again when the authors it names change", () => {
    const { contentDir, cacheDir, write } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    write("_data/authors.yaml", "olga-smirnova:\n  name: Ольга Смирнова\n");
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(messages(result)).toContain(`${PLANT}:5 author unknown author "ivan-petrov"  (one of: olga-smirnova)`);
    expect(plainLoad(result)).toEqual(plainLoad(loadContent(contentDir, { now: NOW })));
  });

  it("reports a missing image of an unchanged article once the image is deleted", () => {
    const { contentDir, cacheDir, remove } = site();
    loadContent(contentDir, { now: NOW, cacheDir });
    remove("images/plant.png");
    const result = loadContent(contentDir, { now: NOW, cacheDir });
    expect(messages(result)).toContain(
      `${PLANT}:7 image file not found in the content folder  (a path like images/plant.jpg)`,
    );
    expect(plainLoad(result)).toEqual(plainLoad(loadContent(contentDir, { now: NOW })));
  });

  it("keeps the caches of a check and of a build apart", () => {
    const { contentDir, cacheDir } = site();
    loadContent(contentDir, { now: NOW, cacheDir, render: false });
    const rendered = loadContent(contentDir, { now: NOW, cacheDir });
    expect(rendered.cache?.hits).toBe(0);
    expect(article(rendered, PLANT).body.html).toContain("<table>");
  });
});

describe("openParseCache", () => {
  it("discards entries made under another key, such as by other code", () => {
    const { cacheDir, contentDir } = site();
    const first = openParseCache<string>({ dir: cacheDir, contentDir, key: "one" });
    first.set("a.md", "hash", "value");
    first.save();
    expect(openParseCache<string>({ dir: cacheDir, contentDir, key: "one" }).get("a.md", "hash")).toBe("value");
    expect(openParseCache<string>({ dir: cacheDir, contentDir, key: "two" }).get("a.md", "hash")).toBeUndefined();
  });

  it("gives back text in any script as it was stored", () => {
    const { cacheDir, contentDir } = site();
    const text = 'Ёжик 🦔 \u2028 "quoted" \\ tab\t é';
    const first = openParseCache<string>({ dir: cacheDir, contentDir, key: "k" });
    first.set("a.md", "1", text);
    first.save();
    expect(openParseCache<string>({ dir: cacheDir, contentDir, key: "k" }).get("a.md", "1")).toBe(text);
  });

  it("forgets files not asked for in the last run", () => {
    const { cacheDir, contentDir } = site();
    const first = openParseCache<string>({ dir: cacheDir, contentDir, key: "k" });
    first.set("kept.md", "1", "kept");
    first.set("deleted.md", "2", "deleted");
    first.save();
    const second = openParseCache<string>({ dir: cacheDir, contentDir, key: "k" });
    second.get("kept.md", "1");
    second.save();
    const third = openParseCache<string>({ dir: cacheDir, contentDir, key: "k" });
    expect(third.get("kept.md", "1")).toBe("kept");
    expect(third.get("deleted.md", "2")).toBeUndefined();
  });

  describe("with a lazy part", () => {
    type Value = { title: string; body?: { links: string[]; text?: { html: string } } };
    const LAZY = ["body", "text"] as const;
    const open = (cacheDir: string, contentDir: string) =>
      openParseCache<Value>({ dir: cacheDir, contentDir, key: "k", lazyPath: LAZY });
    const value = (n: number): Value => ({
      title: `T${n}`,
      body: { links: [`l${n}`], text: { html: `<p>Ёжик\t${n}</p>` } },
    });

    it("writes the part after a tab at the end of its line and gives it back as stored when read", () => {
      const { cacheDir, contentDir } = site();
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
      const { cacheDir, contentDir } = site();
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
      const { cacheDir, contentDir } = site();
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

    it("reads heads and parts longer than the 1 MB it reads at a time, between short lines", () => {
      const { cacheDir, contentDir } = site();
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
      const { cacheDir, contentDir } = site();
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
      const { cacheDir, contentDir } = site();
      const first = open(cacheDir, contentDir);
      first.set("a.md", "1", value(1));
      first.save();
      const file = parseCacheFile({ dir: cacheDir, contentDir });
      writeFileSync(file, readFileSync(file, "utf8").replace(/\}\n$/, "\n"));
      expect(open(cacheDir, contentDir).get("a.md", "1")).toBeUndefined();
    });
  });

  it("removes the cache files of content folders that are gone", () => {
    const { cacheDir, contentDir } = site();
    const gone = path.join(path.dirname(contentDir), "gone");
    const orphan = openParseCache<string>({ dir: cacheDir, contentDir: gone, key: "k" });
    orphan.set("a.md", "1", "a");
    orphan.save();
    const current = openParseCache<string>({ dir: cacheDir, contentDir, key: "k" });
    current.set("b.md", "1", "b");
    current.save();
    expect(() => readFileSync(parseCacheFile({ dir: cacheDir, contentDir: gone }))).toThrow();
    expect(readFileSync(parseCacheFile({ dir: cacheDir, contentDir }), "utf8")).toContain('"b.md"');
  });
});

describe("parseCacheDir", () => {
  it("is the project's .cache/broadsheet unless BROADSHEET_CACHE_DIR names another, and none with BROADSHEET_CACHE=0", () => {
    expect(parseCacheDir({})).toMatch(/\/\.cache\/broadsheet$/);
    expect(parseCacheDir({ BROADSHEET_CACHE_DIR: "/tmp/elsewhere" })).toBe("/tmp/elsewhere");
    expect(parseCacheDir({ BROADSHEET_CACHE: "0" })).toBeUndefined();
  });
});

interface Entry {
  body: { text: { html: string } };
}
const entry = (html: string): Entry => ({ body: { text: { html } } });

describe("a load that fails half-way", () => {
  it("leaves no half-written cache file behind", () => {
    const { contentDir, cacheDir } = site();
    // An article that is listed but cannot be read: a link to a file that is gone.
    symlinkSync(path.join(contentDir, "missing.md"), path.join(contentDir, "articles/2026/10/gone.md"));
    expect(() => loadContent(contentDir, { now: NOW, cacheDir })).toThrow(/ENOENT/);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });
});

describe("a cache file that ends in a line cut short", () => {
  it("is written anew by the next save, not appended to: the two lines would join into one", () => {
    const work = scratch();
    try {
      const dir = path.join(work.dir, "cache");
      const options = { dir, contentDir: work.dir, key: "k", lazyPath: ["body", "text"] };
      const first = openParseCache<Entry>({ ...options, fresh: true });
      first.set("a.md", "ha", entry("first"));
      first.set("b.md", "hb", entry("second"));
      first.save();
      // An append stopped half-way, in the lazy part of its line.
      appendFileSync(parseCacheFile(options), '["c.md","hc-old",{"body":{}}]\t{"html":"cut sh');
      const second = openParseCache<Entry>(options);
      expect(second.get("a.md", "ha")?.body.text.html).toBe("first");
      expect(second.get("b.md", "hb")?.body.text.html).toBe("second");
      expect(second.get("c.md", "hc-old")).toBeUndefined();
      second.set("c.md", "hc", entry("third, whole"));
      second.save();
      const third = openParseCache<Entry>(options);
      expect(third.get("c.md", "hc")?.body.text.html).toBe("third, whole");
      expect(third.get("a.md", "ha")?.body.text.html).toBe("first");
      expect(readFileSync(parseCacheFile(options), "utf8")).not.toContain("cut sh");
    } finally {
      work.cleanup();
    }
  });
});

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
      // A part larger than the copy's 1 MB buffer, Cyrillic escaped as the cache writes it.
      const bigFile = path.join(dir, "big.tmp");
      const big = openParseCache<Entry>({ ...options, fresh: true, file: bigFile });
      const long = (index: number) => `${index} ${"Заводу нужен новый станок. ".repeat(2000)}`;
      for (let index = 0; index < 40; index++) big.set(`big-${index}.md`, `h${index}`, entry(long(index)));
      big.save();
      expect(readFileSync(bigFile).length).toBeGreaterThan(3 << 20);
      expect(appendParseCache(options, bigFile)).toBe(true);
      // A cache file that ends in a line cut short is not appended to.
      const cutFile = path.join(dir, "cut.jsonl");
      const cut = openParseCache<Entry>({ ...options, fresh: true, file: cutFile });
      cut.set("x.md", "hx", entry("x"));
      cut.save();
      appendFileSync(cutFile, '["y.md","hy",{');
      const cutBefore = readFileSync(cutFile);
      expect(appendParseCache({ ...options, file: cutFile }, partFile)).toBe(false);
      expect(readFileSync(cutFile)).toEqual(cutBefore);
      const merged = openParseCache<Entry>(options);
      expect(merged.get("a.md", "ha")?.body.text.html).toBe("first");
      expect(merged.get("b.md", "hb")?.body.text.html).toBe("second, with Кириллица");
      expect(merged.get("c.md", "hc")).toBeUndefined();
      for (const index of [0, 17, 39])
        expect(merged.get(`big-${index}.md`, `h${index}`)?.body.text.html).toBe(long(index));
    } finally {
      work.cleanup();
    }
  });
});
