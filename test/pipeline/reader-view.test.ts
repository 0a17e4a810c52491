import { readFileSync } from "node:fs";
import path from "node:path";
import { Readability } from "@mozilla/readability";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, copyFixture, listFiles, scratch } from "../helpers/site.js";

const normal = (text: string | null | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

/** Reader modes and read-it-later tools extract an article with Mozilla's Readability (Firefox Reader View). */
describe("articles in a reader view (Readability)", () => {
  const work = scratch();
  const output = path.join(work.dir, "site");
  beforeAll(async () => {
    const content = copyFixture("newsroom", work.dir);
    const built = await build(content, output, ["--now=2026-11-26T12:00:00Z"]);
    expect(built.code, built.stderr).toBe(0);
  });
  afterAll(() => work.cleanup());

  it("come out with their title, byline and whole body, and nothing that follows them, however short", () => {
    const articles = listFiles(output).filter((file) => /^\d{4}\/\d{2}\/[^/]+\/index\.html$/.test(file));
    expect(articles.length).toBeGreaterThanOrEqual(6);
    let withComments = 0;
    for (const file of articles) {
      const html = readFileSync(path.join(output, file), "utf8");
      const page = new JSDOM(html).window.document;
      const reader = new Readability(new JSDOM(html, { url: "https://example.org/news/" }).window.document).parse();
      expect(reader, file).not.toBeNull();
      expect(reader!.title, file).toBe(normal(page.querySelector("h1")!.textContent));
      for (const author of page.querySelectorAll(".byline a[rel=author]")) {
        expect(reader!.byline, file).toContain(normal(author.textContent));
      }
      const text = normal(reader!.textContent);
      const blocks = ".article__body :is(p, li, h2), .live-update__body p, .live-update__title";
      for (const block of page.querySelectorAll(blocks)) {
        expect(text, file).toContain(normal(block.textContent));
      }
      // Nothing after the article: previous and next, related reading, comments, the comment form.
      const after = [
        ...page.querySelectorAll(".prev-next a, .related li, .comments .comment__body, .comment-form label"),
      ];
      if (page.querySelector(".comments .comment")) withComments++;
      for (const element of after) expect(text, file).not.toContain(normal(element.textContent));
    }
    expect(withComments).toBeGreaterThan(0);
  });
});
