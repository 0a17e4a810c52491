import { describe, expect, it } from "vitest";
import type { RenderSlice } from "../../src/eleventy/context.js";
import { splitPasses } from "../../src/pipeline/passes.js";

const items = (kind: string, count: number) => Array.from({ length: count }, (_, index) => ({ id: `${kind}${index}` }));
const render = (pages: number, articles: number, listings: number) =>
  ({
    pages: items("p", pages),
    articles: items("a", articles),
    listings: items("l", listings),
  }) as unknown as RenderSlice;
const ids = (passes: RenderSlice[], kind: keyof RenderSlice) =>
  passes.flatMap((pass) => (pass[kind] as unknown as { id: string }[]).map((item) => item.id));

describe("build passes", () => {
  it("hold every page once, in order, no pass over the size", () => {
    const whole = render(3, 40, 17);
    const passes = splitPasses(whole, 7);
    expect(passes).toHaveLength(Math.ceil(60 / 7));
    for (const pass of passes)
      expect(pass.pages.length + pass.articles.length + pass.listings.length).toBeLessThanOrEqual(7);
    for (const kind of ["pages", "articles", "listings"] as const)
      expect(ids(passes, kind)).toEqual(ids([whole], kind));
  });

  it("start with the standalone pages, then the articles newest first, then the listings", () => {
    const passes = splitPasses(render(2, 300, 100), 50);
    // 402 pages: eight full passes and a last of two.
    expect(passes).toHaveLength(9);
    expect(passes[0]!.pages).toHaveLength(2);
    expect(passes[0]!.articles).toHaveLength(48);
    expect(passes[6]!).toMatchObject({ articles: [{ id: "a298" }, { id: "a299" }] });
    expect(passes[6]!.listings).toHaveLength(48);
    expect(passes[8]!.listings.map((listing) => (listing as unknown as { id: string }).id)).toEqual(["l98", "l99"]);
  });

  it("are one empty pass when nothing is rendered, and listings alone when there are no articles", () => {
    expect(splitPasses(render(0, 0, 0), 5)).toEqual([{ articles: [], listings: [], pages: [] }]);
    expect(ids(splitPasses(render(1, 0, 6), 5), "listings")).toEqual(["l0", "l1", "l2", "l3", "l4", "l5"]);
  });
});
