import { describe, expect, it } from "vitest";
import { parseArticleBody } from "../../src/content/markdown.js";
import { isContentRecord } from "../../src/content/record-guards.js";
import { readMarkdownRecord, readYamlRecord } from "../../src/content/records.js";

const ARTICLE = "---\ntitle: Plant\ntags: [steel, jobs]\n---\nSee [the budget](./budget.md).\n";

/** A Markdown record as the loader stores it: its front matter checked, its body parsed. */
function markdownRecord() {
  const { record } = readMarkdownRecord("articles/plant.md", ARTICLE);
  record.checked = { context: "zone", value: { title: "Plant", date: 0 }, dates: ["date"], issues: [] };
  record.body = parseArticleBody(ARTICLE.slice(record.bodyStart), record.bodyLine);
  return JSON.parse(JSON.stringify(record));
}

describe("telling a damaged cache record from a sound one", () => {
  it("accepts the records loading makes, as the cache gives them back", () => {
    expect(isContentRecord("articles/plant.md", markdownRecord())).toBe(true);
    expect(
      isContentRecord("articles/broken.md", readMarkdownRecord("articles/broken.md", "no front matter").record),
    ).toBe(true);
    const comment = readYamlRecord("comments/plant/1.yaml", "author: Anna\nbody: Hi.\n").record;
    expect(isContentRecord("comments/plant/1.yaml", { yaml: comment, html: "<p>Hi.</p>" })).toBe(true);
  });

  it("rejects a record of the wrong shape anywhere the loader reads it, or of another kind of file", () => {
    const damaged: [string, (record: any) => void][] = [
      ["a number", (record) => Object.assign(record, { frontMatter: 5 })],
      ["links that are not a list", (record) => (record.body.links = "none")],
      ["a line tree with three parts", (record) => (record.frontMatter.lines = [1, {}, 2])],
      ["a line tree with a text line deep down", (record) => (record.frontMatter.lines[1].tags[1][1] = ["x"])],
      ["an issue without a line", (record) => record.frontMatter.issues.push({ file: "a", field: "b", message: "c" })],
      ["a date that is not a number", (record) => (record.checked.value.date = "2026-01-01")],
      ["a summary without words", (record) => delete record.body.summary.words],
    ];
    for (const [what, damage] of damaged) {
      const record = markdownRecord();
      damage(record);
      expect(isContentRecord("articles/plant.md", record), what).toBe(false);
    }
    expect(isContentRecord("comments/plant/1.yaml", markdownRecord())).toBe(false);
    expect(isContentRecord("articles/plant.md", 5)).toBe(false);
  });
});
