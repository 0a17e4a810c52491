import { describe, expect, it } from "vitest";
import { parseArticleBody, type ResolveTarget, resolveArticleBody } from "../../src/content/markdown.js";

const BODY = [
  'Intro with *emphasis*, 5 < 6 & "quotes" and [a story](../10/story.md#part).', // line 10
  "",
  "## See [the gone one](gone.md)", // line 12
  "",
  "![Mill & floor](../../images/mill.png) and [dead](gone.md) words.[^1]", // line 14
  "",
  "[^1]: Source: [archive](archive.md).", // line 16
].join("\n");

/** Resolves `gone.md` to nothing, other `.md` and image paths to site URLs, and leaves the rest. */
const resolver =
  (calls: unknown[]): ResolveTarget =>
  (target, line, kind) => {
    calls.push([target, line, kind]);
    if (target.startsWith("#")) return undefined;
    if (target.startsWith("gone.md")) return null;
    return `/site/${target.replace(/\.md/, "/")}?a&b`;
  };

/** A body as loading makes it: parsed once, then its links resolved. */
const render = (resolve: ResolveTarget, options: { html?: boolean } = {}) =>
  resolveArticleBody(parseArticleBody(BODY, 10, options), resolve);

describe("an article body", () => {
  it("resolves each written link once, in order, with its file line and kind", () => {
    const calls: unknown[] = [];
    render(resolver(calls), { html: false });
    expect(calls).toEqual([
      ["../10/story.md#part", 10, "link"],
      ["gone.md", 12, "link"],
      ["../../images/mill.png", 14, "image"],
      ["gone.md", 14, "link"],
      ["archive.md", 16, "link"],
    ]);
  });

  it("puts resolved URLs into the HTML, escaped, and keeps a dead link's words without its tags", () => {
    const { html } = render(resolver([]));
    expect(html).toContain('<a href="/site/../10/story/#part?a&amp;b">a story</a>');
    expect(html).toContain('<img src="/site/../../images/mill.png?a&amp;b" alt="Mill &amp; floor">');
    expect(html).toContain(" and dead words.");
    expect(html).not.toContain("gone.md");
    // The heading keeps its own anchor link; only the dead link inside it loses its tags.
    expect(html).toContain(
      '<h2 id="see-the-gone-one"><a class="header-anchor" href="#see-the-gone-one"><span>See the gone one</span></a></h2>',
    );
    expect(html).toContain("5 &lt; 6 &amp; “quotes”");
  });

  it("gives the plain text and first paragraph of the words, without markup", () => {
    const body = render(resolver([]));
    expect(body.firstParagraph).toBe("Intro with emphasis, 5 < 6 & “quotes” and a story.");
    expect(body.plainText).toBe(
      "Intro with emphasis, 5 < 6 & “quotes” and a story. See the gone one  and dead words. Source: archive.",
    );
  });

  it("makes a paragraph of nothing but an image with a title a figure, the title its caption", () => {
    const source = [
      '![Mill floor](../../images/mill.png "The mill floor & its new line")',
      "",
      '![Alone](../../images/mill.png) and words, "titled" ![Inline](../../images/mill.png "Not a caption")',
      "",
      "After the figures.",
    ].join("\n");
    const body = resolveArticleBody(parseArticleBody(source, 1), (target) => `/site/${target}`);
    expect(body.html).toContain(
      '<figure><img src="/site/../../images/mill.png" alt="Mill floor" title="The mill floor &amp; its new line"><figcaption>The mill floor &amp; its new line</figcaption></figure>',
    );
    // An image among words, or without a title, stays in its paragraph.
    expect(body.html).toContain('<p><img src="/site/../../images/mill.png" alt="Alone"> and words,');
    expect(body.html.match(/<figure>/g)).toHaveLength(1);
    // The caption's words are the body's (search finds them); the first paragraph is the first real one.
    expect(body.plainText).toContain("The mill floor & its new line");
    expect(body.firstParagraph).toMatch(/^and words,/);
  });

  it("makes the same body from a parse that went through JSON, as the parse cache stores it", () => {
    const parsed = JSON.parse(JSON.stringify(parseArticleBody(BODY, 10)));
    expect(resolveArticleBody(parsed, resolver([]))).toEqual(render(resolver([])));
  });

  it("keys a body by its source and where its links lead, so a changed target changes the key as it changes the HTML", () => {
    const parsed = parseArticleBody(BODY, 10);
    const first = resolveArticleBody(parsed, resolver([]), "source-1");
    expect(resolveArticleBody(parsed, resolver([]), "source-1").key).toBe(first.key);
    expect(resolveArticleBody(parsed, resolver([]), "source-2").key).not.toBe(first.key);
    const moved: ResolveTarget = (target, line, kind) =>
      target.startsWith("../10/story.md") ? "/site/moved/" : resolver([])(target, line, kind);
    const relinked = resolveArticleBody(parsed, moved, "source-1");
    expect(relinked.key).not.toBe(first.key);
    expect(relinked.html).not.toBe(first.html);
  });

  it("makes no texts when parsed without HTML", () => {
    expect(render(resolver([]), { html: false })).toMatchObject({
      html: "",
      firstParagraph: "",
      plainText: "",
    });
  });
});
