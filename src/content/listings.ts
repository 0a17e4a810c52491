/** The paginated listings (home, categories, tags, authors, years, months) and the archive: articles grouped once, newest first, then each group paginated. */
import { readableMonth } from "../lib/dates.js";
import { paginate } from "../lib/paginate.js";
import { absoluteUrl, outputFileFor } from "../lib/urls.js";
import type { ArchiveYear, Article, AuthorView, ListingKind, ListingPage } from "./model.js";
import type { SiteSettings } from "./schema.js";
import type { ModelContext, Taxonomies } from "./views.js";

/** Every listing page of `newestFirst` (the visible articles), and the archive's years and months. */
export function buildListings(
  newestFirst: Article[],
  taxonomies: Taxonomies,
  settings: Pick<SiteSettings, "title" | "description" | "perPage">,
  context: ModelContext,
): { listings: ListingPage[]; archive: ArchiveYear[] } {
  const { pathUrl } = context;
  const listings: ListingPage[] = [];
  const addListing = (
    kind: ListingKind,
    title: string,
    root: string,
    items: Article[],
    description?: string,
    author?: AuthorView,
  ) => {
    for (const slice of paginate(items, settings.perPage, root)) {
      const url = pathUrl(slice.path);
      listings.push({
        kind,
        title,
        description,
        outputFile: outputFileFor(slice.path),
        url,
        absoluteUrl: absoluteUrl(context.location, url),
        items: slice.items,
        author,
        pageNumber: slice.pageNumber,
        pageCount: slice.pageCount,
        previousUrl: slice.previousPath === undefined ? undefined : pathUrl(slice.previousPath),
        nextUrl: slice.nextPath === undefined ? undefined : pathUrl(slice.nextPath),
      });
    }
  };
  const groups = groupArticles(newestFirst);

  addListing("home", settings.title, "", newestFirst, settings.description);
  for (const category of taxonomies.categories.values()) {
    const items = groups.byCategory.get(category.key) ?? [];
    addListing("category", category.name, `category/${category.key}/`, items, category.description);
  }
  for (const [slug, items] of groups.byTag) addListing("tag", taxonomies.tags.get(slug)!.name, `tag/${slug}/`, items);
  for (const author of taxonomies.authors.values())
    addListing(
      "author",
      author.name,
      `author/${author.key}/`,
      groups.byAuthor.get(author.key) ?? [],
      author.bio,
      author,
    );

  const archive: ArchiveYear[] = [];
  for (const [yearMonth, items] of groups.byMonth) {
    const [year, month] = yearMonth.split("-").map(Number) as [number, number];
    let yearEntry = archive.at(-1);
    if (!yearEntry || yearEntry.year !== year) {
      yearEntry = { year, url: pathUrl(`archive/${year}/`), count: 0, months: [] };
      archive.push(yearEntry);
    }
    const monthPath = `archive/${year}/${String(month).padStart(2, "0")}/`;
    const name = readableMonth(year, month, context.zone, context.locale);
    yearEntry.months.push({ month, name, url: pathUrl(monthPath), count: items.length });
    yearEntry.count += items.length;
    addListing("month", name, monthPath, items);
  }
  for (const yearEntry of archive) {
    const items = yearEntry.months.flatMap(
      (month) => groups.byMonth.get(`${yearEntry.year}-${String(month.month).padStart(2, "0")}`) ?? [],
    );
    addListing("year", String(yearEntry.year), `archive/${yearEntry.year}/`, items);
  }
  return { listings, archive };
}

/** The articles by category key, tag slug, author key and month (`yyyy-MM`), each newest first. */
function groupArticles(newestFirst: Article[]) {
  const byCategory = new Map<string, Article[]>();
  const byTag = new Map<string, Article[]>();
  const byAuthor = new Map<string, Article[]>();
  const byMonth = new Map<string, Article[]>();
  const push = <K>(map: Map<K, Article[]>, key: K, article: Article) => {
    const list = map.get(key);
    if (list) list.push(article);
    else map.set(key, [article]);
  };
  for (const article of newestFirst) {
    push(byCategory, article.category.key, article);
    for (const tag of article.tags) push(byTag, tag.slug, article);
    for (const author of article.authors) push(byAuthor, author.key, article);
    push(byMonth, article.published.iso.slice(0, 7), article);
  }
  return { byCategory, byTag, byAuthor, byMonth };
}
