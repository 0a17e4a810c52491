import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFixture, type RenderedPage, renderInMemory } from "../helpers/render.js";

/** The output files of rendered pages, as a build would write them. */
const filesOf = (output: string, pages: RenderedPage[]) =>
  pages.map((page) => path.relative(output, page.outputPath).split(path.sep).join("/"));

describe("the content plugin", () => {
  const build = prepareFixture("newsroom");

  it("renders every article, listing and page, and the single files, in a one-pass build", async () => {
    const { pages } = await renderInMemory(build);
    const files = filesOf(build.output, pages);
    for (const item of [...build.model.articles, ...build.model.listings, ...build.model.pages]) {
      expect(files).toContain(item.outputFile);
    }
    expect(files).toContain("feed.xml");
    expect(files).toContain("archive/index.html");
  });

  it("renders only its slice in a pass before the last, and none of the single files", async () => {
    const [article] = build.model.articles;
    const { pages } = await renderInMemory(build, {
      slice: { articles: [article!], listings: [], pages: [] },
      pass: 0,
      count: 2,
    });
    expect(filesOf(build.output, pages)).toEqual([article!.outputFile]);
  });

  it("leaves out the single templates whose output is up to date, in the last pass", async () => {
    const { pages } = await renderInMemory(build, { context: { unchangedSingles: ["archive.njk", "distribution"] } });
    const files = filesOf(build.output, pages);
    expect(files).not.toContain("archive/index.html");
    expect(files).not.toContain("feed.xml");
    expect(files).toContain("search/index.html");
  });

  it("hands the templates the model: the article page shows its title and the site's name", async () => {
    const [article] = build.model.articles;
    const { pages } = await renderInMemory(build, { slice: { articles: [article!], listings: [], pages: [] } });
    const page = pages[filesOf(build.output, pages).indexOf(article!.outputFile)]!;
    expect(page.content).toContain(`<h1`);
    expect(page.content).toContain(article!.title.replaceAll("&", "&amp;"));
    expect(page.content).toContain(build.model.site.title);
  });
});
