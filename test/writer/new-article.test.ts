import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUSSIAN_EDITION } from "../helpers/editions.js";
import { copyFixture, listFiles, type RunResult, runScript, scratch } from "../helpers/site.js";

// 05:30 UTC on 1 December is still 30 November, 21:30 in the fixture's zone (America/Los_Angeles).
const NOW = "2026-12-01T05:30:00Z";

function runNew(content: string, args: string[], env: NodeJS.ProcessEnv = { BROADSHEET_NOW: NOW }): Promise<RunResult> {
  return runScript("new.ts", [`--input=${content}`, ...args], env);
}

describe("npm run new", () => {
  const work = scratch();
  let content: string;
  let created: RunResult;
  beforeAll(async () => {
    content = copyFixture("newsroom", work.dir);
    created = await runNew(content, [
      "--title",
      "Завод открывает: новый цех!",
      "--category",
      "Industry",
      "--author",
      "olga-smirnova",
    ]);
  });
  afterAll(() => work.cleanup());

  it("creates articles/<year>/<month>/<slug>.md in the site's zone, with a transliterated slug, and prints its path", () => {
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`${content}/articles/2026/11/zavod-otkryvaet-noviy-tsekh.md\n`);
    expect(existsSync(path.join(content, "articles/2026/11/zavod-otkryvaet-noviy-tsekh.md"))).toBe(true);
  });

  it("writes complete front matter: a draft dated now in the site zone, category and author as keys", () => {
    expect(readFileSync(path.join(content, "articles/2026/11/zavod-otkryvaet-noviy-tsekh.md"), "utf8")).toBe(
      [
        "---",
        'title: "Завод открывает: новый цех!"',
        "date: 2026-11-30T21:30",
        "category: industry",
        "author: olga-smirnova",
        "tags: []",
        'description: ""',
        "draft: true",
        "---",
        "Write the first paragraph here. Unless you set a description, it is the summary readers see in listings and search results.",
        "",
      ].join("\n"),
    );
  });

  it("creates a file that passes npm run check with no finding of its own", async () => {
    const result = await runScript("check.ts", [`--input=${content}`], { BROADSHEET_NOW: NOW });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No errors, 2 warnings in .*\(11 articles,/);
    expect(result.stdout).not.toContain("zavod-otkryvaet-noviy-tsekh");
  });

  it("refuses a title whose slug an article already has, wherever it is, and writes nothing", async () => {
    const before = listFiles(content);
    const result = await runNew(content, [
      "--title",
      "Plant Reopens",
      "--category",
      "industry",
      "--author",
      "ivan-petrov",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'an article with the slug "plant-reopens" already exists: articles/2026/10/plant-reopens.md  (choose a different title, or edit that article)\n',
    );
    expect(result.stdout).toBe("");
    expect(listFiles(content)).toEqual(before);
  });

  it("refuses a slug that an article sets in its front matter", async () => {
    const extra = copyFixture("newsroom", path.join(work.dir, "extra"), {
      "articles/2026/10/report.md":
        "---\ntitle: Report\ndate: 2026-10-01\ncategory: city\nauthor: ivan-petrov\nslug: special-report\n---\nText.\n",
    });
    const result = await runNew(extra, ["--title", "Special report", "--category", "city", "--author", "ivan-petrov"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'an article with the slug "special-report" already exists: articles/2026/10/report.md',
    );
  });

  it("suggests the known category and author for unknown ones", async () => {
    const result = await runNew(content, [
      "--title",
      "Another story",
      "--category",
      "finanse",
      "--author",
      "ivan-petrof",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      'unknown category "finanse"  (did you mean "finance"? one of: industry, finance, city)',
      'unknown author "ivan-petrof"  (did you mean "ivan-petrov"? one of: ivan-petrov, olga-smirnova)',
      "",
    ]);
    expect(existsSync(path.join(content, "articles/2026/11/another-story.md"))).toBe(false);
  });

  it("requires a category and an author when there is more than one to choose from", async () => {
    const result = await runNew(content, ["--title", "Another story"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--category is required  (one of: industry, finance, city)");
    expect(result.stderr).toContain("--author is required  (one of: ivan-petrov, olga-smirnova)");
  });

  it("requires a title", async () => {
    const result = await runNew(content, ["--category", "city"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^--title is required {2}\(usage: npm run new -- --title "Headline"/);
  });
});

describe("npm run new in a folder without authors.yaml and with a single category", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("takes the only category, writes authors as given, accepts --now, and the file passes check", async () => {
    const content = copyFixture("newsroom", work.dir, {
      "_data/authors.yaml": null,
      "_data/categories.yaml": "city:\n  name: City\n",
      "articles/2026/10/plant-reopens.md": null,
      "articles/2026/10/bond-sale.md": null,
      "articles/2026/10/tie-alpha.md": null,
      "articles/2026/10/tie-beta.md": null,
      "articles/2026/11/завод-запускает-линию.md": null,
      "articles/2026/11/smelter-strike.md": null,
      "live/smelter-strike/first.md": null,
      "live/smelter-strike/talks.md": null,
      "live/smelter-strike/deal.md": null,
      "live/smelter-strike/unchecked.md": null,
      "live/smelter-strike/later.md": null,
      "articles/2099/01/future-story.md": null,
      "comments/plant-reopens/first.yaml": null,
      "comments/plant-reopens/reply.yaml": null,
    });
    const created = await runNew(
      content,
      ["--title", "True", "--author", "Jane Doe", "--author", "true", "--now=2027-01-01T07:59:00Z"],
      {},
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`${content}/articles/2026/12/true.md\n`);
    const text = readFileSync(path.join(content, "articles/2026/12/true.md"), "utf8");
    // A value YAML would read as something else than text is quoted.
    expect(text).toContain('title: "True"\ndate: 2026-12-31T23:59\ncategory: city\nauthor: [Jane Doe, "true"]\n');
    const check = await runScript("check.ts", [`--input=${content}`, "--now=2027-01-01T08:00:00Z"]);
    expect(check.stdout).toMatch(/^No problems in /);
    expect(check.code).toBe(0);
    expect(readdirSync(path.join(content, "articles/2026/12"))).toEqual(["true.md"]);
  });
});

describe("npm run new with editions", () => {
  const work = scratch();
  afterAll(() => work.cleanup());

  it("starts a translation with the original's section, byline, tags and image, which npm run check accepts", async () => {
    const content = copyFixture("newsroom", work.dir, RUSSIAN_EDITION);
    const result = await runNew(content, ["--title", "Бета", "--language", "ru", "--translation-of", "tie-beta"]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(result.stdout.trim(), "utf8");
    const original = readFileSync(path.join(content, "articles/2026/10/tie-beta.md"), "utf8");
    const key = (source: string, name: string) => new RegExp(`^${name}: (.*)$`, "m").exec(source)?.[1];
    expect(key(text, "language")).toBe("ru");
    expect(key(text, "translationOf")).toBe("tie-beta");
    for (const name of ["category", "author"]) expect(key(text, name), name).toBe(key(original, name));
    expect(key(text, "draft")).toBe("true");
    const check = await runScript("check.ts", [`--input=${content}`, `--now=${NOW}`]);
    expect(check.stdout).not.toContain(result.stdout.trim().replace(`${content}/`, ""));
  });

  it("refuses a second member of a language, a language that is no edition, and a translation without a language", async () => {
    const content = copyFixture("newsroom", path.join(work.dir, "refusals"), RUSSIAN_EDITION);
    const same = await runNew(content, ["--title", "Ещё", "--language", "en", "--translation-of", "tie-beta"]);
    expect(same.stderr).toContain(
      '--translation-of "tie-beta" is in en already  (the original is in another language)',
    );
    const unknown = await runNew(content, ["--title", "Noch", "--language", "de"]);
    expect(unknown.stderr).toContain('--language "de" is not an edition  (one of: en, ru)');
    const bare = await runNew(content, ["--title", "Bare", "--translation-of", "tie-beta"]);
    expect(bare.stderr).toContain("--translation-of needs --language");
    for (const run of [same, unknown, bare]) expect(run.code).toBe(1);
  });
});
