import { describe, expect, it } from "vitest";
import { prepareFixture, renderInMemory } from "../helpers/render.js";

describe("the search plugin", () => {
  const build = prepareFixture("newsroom");

  it("hands the index each rendered article and page whose indexed part changed, and nothing else", async () => {
    const [first, second] = build.model.articles;
    const { indexed } = await renderInMemory(build, {
      slice: { articles: [first!, second!], listings: build.model.listings.slice(0, 2), pages: [] },
      context: { indexChanged: new Set([first!.outputFile]) },
    });
    expect(indexed.map((page) => page.file)).toEqual([first!.outputFile]);
    expect(indexed[0]!.url).toBe(`/${first!.outputFile.replace(/index\.html$/, "")}`);
    expect(indexed[0]!.html).toContain("data-pagefind-body");
    // Only the part Pagefind reads: not the site's header and navigation.
    expect(indexed[0]!.html).not.toContain('class="site-header"');
  });
});
