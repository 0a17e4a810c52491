/** The corrections log: every correction on the site, newest first, paginated like the listings. */
import { paginate } from "../lib/paginate.js";
import { absoluteUrl, outputFileFor } from "../lib/urls.js";
import type { Article, CorrectionEntry, CorrectionsPage } from "./model.js";
import type { ModelContext } from "./views.js";

/** Where the log lives, under the base path. */
const ROOT = "corrections/";

export function buildCorrections(
  newestFirst: Article[],
  perPage: number,
  context: Pick<ModelContext, "pathUrl" | "location">,
): { entries: CorrectionEntry[]; pages: CorrectionsPage[] } {
  const entries = newestFirst
    .flatMap((article) =>
      article.corrections.map((correction, index) => ({
        date: correction.date,
        text: correction.text,
        article: { title: article.title, url: article.url, absoluteUrl: article.absoluteUrl },
        // The correction's place on the article's page (templates/layouts/article.njk).
        anchor: `${article.url}#correction-${index + 1}`,
      })),
    )
    .sort((a, b) => Date.parse(b.date.iso) - Date.parse(a.date.iso));
  const pages = paginate(entries, perPage, ROOT).map((slice) => {
    const url = context.pathUrl(slice.path);
    return {
      outputFile: outputFileFor(slice.path),
      url,
      absoluteUrl: absoluteUrl(context.location, url),
      items: slice.items,
      pageNumber: slice.pageNumber,
      pageCount: slice.pageCount,
      previousUrl: slice.previousPath === undefined ? undefined : context.pathUrl(slice.previousPath),
      nextUrl: slice.nextPath === undefined ? undefined : context.pathUrl(slice.nextPath),
    };
  });
  return { entries, pages };
}
