import { describe, expect, it } from "vitest";
import type { FileOpener } from "../../src/content/folder.js";
import type { ContentIssue } from "../../src/content/issues.js";
import { isBroken, parseMarkdownFile } from "../../src/content/parse-file.js";
import type { MarkdownRecord } from "../../src/content/records.js";
import { contentRules } from "../../src/content/validate.js";

/** Opens files from `texts`, remembering each settled record as a parse cache would: no disk involved. */
function memoryOpener(texts: Record<string, string>) {
  const settled = new Map<string, MarkdownRecord>();
  const open: FileOpener<MarkdownRecord> = (file, create) => {
    const text = texts[file]!;
    const kept = settled.get(file);
    const record = kept ? (JSON.parse(JSON.stringify(kept)) as MarkdownRecord) : create(text);
    return {
      record,
      text: () => text,
      hash: `hash of ${file}`,
      settle: (changed) => {
        if (!kept || changed) settled.set(file, record);
      },
    };
  };
  return { open, settled };
}

const rules = contentRules({
  zone: "Europe/Moscow",
  authorNames: { lookup: new Map([["ivan-petrov", "ivan-petrov"]]), keys: ["ivan-petrov"] },
  fileExists: () => false,
});
const GOOD =
  "---\ntitle: Plant reopens\ndate: 2026-10-01T09:30\ncategory: industry\nauthor: ivan-petrov\n---\nThe plant [reopened](./other.md).\n";
const UNKNOWN = "---\ntitle: Who\ndate: 2026-10-01\ncategory: industry\nauthor: nobody\nslug: who-wrote\n---\nText.\n";

describe("reading one article", () => {
  it("checks its front matter, in the site's zone, and parses its body once that passed", () => {
    const { open } = memoryOpener({ "articles/good.md": GOOD });
    const issues: ContentIssue[] = [];
    const parsed = parseMarkdownFile("articles/good.md", open, rules.article, true, issues);
    expect(issues).toEqual([]);
    if (isBroken(parsed)) throw new Error("not parsed");
    expect(parsed.frontMatter.date.toISO()).toBe("2026-10-01T09:30:00.000+03:00");
    expect(parsed.nameSlug).toBe("good");
    expect(parsed.body.links).toEqual([{ target: "./other.md", line: 7, kind: "link" }]);
    expect(parsed.body.summary?.firstParagraph).toBe("The plant reopened.");
    expect(parsed.sourceHash).toBe("hash of articles/good.md");
  });

  it("reports the findings of a file with errors, which exists under the slugs it may have", () => {
    const { open } = memoryOpener({ "articles/unknown.md": UNKNOWN });
    const issues: ContentIssue[] = [];
    const parsed = parseMarkdownFile("articles/unknown.md", open, rules.article, true, issues);
    expect(parsed).toEqual({ sourcePath: "articles/unknown.md", broken: true, slugs: ["unknown", "who-wrote"] });
    expect(issues.map((issue) => `${issue.line} ${issue.field} ${issue.message}`)).toEqual([
      '5 author unknown author "nobody"  (one of: ivan-petrov)',
    ]);
  });

  it("reuses the outcome kept in its record: the same findings and value, without reading its text", () => {
    const { open, settled } = memoryOpener({ "articles/good.md": GOOD, "articles/unknown.md": UNKNOWN });
    const first: ContentIssue[] = [];
    for (const file of ["articles/good.md", "articles/unknown.md"])
      parseMarkdownFile(file, open, rules.article, true, first);
    expect(settled.get("articles/good.md")?.checked?.context).toBe(rules.article.context);
    const again: ContentIssue[] = [];
    const reread = memoryOpener({});
    for (const [file, record] of settled) reread.settled.set(file, record);
    const parsed = parseMarkdownFile("articles/good.md", reread.open, rules.article, true, again);
    parseMarkdownFile("articles/unknown.md", reread.open, rules.article, true, again);
    expect(again).toEqual(first);
    expect(!isBroken(parsed) && parsed.frontMatter.title).toBe("Plant reopens");
  });
});
