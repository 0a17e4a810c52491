/**
 * Scheduled publishing: an article dated after the build is treated like a draft until a build
 * runs after its date. `npm run next-publish` tells the publishing workflow when that is.
 */
import type { DateTime } from "luxon";
import { publicationStatus } from "../content/site-model.js";

/** The earliest date of an article that is scheduled at `now` (not a draft, dated later), if any. */
export function nextPublication(
  articles: readonly { date: DateTime; frontMatter: { draft?: boolean } }[],
  now: DateTime,
): DateTime | undefined {
  let next: DateTime | undefined;
  for (const article of articles) {
    if (publicationStatus(article.frontMatter.draft, article.date, now) !== "scheduled") continue;
    if (!next || article.date < next) next = article.date;
  }
  return next;
}
