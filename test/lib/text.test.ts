import { describe, expect, it } from "vitest";
import { countWords, readingMinutes, truncateAtWord } from "../../src/lib/text.js";

describe("text", () => {
  it("cuts at a word near the limit", () => {
    const text = "word ".repeat(100);
    const cut = truncateAtWord(text, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.endsWith("word…")).toBe(true);
    expect(truncateAtWord("short text", 50)).toBe("short text");
  });

  it("counts words in any script and turns them into minutes", () => {
    expect(countWords("Завод запущен, plant restarted: 3 lines.")).toBe(6);
    // Counts as the plain definition does: a letter or digit, then letters, digits, apostrophes, hyphens.
    const byRegex = (text: string) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
    for (const text of [
      "",
      "  - ' ’ ",
      "rock'n'roll co-op l’usine -x- 'quoted'",
      "𝐀𝐁 𝟙 x𝐀y 😀 a😀b",
      "日本語 テキスト, ÄÖÜ éà 123abc 4-5",
      "don't--stop ’tis",
    ]) {
      expect(countWords(text), text).toBe(byRegex(text));
    }
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(1000)).toBe(5);
  });
});
