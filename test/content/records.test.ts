import { describe, expect, it } from "vitest";
import { parseArticleBody } from "../../src/content/markdown.js";
import { isContentRecord, lineFinder, readMarkdownRecord, readYamlRecord } from "../../src/content/records.js";

const ARTICLE =
  "---\ntitle: Plant reopens\ndate: 2026-10-01\ntags:\n  - steel\n  - jobs\nslug: plant-story\n---\n\nThe plant reopened.\n";

describe("reading a Markdown file into a record", () => {
  it("keeps where each key is, where the body starts, and the slugs of its file name and its slug field", () => {
    const { record, data } = readMarkdownRecord("articles/2026/10/Завод Open.md", ARTICLE);
    expect(data).toMatchObject({ title: "Plant reopens", slug: "plant-story" });
    expect(record.frontMatter.issues).toEqual([]);
    const lineOf = lineFinder(record.frontMatter);
    expect([lineOf(["title"]), lineOf(["tags", 1]), lineOf(["slug"]), lineOf(["missing"])]).toEqual([2, 6, 7, 2]);
    expect(record.bodyLine).toBe(9);
    expect(ARTICLE.slice(record.bodyStart)).toBe("\nThe plant reopened.\n");
    expect(record.bodyBlank).toBe(false);
    expect(record.nameSlug).toBe("zavod-open");
    expect(record.writtenSlug).toBe("plant-story");
    expect(record.body).toBeUndefined();
  });

  it("reports front matter YAML cannot read, and still finds the slug it was given", () => {
    const { record, data } = readMarkdownRecord("articles/a.md", "---\ntitle: [unclosed\nslug: 'kept-slug'\n---\n");
    expect(data).toBeUndefined();
    expect(record.frontMatter.issues).toEqual([
      expect.objectContaining({ file: "articles/a.md", field: "file", severity: "error" }),
    ]);
    expect(record.writtenSlug).toBe("kept-slug");
    expect(record.bodyBlank).toBe(true);
  });

  it("reports a file without front matter on its first line", () => {
    const { record } = readMarkdownRecord("pages/about.md", "Just text.\n");
    expect(record.frontMatter.issues).toEqual([
      expect.objectContaining({ line: 1, field: "file", message: expect.stringMatching(/^has no front matter/) }),
    ]);
  });

  it("is plain data that survives JSON, as the parse cache keeps it", () => {
    const { record } = readMarkdownRecord("articles/a.md", ARTICLE);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe("reading a YAML file into a record", () => {
  it("keeps the lines of its keys, and the value apart from the record", () => {
    const { record, data } = readYamlRecord("comments/a/1.yaml", "author: Anna\ndate: 2026-10-02T10:00\nbody: Hi.\n");
    expect(data).toEqual({ author: "Anna", date: "2026-10-02T10:00", body: "Hi." });
    expect(lineFinder(record)(["body"])).toBe(3);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

const SHAPED = "---\ntitle: Plant\ntags: [steel, jobs]\n---\nSee [the budget](./budget.md).\n";

/** A Markdown record as the loader stores it: its front matter checked, its body parsed. */
function markdownRecord() {
  const { record } = readMarkdownRecord("articles/plant.md", SHAPED);
  record.checked = { context: "zone", value: { title: "Plant", date: 0 }, dates: ["date"], issues: [] };
  record.body = parseArticleBody(SHAPED.slice(record.bodyStart), record.bodyLine);
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
