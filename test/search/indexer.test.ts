import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SearchIndexBuild } from "../../src/search/indexer.js";
import { indexLanguage, shardRecords, urlOfFile } from "../../src/search/records.js";
import { planSearchShards, shardFolder } from "../../src/search/shards.js";
import { indexedPages } from "../helpers/pagefind.js";
import { prepareFixture } from "../helpers/render.js";

describe("the search index written from the model", () => {
  const work = mkdtempSync(path.join(tmpdir(), "broadsheet-index-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const { model } = prepareFixture("newsroom");
  // One month per shard, so that the fixture has several.
  const plan = planSearchShards(model, 1);
  const write = (output: string, only = new Set(plan.shards.map((shard) => shard.key))) =>
    new SearchIndexBuild(plan, only, output, indexLanguage(model.site.language), shardRecords(model)).finish();

  it("holds exactly the published articles and pages of each shard, with their cards", async () => {
    const output = path.join(work, "all");
    const pages = await write(output);
    expect(pages).toBe(model.articles.length + model.pages.length);
    // The ongoing live coverage first, in a shard of its own.
    expect(plan.shards.map((shard) => shard.key)).toEqual(["live", "2026-11", "2026-10"]);
    expect(plan.shards[0]!.files).toEqual(["2026/11/smelter-strike/index.html"]);
    for (const shard of plan.shards) {
      const indexed = indexedPages(path.join(output, shardFolder(shard.key)));
      expect(indexed.map((page) => page.url)).toEqual(shard.files.map(urlOfFile).sort());
    }
    const all = plan.shards.flatMap((shard) => indexedPages(path.join(output, shardFolder(shard.key))));
    // Drafts and scheduled articles are not in a production model, so never in the index.
    expect(all.some((page) => /secret-draft|future-story/.test(page.url))).toBe(false);
    expect(all.some((page) => page.content.includes("zephyrine"))).toBe(false);
    const plant = all.find((page) => page.url === "/2026/10/plant-reopens/")!;
    expect(plant.meta.title).toBe("Rolling plant reopens after refit");
    expect(plant.filters.year).toEqual(["2026"]);
    expect(plant.content).toContain("reopened on Thursday");
  });

  it("writes only the shards asked for", async () => {
    const output = path.join(work, "one");
    const october = plan.shards.find((shard) => shard.key === "2026-10")!;
    expect(await write(output, new Set(["2026-10"]))).toBe(october.files.length);
    expect(indexedPages(path.join(output, shardFolder("2026-10"))).length).toBe(october.files.length);
    expect(() => indexedPages(path.join(output, shardFolder("2026-11")))).toThrow(/ENOENT/);
  });

  it("fails naming the shard when it cannot be written", async () => {
    const output = path.join(work, "blocked");
    // A file where the pagefind folder should be.
    writeFileSync(output, "");
    await expect(write(output)).rejects.toThrow(
      /^Search index: writing the index failed: ENOTDIR.*\(pagefind\/(live|2026-1\d)\)$/,
    );
  });
});
