import { describe, expect, it } from "vitest";
import { type Relatable, relatedItems } from "../../src/lib/related.js";

const item = (slug: string, timestamp: number, category: string, tags: string[]): Relatable => ({
  slug,
  timestamp,
  category,
  tags,
});

describe("relatedItems", () => {
  // Newest first, as the site model keeps them.
  const items = [
    item("e-new-same-category", 50, "city", []),
    item("d-two-tags", 40, "finance", ["bonds", "budget"]),
    item("c-one-tag", 30, "finance", ["bonds"]),
    item("b-one-tag-older", 20, "industry", ["budget"]),
    item("a-subject", 10, "city", ["bonds", "budget"]),
    item("z-unrelated", 5, "energy", ["grid"]),
  ];
  const related = relatedItems(items);
  const slugsFor = (slug: string) =>
    related[items.findIndex((i) => i.slug === slug)]!.map((index) => items[index]!.slug);

  it("ranks two shared tags over one, and one shared tag over a shared category", () => {
    expect(slugsFor("a-subject")).toEqual(["d-two-tags", "c-one-tag", "b-one-tag-older"]);
  });

  it("lets the newer article win a tie", () => {
    expect(slugsFor("c-one-tag")).toEqual(["d-two-tags", "a-subject"]);
  });

  it("never relates an article to itself and leaves the unrelated alone", () => {
    expect(slugsFor("z-unrelated")).toEqual([]);
    for (const [index, list] of related.entries()) expect(list).not.toContain(index);
  });

  it("gives at most three", () => {
    expect(relatedItems(items, { limit: 3 }).every((list) => list.length <= 3)).toBe(true);
  });

  it("stays fast on 100,000 articles sharing a few tags", () => {
    const many = Array.from({ length: 100_000 }, (_, n) =>
      item(`s${n}`, 100_000 - n, `c${n % 8}`, [`t${n % 50}`, `t${(n * 7) % 50}`]),
    );
    const result = relatedItems(many);
    expect(result).toHaveLength(100_000);
    expect(result[0]).toHaveLength(3);
  });
});
