import { describe, expect, it } from "vitest";
import { linkNeighbours } from "../../src/lib/sequence.js";

describe("sequence", () => {
  it("links neighbours in chronological order, ties broken by slug", () => {
    const items = [
      { slug: "b", timestamp: 2 },
      { slug: "c", timestamp: 1 },
      { slug: "a", timestamp: 2 },
    ];
    const links: string[] = [];
    linkNeighbours(items, (item, previous, next) =>
      links.push(`${previous?.slug ?? "-"}<${item.slug}>${next?.slug ?? "-"}`),
    );
    expect(links).toEqual(["-<c>a", "c<a>b", "a<b>-"]);
  });
});
