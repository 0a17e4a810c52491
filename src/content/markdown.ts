/**
 * Markdown for article bodies (markdown-it with heading anchors, footnotes, tables and fenced
 * code) and for reader comments (a small safe subset, HTML shown as text). A body is parsed once
 * into plain data that depends on its text alone (its links, and its HTML with a hole for each
 * link's URL), which the parse cache keeps; where the links lead depends on the other files and
 * is filled in on every load by `resolveArticleBody`.
 */
import { createRequire } from "node:module";
import type MarkdownItConstructor from "markdown-it";
import type { MarkdownIt as Markdown, StateCore, Token } from "markdown-it";
import type anchorPlugin from "markdown-it-anchor";
import type footnotePlugin from "markdown-it-footnote";
import { slugify } from "../lib/slug.js";
import { countWords, detached } from "../lib/text.js";

/**
 * Turns a link or image target written in an article into its public URL.
 * Returns the new target, `null` when the target is missing (the link is reported and its text
 * kept), or `undefined` to leave the target as written (external links, anchors).
 */
export type ResolveTarget = (target: string, line: number, kind: "link" | "image") => string | null | undefined;

export interface RenderedBody {
  /** Made on first use: a build that renders a few pages of a large site needs only theirs. */
  readonly html: string;
  /** Changes whenever `html` would: the source's hash and where its links lead. */
  key: string;
  /** The first paragraph as plain text, for the default description. */
  firstParagraph: string;
  /** Words in the body, for the reading time. */
  words: number;
  /** Plain text of the whole body, read on first use. */
  readonly plainText: string;
}

/** A link or image target as written in a body. */
interface BodyLink {
  /** The target, percent-decoded, as `ResolveTarget` receives it. */
  target: string;
  /** The attribute value markdown-it made of it, when not `target`: kept for targets left as written. */
  written?: string;
  /** File line of the paragraph (or other block) it is in. */
  line: number;
  kind: "link" | "image";
}

/**
 * A tag whose output depends on how a link resolves: `open` and `image` put the URL between
 * `before` and `after`; a dead link's `open` and the `close` it claims (the first unclaimed one
 * with the same `pair`, as markdown-it would pair them) disappear, keeping the words between.
 */
interface LinkTag {
  role: "open" | "close" | "image";
  /** Index in `ParsedBody.links`; absent on `close`. */
  link?: number;
  before: string;
  after?: string;
  /** Inline block and nesting level, on `open` and `close`. */
  pair?: string;
}

/** A piece of a body's HTML: markup as it is, a range of the plain text (words that need no escaping), or a link tag. */
type HtmlPiece = string | [start: number, end: number] | LinkTag;

/**
 * A body's texts before its links are resolved. The HTML takes its words from `plainText`
 * rather than repeating them, which halves what the parse cache holds for a rendered site.
 */
interface BodyText {
  /** Plain text of the whole body, for word counts. */
  plainText: string;
  /** Where the first paragraph is in `plainText`. */
  firstParagraph: [start: number, end: number];
  html: HtmlPiece[];
}

/**
 * A body parsed without knowing where its links lead: everything here depends only on the
 * Markdown text, so it is plain data that can be cached. `resolveArticleBody` finishes it.
 */
export interface ParsedBody {
  links: BodyLink[];
  /**
   * What every listing and article header needs of the body, kept apart from `text` so that a
   * build reading the parse cache can leave each `text` unread until its page is rendered.
   * Absent when parsed without HTML.
   */
  summary?: BodySummary;
  /** Absent when parsed without HTML. */
  text?: BodyText;
}

interface BodySummary {
  /** The first paragraph as plain text. */
  firstParagraph: string;
  words: number;
}

interface ParseEnv {
  /** Line where the body starts in its file, so reported lines are file lines. */
  lineOffset: number;
  links: BodyLink[];
  /** The link each link or image token stands for. */
  linkOf: Map<Token, number>;
}

/** The Markdown parsers, made on first use (see `markdown`). */
interface Parsers {
  article: Markdown;
  /**
   * For bodies parsed only for their links (`npm run check`): without heading anchors (links a
   * page makes to itself) and typography, which change no link and cost much of the parse.
   */
  links: Markdown;
  comment: Markdown;
}

// Loaded on first use, through require: a check answered from the parse cache parses no Markdown
// and so never pays for loading markdown-it.
const load = createRequire(import.meta.url);
let parsers: Parsers | undefined;

function markdown(): Parsers {
  if (!parsers) {
    const MarkdownIt = load("markdown-it") as typeof MarkdownItConstructor;
    parsers = {
      article: articleParser(MarkdownIt, { html: true }),
      links: articleParser(MarkdownIt, { html: false }),
      comment: commentParser(MarkdownIt),
    };
  }
  return parsers;
}

function articleParser(MarkdownIt: typeof MarkdownItConstructor, options: { html: boolean }): Markdown {
  const anchor = load("markdown-it-anchor") as typeof anchorPlugin;
  const footnote = load("markdown-it-footnote") as typeof footnotePlugin;
  // No linkify: scanning every word for things that look like addresses is a large part of the
  // parse of a large archive. Writers link with [text](url) or <https://...>, as Markdown does.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: options.html });
  if (options.html)
    md.use(anchor, { slugify, tabIndex: false, permalink: anchor.permalink.headerLink({ safariReaderFix: true }) });
  md.use(footnote);
  if (options.html) md.core.ruler.push("broadsheet_figures", figures);
  // Last, so it sees the links the plugins add (heading anchors, footnotes) as well.
  md.core.ruler.push("broadsheet_links", (state) => {
    const env = state.env as unknown as ParseEnv;
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children) continue;
      const line = (block.map?.[0] ?? 0) + env.lineOffset;
      for (const token of block.children) recordLink(token, line, env);
    }
  });
  return md;
}

/**
 * A paragraph holding nothing but an image with a title (`![Alt](mill.jpg "Caption")`) becomes a
 * figure, the title its caption: the alt text describes the picture, the caption says what it shows.
 */
function figures(state: StateCore): void {
  const { tokens } = state;
  for (let index = 1; index < tokens.length - 1; index++) {
    const [open, inline, close] = [tokens[index - 1]!, tokens[index]!, tokens[index + 1]!];
    if (inline.type !== "inline" || open.type !== "paragraph_open" || close.type !== "paragraph_close") continue;
    const [image, ...rest] = inline.children ?? [];
    const title = image?.type === "image" && !rest.length ? image.attrGet("title") : null;
    if (!title || open.hidden) continue;
    open.tag = close.tag = "figure";
    const token = (type: string, content: string) => Object.assign(new state.Token(type, "", 0), { content });
    inline.children!.push(
      token("html_inline", "<figcaption>"),
      token("text", String(title)),
      token("html_inline", "</figcaption>"),
    );
  }
}

/**
 * Reader comments: paragraphs, emphasis, code, links, lists and quotes; raw HTML is not
 * interpreted, so `<b>` reaches the page as the characters `<b>`.
 */
function commentParser(MarkdownIt: typeof MarkdownItConstructor): Markdown {
  const md = new MarkdownIt("zero", { html: false, breaks: true, linkify: false }).enable([
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
  md.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    tokens[index]!.attrSet("rel", "nofollow ugc noopener");
    return self.renderToken(tokens, index, options);
  };
  return md;
}

function recordLink(token: Token, line: number, env: ParseEnv): void {
  const attribute = token.type === "link_open" ? "href" : token.type === "image" ? "src" : undefined;
  if (!attribute) return;
  const written = token.attrGet(attribute);
  if (written === null) return;
  const target = safeDecode(String(written));
  const link: BodyLink = { target, line, kind: token.type === "image" ? "image" : "link" };
  if (target !== String(written)) link.written = String(written);
  env.linkOf.set(token, env.links.length);
  env.links.push(link);
}

function safeDecode(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

const escapeHtml = (text: string) => markdown().article.utils.escapeHtml(text);

/**
 * Parses an article body whose text starts at file line `lineOffset`. With `html: false` only the
 * links the writer wrote are kept, not the heading anchors (`npm run check` needs no more, and
 * the parse cache stays small).
 */
export function parseArticleBody(source: string, lineOffset: number, options: { html?: boolean } = {}): ParsedBody {
  const env: ParseEnv = { lineOffset, links: [], linkOf: new Map() };
  if (options.html === false) {
    markdown().links.parse(source, env as never);
    return { links: env.links };
  }
  const tokens = markdown().article.parse(source, env as never);
  const text = bodyText(tokens, env);
  // A one-paragraph body's text is a slice of its file, and would keep the file in memory; the
  // first paragraph, a slice of the whole text, would keep that once the text itself is let go
  // (the parse cache leaves it in its file).
  text.plainText = detached(text.plainText);
  return {
    links: env.links,
    summary: {
      firstParagraph: detached(text.plainText.slice(...text.firstParagraph)),
      words: countWords(text.plainText),
    },
    text,
  };
}

/**
 * Finishes a parsed body: each link goes through `resolve` once, in the order written, and the
 * HTML gets the resolved targets. A body parsed without HTML gives empty texts.
 */
export function resolveArticleBody(parsed: ParsedBody, resolve?: ResolveTarget, sourceKey = ""): RenderedBody {
  const urls = parsed.links.map((link) => resolve?.(link.target, link.line, link.kind));
  const key = urls.length ? `${sourceKey} ${JSON.stringify(urls)}` : sourceKey;
  const { summary } = parsed;
  if (!summary) return { html: "", key, firstParagraph: "", words: 0, plainText: "" };
  // `parsed.text` only when used: from the parse cache, each read parses it (see parse-cache/lazy.ts).
  // Nor is the HTML kept: a build asks for it once or twice (the page, a feed), and kept, every
  // body would be in memory by the end of a clean build.
  return new ParsedArticleBody(parsed, urls, key, summary);
}

/**
 * A body's `html` and `plainText` are made on each read (see above). A class rather than an
 * object literal with getters: V8 keeps such an object in dictionary mode, since each one's
 * getters are functions of their own.
 */
class ParsedArticleBody implements RenderedBody {
  readonly #parsed: ParsedBody;
  readonly #urls: ReturnType<ResolveTarget>[];
  readonly key: string;
  readonly firstParagraph: string;
  readonly words: number;

  constructor(parsed: ParsedBody, urls: ReturnType<ResolveTarget>[], key: string, summary: BodySummary) {
    this.#parsed = parsed;
    this.#urls = urls;
    this.key = key;
    this.firstParagraph = summary.firstParagraph;
    this.words = summary.words;
  }

  get html(): string {
    return bodyHtml(this.#parsed.text!, this.#parsed.links, this.#urls);
  }

  get plainText(): string {
    return this.#parsed.text!.plainText;
  }
}

/**
 * Renders as markdown-it's renderer does, keeping each link and image tag apart and taking the
 * words from the plain text. The plain text is each inline block's text (text, inline code, a
 * space for each line break), blocks joined by a space.
 */
function bodyText(tokens: Token[], env: ParseEnv): BodyText {
  const { renderer, options } = markdown().article;
  const renderOne = (list: Token[], index: number) => {
    const rule = renderer.rules[list[index]!.type];
    return rule ? rule(list, index, options, env as never, renderer) : renderer.renderToken(list, index, options);
  };
  const html: HtmlPiece[] = [];
  const addMarkup = (markup: string) => {
    const last = html.length - 1;
    if (typeof html[last] === "string") html[last] += markup;
    else if (markup) html.push(markup);
  };
  const addWords = (start: number, end: number) => {
    const last = html[html.length - 1];
    if (Array.isArray(last) && last[1] === start) last[1] = end;
    else html.push([start, end]);
  };
  let plainText = "";
  let firstParagraph: [number, number] | undefined;
  let inlineBlocks = 0;
  tokens.forEach((block, blockIndex) => {
    if (block.type !== "inline") {
      addMarkup(renderOne(tokens, blockIndex));
      return;
    }
    if (inlineBlocks++ > 0) plainText += " ";
    const blockStart = plainText.length;
    const children = block.children ?? [];
    children.forEach((token, index) => {
      const link = env.linkOf.get(token);
      if (link !== undefined || token.type === "link_close") {
        html.push(linkTag(token, link, `${blockIndex}:${token.level}`, () => renderOne(children, index)));
      } else if (token.type === "text") {
        const rendered = renderOne(children, index);
        const start = plainText.length;
        plainText += token.content;
        // Words that need no escaping are taken from the plain text; the rest is kept as rendered.
        if (rendered === token.content) addWords(start, plainText.length);
        else addMarkup(rendered);
      } else {
        addMarkup(renderOne(children, index));
        if (token.type === "code_inline") plainText += token.content;
        else if (token.type === "softbreak" || token.type === "hardbreak") plainText += " ";
      }
    });
    const opener = tokens[blockIndex - 1];
    if (!firstParagraph && opener?.type === "paragraph_open" && opener.tag === "p" && opener.level === 0) {
      const words = plainText.slice(blockStart);
      const trimmed = words.trim();
      const start = blockStart + words.length - words.trimStart().length;
      if (trimmed) firstParagraph = [start, start + trimmed.length];
    }
  });
  return { plainText, firstParagraph: firstParagraph ?? [0, 0], html };
}

/** The tag of a link or image as markdown-it renders it, split where its URL goes. */
function linkTag(token: Token, link: number | undefined, pair: string, render: () => string): LinkTag {
  if (link === undefined) return { role: "close", before: render(), pair };
  const attribute = token.type === "image" ? "src" : "href";
  token.attrSet(attribute, URL_HOLE);
  const parts = render().split(URL_HOLE);
  if (parts.length !== 2) throw new Error(`markdown: expected one ${attribute} in a rendered ${token.type}`);
  const [before, after] = parts as [string, string];
  return token.type === "image" ? { role: "image", link, before, after } : { role: "open", link, before, after, pair };
}

/** markdown-it turns NUL in the source into U+FFFD, so no rendered text contains one. */
const URL_HOLE = "\0";

function bodyHtml(text: BodyText, links: BodyLink[], urls: (string | null | undefined)[]): string {
  const removed = deadLinkTags(text.html, urls);
  let html = "";
  text.html.forEach((piece, index) => {
    if (typeof piece === "string") html += piece;
    else if (Array.isArray(piece)) html += text.plainText.slice(piece[0], piece[1]);
    else if (!removed.has(index) && piece.role === "close") html += piece.before;
    else if (!removed.has(index)) {
      const url = urls[piece.link!];
      const link = links[piece.link!]!;
      html += piece.before + escapeHtml(typeof url === "string" ? url : (link.written ?? link.target)) + piece.after;
    }
  });
  return html;
}

/** The tags a dead link loses: its own, and the first unclaimed close after it with the same pair. */
function deadLinkTags(pieces: HtmlPiece[], urls: (string | null | undefined)[]): Set<number> {
  const removed = new Set<number>();
  const isTag = (piece: HtmlPiece | undefined): piece is LinkTag => typeof piece === "object" && !Array.isArray(piece);
  pieces.forEach((piece, index) => {
    if (!isTag(piece) || piece.role !== "open" || urls[piece.link!] !== null) return;
    removed.add(index);
    const close = pieces.findIndex(
      (other, at) =>
        at > index && isTag(other) && other.role === "close" && other.pair === piece.pair && !removed.has(at),
    );
    if (close >= 0) removed.add(close);
  });
  return removed;
}

/** Renders a reader comment with the safe subset (see `markdown`). */
export function renderCommentBody(source: string): string {
  return markdown().comment.render(source);
}
