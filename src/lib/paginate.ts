/** One page of a paginated listing. */
export interface ListingPageSlice<T> {
  items: T[];
  /** 1-based page number. */
  pageNumber: number;
  pageCount: number;
  /** Page path without leading slash: `category/finance/` for page 1, `category/finance/page/2/` after. */
  path: string;
  previousPath?: string;
  nextPath?: string;
}

/** The page path of page `pageNumber` of a listing rooted at `root` (`""` for the home page). */
function listingPagePath(root: string, pageNumber: number): string {
  return pageNumber === 1 ? root : `${root}page/${pageNumber}/`;
}

/** Splits `items` into pages of `perPage`; an empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], perPage: number, root: string): ListingPageSlice<T>[] {
  const pageCount = Math.max(1, Math.ceil(items.length / perPage));
  const pages: ListingPageSlice<T>[] = [];
  for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
    pages.push({
      items: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
      pageNumber,
      pageCount,
      path: listingPagePath(root, pageNumber),
      previousPath: pageNumber > 1 ? listingPagePath(root, pageNumber - 1) : undefined,
      nextPath: pageNumber < pageCount ? listingPagePath(root, pageNumber + 1) : undefined,
    });
  }
  return pages;
}
