import { readFileSync, utimesSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type LoadResult, loadContent } from "../../src/content/load.js";
import { MemoryStore, type ParseStore } from "../../src/content/parse-cache/store.js";
import type { ContentRecord } from "../../src/content/records.js";
import { contentFolder, loadedArticle } from "../helpers/content.js";
import { plainLoad } from "../helpers/load.js";
import { FIXTURES, listFiles } from "../helpers/site.js";

const NOW = DateTime.fromISO("2026-11-26T12:00:00Z");
const PLANT = "articles/2026/10/plant-reopens.md";
const BUDGET = "articles/2026/10/city-budget.md";

/** A fixture copied into a scratch folder (with `overrides`, see `copyFixture`), and a parse cache in memory. */
function site(name = "newsroom", overrides: Record<string, string | null> = {}) {
  const { contentDir, write, read, remove } = contentFolder(name, overrides);
  const memory = new MemoryStore<ContentRecord>();
  /** Loads the folder through the memory store. */
  const load = (render = true) => loadContent(contentDir, { now: NOW, render, store: memory.open() });
  return { contentDir, write, read, remove, load };
}
const article = loadedArticle;

const messages = (result: LoadResult) =>
  result.issues.map((issue) => `${issue.file}:${issue.line} ${issue.field} ${issue.message}`);
const errors = (result: LoadResult) =>
  messages({ ...result, issues: result.issues.filter((issue) => issue.severity === "error") });

describe("loading a content folder", () => {
  it("reports each mistake once: an entry with a bad key still names a known author or category, and a file with errors still exists for its comments and links", () => {
    const plant = readFileSync(path.join(FIXTURES, "newsroom", PLANT), "utf8");
    const { contentDir } = site("newsroom", {
      "_data/authors.yaml":
        "ivan-petrov:\n  name: Ivan Petrov\n  bio: Covers manufacturing.\nolga-smirnova:\n  name: Ольга Смирнова\n  twitter: '@olga'\n",
      "_data/categories.yaml":
        "industry:\n  name: Industry\n  description: Plants and tooling.\nfinance:\n  name: Finance\n  colour: green\ncity:\n  name: City\n",
      // The article with the comments; the one it links to, with a slug of its own and a comment.
      [PLANT]: plant.replace("date: 2026-10-01T09:30", "date: someday"),
      [BUDGET]: "---\ntitle: [unclosed\nslug: budget-story\n---\nBody.\n",
      "comments/budget-story/1.yaml": "author: Anna\ndate: 2026-10-06T09:00\nbody: Finally.\n",
      "articles/2026/10/follow-up.md":
        "---\ntitle: Follow-up\ndate: 2026-10-08\ncategory: finance\nauthor: Ольга Смирнова\n---\nAfter [the reopening](./plant-reopens.md) and [the budget](./city-budget.md).\n",
    });
    expect(errors(loadContent(contentDir, { now: NOW }))).toEqual([
      "_data/authors.yaml:6 olga-smirnova.twitter unknown key  (allowed: name, bio, role, photo, links)",
      "_data/categories.yaml:6 finance.colour unknown key  (allowed: name, description)",
      expect.stringMatching(/^articles\/2026\/10\/city-budget\.md:\d+ file is not valid YAML/),
      `${PLANT}:3 date "someday" is not a valid date  (2026-11-20T09:30, 2026-11-20T09:30+03:00 or 2026-11-20)`,
    ]);
  });

  it("checks an author's photo and profile links, naming the line of each", () => {
    const { contentDir } = site("newsroom", {
      "_data/authors.yaml":
        "ivan-petrov:\n  name: Ivan Petrov\n  role: Industry correspondent\n  photo: images/people/nobody.jpg\n  links:\n    - social.example/@ivan\nolga-smirnova:\n  name: Ольга Смирнова\n  photo: ../outside.jpg\n",
    });
    expect(errors(loadContent(contentDir, { now: NOW }))).toEqual([
      "_data/authors.yaml:4 ivan-petrov.photo file not found in the content folder  (a path like images/people/ivan.jpg)",
      "_data/authors.yaml:6 ivan-petrov.links[0] must be an absolute http(s) URL  (e.g. https://social.example/@ivan)",
      "_data/authors.yaml:9 olga-smirnova.photo must be in the images folder  (a path like images/people/ivan.jpg)",
    ]);
  });

  it("accepts any author when authors.yaml is not valid YAML, so the one finding is the file's", () => {
    const { contentDir } = site("newsroom", { "_data/authors.yaml": "ivan-petrov:\n  name: [Ivan\n" });
    const found = errors(loadContent(contentDir, { now: NOW }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^_data\/authors\.yaml:\d+ file is not valid YAML/);
  });
});

describe("loading with a parse cache", () => {
  for (const fixture of ["newsroom", "russian"]) {
    for (const render of [true, false]) {
      it(`gives the ${fixture} fixture the same issues, HTML and dates as loading without it (render: ${render})`, () => {
        const { contentDir, load } = site(fixture);
        const uncached = loadContent(contentDir, { now: NOW, render });
        const cold = load(render);
        const warm = load(render);
        expect(plainLoad(cold)).toEqual(plainLoad(uncached));
        expect(plainLoad(warm)).toEqual(plainLoad(uncached));
        expect(uncached.cache).toBeUndefined();
        const files = Object.values(uncached.counts).reduce((sum, count) => sum + count);
        expect(cold.cache).toEqual({ hits: 0, misses: files });
        expect(warm.cache).toEqual({ hits: files, misses: 0 });
      });
    }
  }

  it("keeps files with broken front matter, a failed check or a broken comment too, so a warm load reads none of them", () => {
    const { write, load } = site();
    write("articles/2026/10/broken-yaml.md", "---\ntitle: [unclosed\n---\nBody.\n");
    write(
      "articles/2026/10/unknown-author.md",
      "---\ntitle: Who wrote this\ndate: 2026-10-01\ncategory: industry\nauthor: nobody-known\n---\nBody.\n",
    );
    write("comments/plant-reopens/broken.yaml", "author: [unclosed\n");
    const cold = load();
    const warm = load();
    expect(messages(cold).filter((message) => /broken-yaml|unknown-author|broken\.yaml/.test(message))).toHaveLength(3);
    expect(messages(warm)).toEqual(messages(cold));
    expect(warm.cache).toEqual({ hits: cold.cache!.misses, misses: 0 });
  });

  it("gives cached dates that behave like freshly read ones", () => {
    const { contentDir, load } = site();
    load();
    const fresh = article(loadContent(contentDir, { now: NOW }), PLANT).date;
    const cached = article(load(), PLANT).date;
    expect(cached.equals(fresh)).toBe(true);
    expect(cached.toFormat("d MMMM yyyy, HH:mm ZZZZ")).toBe(fresh.toFormat("d MMMM yyyy, HH:mm ZZZZ"));
  });

  it("reparses an edited article: its new title and body show up, the other files come from the cache", () => {
    const { write, read, load } = site();
    load();
    write(
      BUDGET,
      read(BUDGET)
        .replace("City budget passes second reading", "Budget passes third reading")
        .replace("on Monday", "on *Tuesday*"),
    );
    const result = load();
    expect(result.cache).toEqual({ hits: 17, misses: 1 });
    expect(article(result, BUDGET).frontMatter.title).toBe("Budget passes third reading");
    expect(article(result, BUDGET).body.html).toContain("on <em>Tuesday</em>");
  });

  it("does not read a file whose size and modification time are as cached (as make and git do); reads it once either changes", () => {
    const { contentDir, write, read, load } = site();
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const file of listFiles(contentDir)) utimesSync(path.join(contentDir, file), anHourAgo, anHourAgo);
    load();
    // Same size, same time: the cached record stands, so the file was not read.
    write(BUDGET, read(BUDGET).replace("City budget passes second reading", "City budget passes secund reading"));
    utimesSync(path.join(contentDir, BUDGET), anHourAgo, anHourAgo);
    let result = load();
    expect(result.cache).toEqual({ hits: 18, misses: 0 });
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes second reading");
    // Any other modification time, even with the size unchanged: read, hashed, parsed again.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path.join(contentDir, BUDGET), aMinuteAgo, aMinuteAgo);
    result = load();
    expect(result.cache).toEqual({ hits: 17, misses: 1 });
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes secund reading");
    // A file changed in the last two seconds is always read: a second change within the clock's resolution could keep its time.
    write(BUDGET, read(BUDGET).replace("secund", "second"));
    result = load();
    expect(article(result, BUDGET).frontMatter.title).toBe("City budget passes second reading");
    write(BUDGET, read(BUDGET).replace("second", "sekond"));
    expect(article(load(), BUDGET).frontMatter.title).toBe("City budget passes sekond reading");
  });

  it("still finds a dead link in an unchanged article when the article it links to is deleted", () => {
    const { remove, load } = site();
    load();
    remove(BUDGET);
    const result = load();
    expect(result.cache).toEqual({ hits: 17, misses: 0 });
    expect(messages(result)).toContain(
      `${PLANT}:17 body link target ./city-budget.md does not exist  (a path relative to this file, e.g. ../10/other-article.md)`,
    );
  });

  it("still finds a slug used twice when a new article copies a cached one's", () => {
    const { write, load } = site();
    load();
    write(
      "articles/copy.md",
      "---\ntitle: Copy\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nslug: plant-reopens\n---\nText.\n",
    );
    const result = load();
    expect(result.cache).toEqual({ hits: 18, misses: 1 });
    expect(
      messages(result).some((message) =>
        message.startsWith('articles/copy.md:6 slug "plant-reopens" is already used by'),
      ),
    ).toBe(true);
  });

  it("checks unchanged front matter again when the authors it names change", () => {
    const { contentDir, write, load } = site();
    load();
    write("_data/authors.yaml", "olga-smirnova:\n  name: Ольга Смирнова\n");
    const result = load();
    expect(messages(result)).toContain(`${PLANT}:5 author unknown author "ivan-petrov"  (one of: olga-smirnova)`);
    expect(plainLoad(result)).toEqual(plainLoad(loadContent(contentDir, { now: NOW })));
  });

  it("reports a missing image of an unchanged article once the image is deleted", () => {
    const { contentDir, remove, load } = site();
    load();
    remove("images/plant.png");
    const result = load();
    expect(messages(result)).toContain(
      `${PLANT}:7 image file not found in the content folder  (a path like images/plant.jpg)`,
    );
    expect(plainLoad(result)).toEqual(plainLoad(loadContent(contentDir, { now: NOW })));
  });

  it("lets a failure of the cache's own code surface, instead of loading again without it", () => {
    const { contentDir } = site();
    const failing: ParseStore<ContentRecord> = {
      ...new MemoryStore<ContentRecord>().open(),
      get: () => {
        throw new Error("a bug in the store");
      },
    };
    expect(() => loadContent(contentDir, { now: NOW, store: failing })).toThrow("a bug in the store");
  });
});
