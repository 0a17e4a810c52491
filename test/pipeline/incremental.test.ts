import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUSSIAN_EDITION } from "../helpers/editions.js";
import { indexedPages } from "../helpers/pagefind.js";
import { build, copyFixture, listFiles, OLDER_ARTICLES, runScript, scratch } from "../helpers/site.js";

const NOW = "--now=2026-11-26T12:00:00Z";

/** An article of another year, so the index has more shards. */
const OLDER = { "articles/2025/03/tram-depot.md": OLDER_ARTICLES["articles/2025/03/tram-depot.md"]! };

/** Every file of two folders that differs (or exists in one only). */
function differences(a: string, b: string): string[] {
  const filesA = listFiles(a);
  const filesB = listFiles(b);
  const all = [...new Set([...filesA, ...filesB])].sort();
  return all.filter(
    (file) =>
      !filesA.includes(file) ||
      !filesB.includes(file) ||
      !readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file))),
  );
}

describe("npm run build:incremental (build.ts --incremental)", () => {
  const work = scratch();
  const content = copyFixture("newsroom", work.dir, OLDER);
  const output = path.join(work.dir, "site");
  const clean = path.join(work.dir, "clean");
  const edit = (file: string, from: string, to: string) => {
    const target = path.join(content, file);
    const text = readFileSync(target, "utf8");
    expect(text).toContain(from);
    writeFileSync(target, text.replace(from, to));
  };
  /** Builds incrementally into `output` and from scratch into `clean`; they must be the same files. */
  const buildBoth = async () => {
    const incremental = await build(content, output, [NOW, "--incremental"]);
    expect(incremental.code, incremental.stderr).toBe(0);
    const full = await build(content, clean, [NOW]);
    expect(full.code, full.stderr).toBe(0);
    expect(differences(output, clean)).toEqual([]);
    return incremental.stdout;
  };

  beforeAll(async () => {
    const first = await build(content, output, [NOW]);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("writes the same files in several Eleventy passes as in one (how large sites are built)", async () => {
    const passes = path.join(work.dir, "passes");
    const result = await runScript("build.ts", [`--input=${content}`, `--output=${passes}`, NOW], {
      BROADSHEET_PASS_PAGES: "7",
      BROADSHEET_TIMING: "1",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/planned [3-9] passes/);
    expect(differences(passes, output)).toEqual([]);
  });

  it("after an article's title changes, writes the same files as a clean build, rendering only some pages", async () => {
    const pagesBefore = listFiles(output).filter((file) => file.endsWith(".html")).length;
    edit(
      "articles/2026/10/plant-reopens.md",
      "title: Rolling plant reopens after refit",
      "title: Rolling plant reopens at Kestrelford",
    );
    const stdout = await buildBoth();
    const updated = Number(/Updated (\d+) files/.exec(stdout)?.[1]);
    expect(updated).toBeGreaterThan(0);
    expect(updated).toBeLessThan(pagesBefore);
    expect(readFileSync(path.join(output, "2026/10/plant-reopens/index.html"), "utf8")).toContain(
      "Rolling plant reopens at Kestrelford",
    );
  });

  it("leaves feeds, sitemaps and the archive as they are when an edit changes none of them (a new comment), and writes them when it does", async () => {
    const singles = [
      "feed.xml",
      "rss.xml",
      "feed.json",
      "category/industry/feed.xml",
      "sitemap.xml",
      "archive/index.html",
      "search/index.html",
    ];
    const stamps = () => new Map(singles.map((file) => [file, statSync(path.join(output, file)).mtimeMs]));
    const before = stamps();
    writeFileSync(
      path.join(content, "comments/plant-reopens/later.yaml"),
      'author: Anna\ndate: 2026-10-05T09:00\nbody: "Any word on the second line?"\n',
    );
    await buildBoth();
    expect(readFileSync(path.join(output, "2026/10/plant-reopens/index.html"), "utf8")).toContain(
      "Any word on the second line?",
    );
    expect(stamps()).toEqual(before);
    // A title is in the feeds and the news sitemap, not in the archive's counts or the search page.
    edit(
      "articles/2026/10/plant-reopens.md",
      "title: Rolling plant reopens at Kestrelford",
      "title: Rolling plant reopens at Kestrel Ford",
    );
    await buildBoth();
    const after = stamps();
    for (const file of ["feed.xml", "rss.xml", "feed.json", "category/industry/feed.xml"])
      expect(after.get(file), file).toBeGreaterThan(before.get(file)!);
    for (const file of ["archive/index.html", "search/index.html"])
      expect(after.get(file), file).toBe(before.get(file));
  });

  it("removes the redirect page of an old URL that an article no longer lists", async () => {
    expect(listFiles(output)).toContain("old/plant-story/index.html");
    edit("articles/2026/10/plant-reopens.md", "aliases: [/old/plant-story/]\n", "");
    await buildBoth();
    expect(listFiles(output)).not.toContain("old/plant-story/index.html");
  });

  it("adds a page to the corrections log and removes it again as corrections come and go", async () => {
    const corrections =
      "corrections:\n  - date: 2026-10-02T08:00\n    text: The refit took six months, not five.\n  - date: 2026-10-03T08:00\n    text: The line rolls sheet, not strip.\n";
    edit("articles/2026/10/plant-reopens.md", "tags: [steel, jobs]\n", `tags: [steel, jobs]\n${corrections}`);
    await buildBoth();
    // Four corrections, three to a page (the fixture's perPage).
    expect(listFiles(output)).toContain("corrections/page/2/index.html");
    edit("articles/2026/10/plant-reopens.md", corrections, "");
    await buildBoth();
    expect(listFiles(output)).not.toContain("corrections/page/2/index.html");
  });

  it("re-indexes only the search shard of the month that changed", async () => {
    const shard2026 = listFiles(output).filter((file) => file.startsWith("pagefind/2026-"));
    const before = new Map(shard2026.map((file) => [file, statSync(path.join(output, file)).mtimeMs]));
    // A paragraph added at the end: the summary other pages show (from the first paragraph) stays the same.
    edit(
      "articles/2025/03/tram-depot.md",
      "into a parcel hub.\n",
      "into a parcel hub.\n\nWork on the site starts in May.\n",
    );
    await buildBoth();
    const after = listFiles(output).filter((file) => file.startsWith("pagefind/2026-"));
    expect(after).toEqual(shard2026);
    for (const file of after) expect(statSync(path.join(output, file)).mtimeMs, file).toBe(before.get(file));
  });

  it("does not re-index a shard whose pages changed only outside what the index holds (a neighbour's title)", async () => {
    const shardFiles = (prefix: string) => listFiles(output).filter((file) => file.startsWith(prefix));
    const stamps = (prefix: string) =>
      new Map(shardFiles(prefix).map((file) => [file, statSync(path.join(output, file)).mtimeMs]));
    const october = stamps("pagefind/2026-10/");
    const november = stamps("pagefind/2026-11/");
    // The newest October article: the oldest November article links to it as its previous one.
    edit("articles/2026/10/tie-beta.md", "title: Beta story at the same minute", "title: Beta story, retitled");
    await buildBoth();
    const linking = listFiles(output).filter(
      (file) =>
        file.startsWith("2026/11/") &&
        file.endsWith(".html") &&
        readFileSync(path.join(output, file), "utf8").includes("Beta story, retitled"),
    );
    expect(linking.length).toBeGreaterThan(0);
    // October's index is written again (the title is in it); November's pages changed, its index did not.
    expect([...stamps("pagefind/2026-10/")].some(([file, stamp]) => stamp !== october.get(file))).toBe(true);
    expect(stamps("pagefind/2026-11/")).toEqual(november);
  });

  it("renders a live article's page again when an update is added or removed, and indexes the update with it", async () => {
    const html = () => listFiles(output).filter((file) => file.endsWith(".html"));
    const stamps = () => new Map(html().map((file) => [file, statSync(path.join(output, file)).mtimeMs]));
    const before = stamps();
    const monthShard = path.join(output, "pagefind/2026-11");
    const indexBefore = new Map(
      listFiles(monthShard).map((file) => [file, statSync(path.join(monthShard, file)).mtimeMs]),
    );
    const update = path.join(content, "live/smelter-strike/evening.md");
    writeFileSync(
      update,
      "---\ndate: 2026-11-25T19:00\ntitle: Evening shift back\n---\nThe evening shift clocked in on time.\n",
    );
    const stdout = await buildBoth();
    const page = readFileSync(path.join(output, "2026/11/smelter-strike/index.html"), "utf8");
    expect(page).toContain('id="update-evening"');
    // Its page, and the listings that show its new date; not every page.
    const rendered = [...stamps()].filter(([file, stamp]) => stamp !== before.get(file)).map(([file]) => file);
    expect(rendered).toContain("2026/11/smelter-strike/index.html");
    expect(rendered.length).toBeLessThan(before.size / 2);
    expect(Number(/Updated (\d+) files/.exec(stdout)?.[1])).toBeGreaterThan(0);
    // Ongoing coverage has a shard of its own: only that one is indexed again, not its month's.
    const indexed = indexedPages(path.join(output, "pagefind/live"));
    expect(indexed.map((entry) => entry.url)).toEqual(["/2026/11/smelter-strike/"]);
    expect(indexed[0]!.content).toContain("The evening shift clocked in on time.");
    const month = listFiles(monthShard).filter((file) => file.startsWith("fragment/"));
    expect(month.length).toBeGreaterThan(0);
    for (const file of month) expect(statSync(path.join(monthShard, file)).mtimeMs, file).toBe(indexBefore.get(file));
    rmSync(update);
    await buildBoth();
    expect(readFileSync(path.join(output, "2026/11/smelter-strike/index.html"), "utf8")).not.toContain(
      "update-evening",
    );
  });

  it("with editions, re-renders what shows a changed member in every edition, as a clean build does", async () => {
    const saved = new Map(
      Object.keys(RUSSIAN_EDITION).map((file) => {
        const target = path.join(content, file);
        return [target, existsSync(target) ? readFileSync(target, "utf8") : undefined] as const;
      }),
    );
    for (const [file, text] of Object.entries(RUSSIAN_EDITION)) {
      mkdirSync(path.dirname(path.join(content, file)), { recursive: true });
      writeFileSync(path.join(content, file), text);
    }
    await buildBoth();
    const russian = path.join(output, "ru/2026/10/zavod-otkrylsya/index.html");
    const before = statSync(russian).mtimeMs;
    edit("articles/2026/10/plant-reopens.md", "title: Rolling plant reopens", "title: The rolling plant reopens");
    await buildBoth();
    // The Russian member names its original's headline (JSON-LD): it was rendered again.
    expect(statSync(russian).mtimeMs).toBeGreaterThan(before);
    expect(readFileSync(russian, "utf8")).toContain("The rolling plant reopens");
    // Back to one edition: the Russian folder goes with the next build.
    for (const [target, text] of saved) {
      if (text === undefined) rmSync(target);
      else writeFileSync(target, text);
    }
    await buildBoth();
    expect(existsSync(path.join(output, "ru"))).toBe(false);
  });

  it("removes the pages of a deleted article and adds those of a new one", async () => {
    rmSync(path.join(content, "articles/2026/10/bond-sale.md"));
    writeFileSync(
      path.join(content, "articles/2026/11/port-crane.md"),
      "---\ntitle: Port crane arrives by river\ndate: 2026-11-05T08:00\ncategory: industry\nauthor: ivan-petrov\n---\nA new crane reached the river port.\n",
    );
    await buildBoth();
    expect(listFiles(output)).not.toContain("2026/10/bond-sale/index.html");
    expect(listFiles(output)).toContain("2026/11/port-crane/index.html");
  });

  it("removes a shard when the only article of its months goes, and renders everything when the site settings change", async () => {
    rmSync(path.join(content, "articles/2025/03/tram-depot.md"));
    await buildBoth();
    expect(listFiles(output).some((file) => file.startsWith("pagefind/2025-"))).toBe(false);
    edit("_data/site.yaml", "title: Fixture Gazette", "title: The Fixture Gazette");
    const stdout = await buildBoth();
    expect(stdout).toMatch(/^Built \d+ pages/m);
  });
});
