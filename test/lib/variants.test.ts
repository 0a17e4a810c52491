import { describe, expect, it } from "vitest";
import { findVariants, nearSlugPairs } from "../../src/lib/variants.js";

const uses = (entries: [string, number][]) => new Map(entries);

describe("findVariants", () => {
  it("points a name that differs only in case at the more used one", () => {
    expect(
      findVariants(
        uses([
          ["Steel", 1],
          ["steel", 3],
        ]),
      ),
    ).toEqual(new Map([["Steel", { canonical: "steel", kind: "case", slip: undefined, canonicalUses: 3 }]]));
  });

  it("on a tie, keeps the name used first", () => {
    expect([
      ...findVariants(
        uses([
          ["Budget", 1],
          ["budget", 1],
        ]),
      ).keys(),
    ]).toEqual(["budget"]);
  });

  it("finds names that would share a page under another spelling of spaces or punctuation", () => {
    expect(
      findVariants(
        uses([
          ["covid-19", 4],
          ["Covid 19", 1],
        ]),
      ).get("Covid 19"),
    ).toMatchObject({ canonical: "covid-19", kind: "form" });
  });

  it("finds names one typing slip apart: a letter missing, added or wrong, or two neighbours swapped", () => {
    const variants = findVariants(
      uses([
        ["automation", 5],
        ["automaton", 1],
        ["automations", 1],
        ["autonation", 1],
        ["autoamtion", 1],
        ["autmoaiton", 1],
      ]),
    );
    expect(variants.get("automaton")).toMatchObject({ canonical: "automation", kind: "spelling", slip: "letter" });
    expect(variants.get("automations")).toMatchObject({ canonical: "automation", slip: "letter" });
    expect(variants.get("autonation")).toMatchObject({ canonical: "automation", slip: "letter" });
    expect(variants.get("autoamtion")).toMatchObject({ canonical: "automation", slip: "swap" });
    expect(variants.has("autmoaiton")).toBe(false);
  });

  it("compares transliterated names, so Cyrillic typos are found too", () => {
    expect(
      findVariants(
        uses([
          ["металлургия", 3],
          ["металургия", 1],
        ]),
      ).get("металургия"),
    ).toMatchObject({ canonical: "металлургия", kind: "spelling" });
  });

  it("leaves short names, names that differ only in a number, and unrelated names alone", () => {
    expect(
      findVariants(
        uses([
          ["bond", 1],
          ["bonds", 1],
          ["g7", 1],
          ["g8", 1],
          ["2025", 1],
          ["2026", 1],
          ["budget-2025", 1],
          ["budget-2026", 1],
          ["steel", 1],
          ["jobs", 1],
        ]),
      ).size,
    ).toBe(0);
  });

  it("finds near names among thousands without comparing every pair", () => {
    let seed = 7;
    const letter = () => "abcdefghijklmnopqrstuvwxyz"[(seed = (seed * 16807) % 2147483647) % 26];
    const word = (length: number) => Array.from({ length }, letter).join("");
    const many = new Map<string, number>();
    for (let index = 0; index < 3000; index++) many.set(`${word(4 + (index % 5))}-${word(5 + (index % 7))}`, 1);
    for (let index = 0; index < 2000; index++) many.set(`budget-${2000 + index}`, 1);
    many.set("automation", 3);
    many.set("automaton", 1);
    const variants = findVariants(many);
    expect(variants.get("automaton")?.canonical).toBe("automation");
    expect([...variants.keys()].filter((name) => name.startsWith("budget-"))).toEqual([]);
    // Every pair would be 12.5 million comparisons; the keyed comparison makes a few per name.
    const stats = { compared: 0 };
    const pairs = nearSlugPairs([...many.keys()], stats);
    expect(pairs).toContainEqual(["automation", "automaton", "letter"]);
    expect(stats.compared).toBeGreaterThan(0);
    expect(stats.compared).toBeLessThan(many.size * 4);
  });
});
