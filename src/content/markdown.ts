/**
 * Markdown for article bodies (markdown-it with heading anchors, footnotes, tables and fenced
 * code) and for reader comments (a small safe subset, HTML shown as text).
 */
import MarkdownIt, { type MarkdownIt as Markdown, type Token } from "markdown-it";
import anchor from "markdown-it-anchor";
import footnote from "markdown-it-footnote";
import { slugify } from "../lib/slug.js";

/**
 * Turns a link or image target written in an article into its public URL.
 * Returns the new target, `null` when the target is missing (the link is reported and its text
 * kept), or `undefined` to leave the target as written (external links, anchors).
 */
export type ResolveTarget = (target: string, line: number, kind: "link" | "image") => string | null | undefined;

export interface RenderedBody {
  html: string;
  /** The first paragraph as plain text, for the default description. */
  firstParagraph: string;
  /** Plain text of the whole body, for word counts. */
  plainText: string;
}

interface RenderEnv {
  resolve?: ResolveTarget;
  /** Line where the body starts in its file, so reported lines are file lines. */
  lineOffset: number;
}

function createArticleMarkdown(): Markdown {
  // No linkify: scanning every word for things that look like addresses took a sixth of the
  // parse time on large archives. Writers link with [text](url) or <https://...>, as Markdown does.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: true });
  md.use(anchor, { slugify, tabIndex: false, permalink: anchor.permalink.headerLink({ safariReaderFix: true }) });
  md.use(footnote);
  md.core.ruler.push("broadsheet_targets", (state) => {
    const env = state.env as unknown as RenderEnv;
    if (!env.resolve) return;
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      const line = (block.map?.[0] ?? 0) + env.lineOffset;
      resolveTargets(block.children, line, env.resolve);
    }
  });
  return md;
}

function resolveTargets(tokens: Token[], line: number, resolve: ResolveTarget): void {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const attribute = token.type === "link_open" ? "href" : token.type === "image" ? "src" : undefined;
    if (!attribute) continue;
    const target = token.attrGet(attribute);
    if (target === null) continue;
    const resolved = resolve(safeDecode(String(target)), line, token.type === "image" ? "image" : "link");
    if (resolved === undefined) continue;
    if (resolved !== null) {
      token.attrSet(attribute, resolved);
    } else if (token.type === "link_open") {
      // Keep the words, drop the dead link: find the matching close and turn both into nothing.
      const close = tokens.findIndex((candidate, at) => at > index && candidate.type === "link_close" && candidate.level === token.level);
      token.type = "text";
      token.content = "";
      if (close > 0) Object.assign(tokens[close]!, { type: "text", content: "" });
    }
  }
}

function safeDecode(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

const articleMarkdown = createArticleMarkdown();

/**
 * Renders an article body, resolving its links to other content through `resolve`. With
 * `html: false` the body is parsed and its links resolved (and so checked) but no HTML is made:
 * `html` comes back empty.
 */
export function renderArticleBody(source: string, lineOffset: number, resolve?: ResolveTarget, options: { html?: boolean } = {}): RenderedBody {
  const env: RenderEnv = { resolve, lineOffset };
  const tokens = articleMarkdown.parse(source, env as never);
  const html = options.html === false ? "" : articleMarkdown.renderer.render(tokens, articleMarkdown.options, env as never);
  return { html, firstParagraph: firstParagraphText(tokens), plainText: plainText(tokens) };
}

function inlineText(children: Token[]): string {
  let text = "";
  for (const child of children) {
    if (child.type === "text" || child.type === "code_inline") text += child.content;
    else if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
  }
  return text;
}

function firstParagraphText(tokens: Token[]): string {
  for (let index = 0; index < tokens.length - 1; index++) {
    if (tokens[index]!.type === "paragraph_open" && tokens[index]!.level === 0) {
      const text = inlineText(tokens[index + 1]!.children ?? []).trim();
      if (text) return text;
    }
  }
  return "";
}

function plainText(tokens: Token[]): string {
  return tokens
    .filter((token) => token.type === "inline")
    .map((token) => inlineText(token.children ?? []))
    .join(" ");
}

/**
 * Reader comments: paragraphs, emphasis, code, links, lists and quotes; raw HTML is not
 * interpreted, so `<b>` reaches the page as the characters `<b>`.
 */
const commentMarkdown = new MarkdownIt("zero", { html: false, breaks: true, linkify: false }).enable([
  "paragraph",
  "newline",
  "emphasis",
  "backticks",
  "escape",
  "entity",
  "link",
  "list",
  "blockquote",
]);
commentMarkdown.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  tokens[index]!.attrSet("rel", "nofollow ugc noopener");
  return self.renderToken(tokens, index, options);
};

/** Renders a reader comment with the safe subset. */
export function renderCommentBody(source: string): string {
  return commentMarkdown.render(source);
}
