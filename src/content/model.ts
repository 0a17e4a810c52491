/** The site as templates see it: everything computed once per build, in linear time. */
import type { SiteLocation } from "../lib/urls.js";

export interface DateView {
  /** ISO 8601 wall clock and offset in the site zone. */
  iso: string;
  /** Reader-facing, in the site language. */
  display: string;
}

interface Link {
  title: string;
  url: string;
}

export interface AuthorView {
  key: string;
  name: string;
  bio?: string;
  /** Job title. */
  role?: string;
  /** The author's photo: site-relative URL and path in the content folder. */
  photo?: { url: string; sourcePath: string };
  /** The person's public profiles elsewhere. */
  links: string[];
  url: string;
}

export interface CategoryView {
  key: string;
  name: string;
  description?: string;
  url: string;
}

export interface TagView {
  name: string;
  slug: string;
  url: string;
}

export interface CommentView {
  id: string;
  author: string;
  date: DateView;
  html: string;
  replies: CommentView[];
}

export type PublicationStatus = "published" | "draft" | "scheduled";

/** A page's counterpart in an edition (itself included), for hreflang links and the language switch. */
export interface Alternate {
  language: string;
  title: string;
  url: string;
  absoluteUrl: string;
  /** Whether it is the group's original (the others name it with `translationOf`). */
  original: boolean;
}

/** One edition of the site, for the language switch: its language, title and home page. */
export interface EditionLink {
  language: string;
  title: string;
  url: string;
  absoluteUrl: string;
}

/** One update of a live article. */
export interface LiveUpdateView {
  /** Its anchor on the article's page: `update-<file name>`. */
  anchor: string;
  /** The article's URL with the anchor. */
  url: string;
  absoluteUrl: string;
  date: DateView;
  timestamp: number;
  title?: string;
  author: AuthorView;
  /** Whether the author is not one of the article's (the page names them then). */
  guest: boolean;
  status: PublicationStatus;
  /** As `Article.html` and `Article.text`. */
  readonly html: string;
  readonly text: string;
  bodyKey: string;
}

export interface Article {
  /** Path of the source file relative to the content folder. */
  sourcePath: string;
  slug: string;
  title: string;
  /** Output file relative to the output folder (`2026/11/slug/index.html`). */
  outputFile: string;
  /** Site-relative URL with the base path (`/news/2026/11/slug/`). */
  url: string;
  absoluteUrl: string;
  timestamp: number;
  published: DateView;
  /** The latest of the front matter's `updated`, the corrections' and the live updates' dates. */
  updated?: DateView;
  /** Corrections, oldest first. */
  corrections: { date: DateView; text: string }[];
  authors: AuthorView[];
  category: CategoryView;
  tags: TagView[];
  description: string;
  image?: { url: string; alt: string; sourcePath: string; caption?: string; credit?: string };
  /** Present on live coverage: whether it is still going on at the build, and when it ended. */
  live?: { ongoing: boolean; start: DateView; end?: DateView };
  /** A live article's updates, newest first (with drafts and scheduled ones only in a preview); empty on others. */
  updates: LiveUpdateView[];
  /** The body as HTML, made on first use; not enumerable, so copies and signatures of the article leave it out (see `bodyKey`). */
  readonly html: string;
  /** The body as plain text (each block's words, blocks joined by a space), as `html` made on each use. */
  readonly text: string;
  /** Changes whenever `html` would. */
  bodyKey: string;
  readingMinutes: number;
  status: PublicationStatus;
  aliases: string[];
  previous?: Link;
  next?: Link;
  /** Up to three published articles on the same subjects. */
  related: Article[];
  comments: CommentView[];
  commentCount: number;
  /** With editions, the members of its translation group, itself included, the site language's first. */
  translations?: Alternate[];
}

export interface Page {
  sourcePath: string;
  slug: string;
  title: string;
  description: string;
  outputFile: string;
  url: string;
  absoluteUrl: string;
  /** As `Article.html` and `Article.text`. */
  readonly html: string;
  readonly text: string;
  bodyKey: string;
  status: PublicationStatus;
  /** When the page last changed in substance, as its front matter's `updated` says. */
  updated?: DateView;
  /** When the last commit that touched the page's file was made; absent outside a git checkout. */
  committed?: DateView;
  /** As `Article.translations`. */
  translations?: Alternate[];
}

export type ListingKind = "home" | "category" | "tag" | "author" | "year" | "month";

export interface ListingPage {
  kind: ListingKind;
  /** Heading of the listing, e.g. the category name. */
  title: string;
  description?: string;
  outputFile: string;
  url: string;
  absoluteUrl: string;
  items: Article[];
  /** The author of an author listing. */
  author?: AuthorView;
  pageNumber: number;
  pageCount: number;
  previousUrl?: string;
  nextUrl?: string;
  /** With editions, the same listing in every edition that has it, itself included. */
  translations?: Alternate[];
}

export interface ArchiveYear {
  year: number;
  url: string;
  count: number;
  months: { month: number; name: string; url: string; count: number }[];
}

interface SiteInfo {
  title: string;
  description: string;
  language: string;
  timezone: string;
  perPage: number;
  location: SiteLocation;
  commentsEndpoint?: string;
  /** Whether this is a local preview that shows drafts and scheduled articles. */
  preview: boolean;
  /** ISO moment of the build. */
  builtAt: string;
  /** With editions, every edition, the site language's first. */
  editions?: EditionLink[];
}

/** One correction in the site's corrections log. */
export interface CorrectionEntry {
  date: DateView;
  text: string;
  article: { title: string; url: string; absoluteUrl: string };
  /** The correction's place on the article's page. */
  anchor: string;
}

/** One page of the corrections log. */
export interface CorrectionsPage {
  outputFile: string;
  url: string;
  absoluteUrl: string;
  items: CorrectionEntry[];
  pageNumber: number;
  pageCount: number;
  previousUrl?: string;
  nextUrl?: string;
}

export interface SiteModel {
  site: SiteInfo;
  /** Visible articles, newest first. */
  articles: Article[];
  pages: Page[];
  listings: ListingPage[];
  categories: CategoryView[];
  authors: AuthorView[];
  tags: TagView[];
  archive: ArchiveYear[];
  /** Every correction on the site, newest first, and the pages of its log. */
  corrections: { entries: CorrectionEntry[]; pages: CorrectionsPage[] };
  /** Absolute path of the content folder. */
  contentDir: string;
}
