import { describe, expect, it } from "vitest";
import {
  filterValues,
  MIN_SHARD_PAGES,
  planSearchShards,
  shardFolder,
  shardMinimum,
  shardOfIndexFile,
  shardSummary,
} from "../../src/search/shards.js";

const article = (iso: string, outputFile: string, live?: { ongoing: boolean }) => ({
  published: { iso, display: "" },
  outputFile,
  live,
});
const model = (articles: ReturnType<typeof article>[], pages: string[] = []) =>
  ({
    articles,
    pages: pages.map((outputFile) => ({ outputFile })),
    site: { builtAt: "2026-11-26T12:00:00+05:00" },
  }) as unknown as Parameters<typeof planSearchShards>[0];

describe("search shards", () => {
  it("know their files in the output by their folder, both ways", () => {
    for (const key of ["2026-09_2026-11", "2025-03"]) {
      expect(shardOfIndexFile(`${shardFolder(key)}/fragment/en_4a1b2c.pf_fragment`)).toBe(key);
      expect(shardOfIndexFile(`${shardFolder(key)}/pagefind.js`)).toBe(key);
    }
    expect(shardOfIndexFile("pagefind/")).toBeUndefined();
    expect(shardOfIndexFile("assets/search.js")).toBeUndefined();
  });

  it("are at least 250 pages up to 50,000 pages, and a two-hundredth of the archive above", () => {
    expect([1, 10_000, 50_000, 60_000, 100_000].map(shardMinimum)).toEqual([MIN_SHARD_PAGES, 250, 250, 300, 500]);
  });

  it("pair the months of a very large archive (400 articles a month) by default", () => {
    const articles = [];
    for (let month = 1; month <= 240; month++) {
      const key = `${2006 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, "0")}`;
      for (let i = 0; i < 420; i++)
        articles.push(article(`${key}-10T10:00:00+05:00`, `${key.replace("-", "/")}/${i}/index.html`));
    }
    const plan = planSearchShards(model(articles));
    expect(plan.shards.at(-1)!.key).toBe("2006-01_2006-02");
    // 120 pairs of 840 pages (the minimum is 504), the newest as large as the others.
    expect(plan.shards).toHaveLength(120);
    expect(plan.shards[0]).toMatchObject({ key: "2025-11_2025-12" });
    expect(plan.shards[0]!.files).toHaveLength(840);
  });

  it("puts each article in the shard of its month (in the site zone), newest first, pages in the newest", () => {
    const plan = planSearchShards(
      model(
        [
          article("2026-01-01T00:30:00+05:00", "2026/01/b/index.html"),
          article("2025-12-31T23:30:00+05:00", "2025/12/a/index.html"),
          article("2024-03-01T09:00:00+05:00", "2024/03/c/index.html"),
        ],
        ["about/index.html"],
      ),
      1,
    );
    expect(plan.shards).toEqual([
      { key: "2026-01", since: "2026-01", years: ["2026"], files: ["2026/01/b/index.html", "about/index.html"] },
      { key: "2025-12", since: "2025-12", years: ["2025"], files: ["2025/12/a/index.html"] },
      { key: "2024-03", since: "2024-03", years: ["2024"], files: ["2024/03/c/index.html"] },
    ]);
    expect(plan.shardOf.get("about/index.html")).toBe("2026-01");
    expect(shardSummary(plan)).toEqual([
      { key: "2026-01", since: "2026-01", years: ["2026"], pages: 2 },
      { key: "2025-12", since: "2025-12", years: ["2025"], pages: 1 },
      { key: "2024-03", since: "2024-03", years: ["2024"], pages: 1 },
    ]);
  });

  it("groups months, oldest first, into shards of at least the given size, so new articles change only the newest", () => {
    const articles = [];
    for (const [month, count] of [
      ["2026-02", 1],
      ["2025-11", 2],
      ["2025-03", 1],
      ["2024-12", 1],
      ["2024-05", 3],
    ] as const) {
      for (let i = 0; i < count; i++)
        articles.push(article(`${month}-0${i + 1}T10:00:00+05:00`, `${month.replace("-", "/")}/${i}/index.html`));
    }
    const plan = planSearchShards(model(articles, ["about/index.html"]), 3);
    expect(plan.shards.map((shard) => [shard.key, shard.since, shard.years, shard.files.length])).toEqual([
      // February 2026 and the about page (2 pages) are fewer than the minimum: they join the shard before.
      ["2024-12_2026-02", "2024-12", ["2026", "2025", "2024"], 6],
      ["2024-05", "2024-05", ["2024"], 3],
    ]);
    expect(plan.shardOf.get("2025/03/0/index.html")).toBe("2024-12_2026-02");

    // One more article, and the newest months fill a shard of their own (no larger than the minimum); the shards before them are as they were.
    articles.unshift(article("2026-03-01T10:00:00+05:00", "2026/03/0/index.html"));
    const grown = planSearchShards(model(articles, ["about/index.html"]), 3);
    expect(grown.shards.map((shard) => [shard.key, shard.files.length])).toEqual([
      ["2026-02_2026-03", 3],
      ["2024-12_2025-11", 4],
      ["2024-05", 3],
    ]);
  });

  it("gives ongoing live coverage a shard of its own, first, and its month the articles whose coverage ended", () => {
    const articles = [
      article("2026-11-20T10:00:00+05:00", "2026/11/fire/index.html", { ongoing: true }),
      article("2026-11-10T10:00:00+05:00", "2026/11/strike/index.html", { ongoing: false }),
      article("2026-11-05T10:00:00+05:00", "2026/11/plant/index.html"),
      article("2026-10-05T10:00:00+05:00", "2026/10/budget/index.html", { ongoing: true }),
    ];
    const plan = planSearchShards(model(articles), 1);
    expect(plan.shards.map((shard) => [shard.key, shard.since, shard.years, shard.files])).toEqual([
      ["live", "2026-10", ["2026"], ["2026/10/budget/index.html", "2026/11/fire/index.html"]],
      ["2026-11", "2026-11", ["2026"], ["2026/11/plant/index.html", "2026/11/strike/index.html"]],
    ]);
    expect(plan.shardOf.get("2026/11/fire/index.html")).toBe("live");
  });

  it("gives a site without articles one shard, named after the build's year, for its pages", () => {
    const plan = planSearchShards(model([], ["about/index.html"]));
    expect(plan.shards).toEqual([{ key: "2026-11", since: "2026-11", years: ["2026"], files: ["about/index.html"] }]);
  });

  it("lists filter values as the index files them: names, years as text", () => {
    expect(
      filterValues({
        categories: [{ name: "City" }],
        authors: [{ name: "Ольга Смирнова" }],
        tags: [{ name: "C++" }],
        archive: [{ year: 2026 }, { year: 2025 }],
      } as unknown as Parameters<typeof filterValues>[0]),
    ).toEqual({ category: ["City"], author: ["Ольга Смирнова"], tag: ["C++"], year: ["2026", "2025"] });
  });
});
