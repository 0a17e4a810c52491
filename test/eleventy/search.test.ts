import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFixture, type RenderedPage, renderInMemory } from "../helpers/render.js";

const fileOf = (output: string, pages: RenderedPage[], file: string) =>
  pages.find((page) => path.relative(output, page.outputPath).split(path.sep).join("/") === file)!.content;

describe("the search plugin", () => {
  const build = prepareFixture("newsroom");

  it("tells the search page the shards of the plan, newest first, and loads the newest one's Pagefind", async () => {
    const { pages } = await renderInMemory(build);
    const searchPage = fileOf(build.output, pages, "search/index.html");
    const config = JSON.parse(
      searchPage.match(/<script type="application\/json" id="search-config">(.*?)<\/script>/s)![1]!,
    );
    expect(config.shards).toEqual(
      build.search.shards.map((shard) => ({
        key: shard.key,
        since: shard.since,
        years: shard.years,
        pages: shard.files.length,
      })),
    );
    expect(config.pageSize).toBe(Math.min(build.model.site.perPage, 10));
    expect(searchPage).toContain(
      `<link rel="modulepreload" href="/news/pagefind/${build.search.shards[0]!.key}/pagefind.js">`,
    );
  });

  it("leaves the index out of the pages: no Pagefind markup on an article", async () => {
    const { pages } = await renderInMemory(build);
    const article = fileOf(build.output, pages, build.model.articles[0]!.outputFile);
    expect(article).not.toContain("data-pagefind");
  });
});
