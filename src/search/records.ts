/**
 * What the reader search index holds of each article and page, made from the site model: the
 * body's words (and a live article's updates) as the record's content, and the result card's fields (title, date, author,
 * section, image) as metadata, which Pagefind also searches and ranks (a word in the title
 * counts five times a word in the body: its `ranking.metaWeights`). Nothing here reads a
 * rendered page. https://pagefind.app/docs/node-api/#indexaddcustomrecord
 */
import type { Article, Page, SiteModel } from "../content/index.js";
import { translator } from "../i18n/index.js";

/** One page of the index, as Pagefind's `addCustomRecord` takes it. */
export interface SearchRecord {
  /** The page's URL inside the site, without the base path: Pagefind prefixes the base it is loaded from. */
  url: string;
  content: string;
  /** The index's language (`en`, `ru`): Pagefind stems words by it. */
  language: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sort: Record<string, string>;
}

/** The URL of an article's image as a search result shows it, from its path in the content folder. */
export type ResultImage = (sourcePath: string) => string | undefined;

/** Pagefind's language code for the site language (`en-GB` -> `en`). */
export function indexLanguage(siteLanguage: string): string {
  return siteLanguage.split("-")[0]!.toLowerCase();
}

/** The URL inside the site (without the base path) of an output file. */
export function urlOfFile(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
}

/** Names as a byline writes them: "A", "A and B", "A, B and C". */
function byline(names: string[], and: string): string {
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} ${and} ${names.at(-1)}`;
}

export function articleRecord(
  article: Article,
  language: string,
  and: string,
  resultImage: ResultImage = () => undefined,
): SearchRecord {
  const authors = article.authors.map((author) => author.name);
  const meta: Record<string, string> = {
    title: article.title,
    date: article.published.display,
    author: byline(authors, and),
    category: article.category.name,
  };
  if (article.image) {
    meta.image = resultImage(article.image.sourcePath) ?? article.image.url;
    meta.image_alt = article.image.alt;
  }
  return {
    url: urlOfFile(article.outputFile),
    // A live article's updates are part of it, each after its headline.
    content: [article.text, ...article.updates.flatMap((update) => [update.title ?? "", update.text])]
      .filter(Boolean)
      .join(" "),
    language,
    meta,
    filters: {
      category: [article.category.name],
      author: authors,
      tag: article.tags.map((tag) => tag.name),
      year: [article.published.iso.slice(0, 4)],
    },
    sort: { date: String(article.timestamp) },
  };
}

export function pageRecord(page: Page, language: string): SearchRecord {
  return {
    url: urlOfFile(page.outputFile),
    content: page.text,
    language,
    meta: { title: page.title },
    filters: {},
    sort: {},
  };
}

/**
 * The records of each shard of `plan`, in the shard's order (by output file), made when asked
 * for: a shard's records are in memory only while it is being indexed.
 */
export function shardRecords(
  model: Pick<SiteModel, "articles" | "pages" | "site">,
  resultImage?: ResultImage,
): (files: readonly string[]) => SearchRecord[] {
  const language = indexLanguage(model.site.language);
  const and = translator(model.site.language)("article.and");
  const byFile = new Map<string, Article | Page>();
  for (const article of model.articles) byFile.set(article.outputFile, article);
  for (const page of model.pages) byFile.set(page.outputFile, page);
  return (files) =>
    files.map((file) => {
      const item = byFile.get(file);
      if (!item) throw new Error(`search index: ${file} is not in the site model`);
      return "category" in item ? articleRecord(item, language, and, resultImage) : pageRecord(item, language);
    });
}
