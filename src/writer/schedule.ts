/**
 * Scheduled publishing: an article or live update dated after the build is treated like a draft
 * until a build runs after its date. `npm run next-publish` tells the publishing workflow when that is.
 */
import type { DateTime } from "luxon";
import type { LoadedContent } from "../content/load.js";
import { publicationStatus } from "../content/site-model.js";

/** The earliest date of an article or live update that is scheduled at `now` (not a draft, dated later), if any. */
export function nextPublication(
  { articles, updates }: Pick<LoadedContent, "articles" | "updates">,
  now: DateTime,
): DateTime | undefined {
  const items = [
    ...articles.map((article) => ({ date: article.date, draft: article.frontMatter.draft })),
    ...updates.map((update) => update.frontMatter),
  ];
  let next: DateTime | undefined;
  for (const { date, draft } of items) {
    if (publicationStatus(draft, date, now) !== "scheduled") continue;
    if (!next || date < next) next = date;
  }
  return next;
}
