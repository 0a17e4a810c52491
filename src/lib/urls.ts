/** Where a site lives: its absolute URL and the path every site-relative URL starts with. */
export interface SiteLocation {
  /** Absolute URL ending in `/`, e.g. `https://example.org/news/`. */
  origin: string;
  /** The URL's path, starting and ending with `/`, e.g. `/news/`. */
  basePath: string;
}

/** Splits a site URL into its normalised absolute form and base path. */
export function siteLocation(url: string): SiteLocation {
  const parsed = new URL(url);
  const basePath = parsed.pathname.endsWith("/") ? parsed.pathname : `${parsed.pathname}/`;
  return { origin: `${parsed.origin}${basePath}`, basePath };
}

/**
 * The output file for a page path: `2026/11/slug/` becomes `2026/11/slug/index.html`;
 * a path naming a file (`404.html`, `feed.xml`) stays as it is.
 */
export function outputFileFor(pagePath: string): string {
  const clean = pagePath.replace(/^\/+/, "");
  if (clean === "" || clean.endsWith("/")) return `${clean}index.html`;
  return clean;
}

/** The site-relative public URL (with base path) for a page path inside the output folder. */
export function publicUrl(location: SiteLocation, pagePath: string): string {
  return `${location.basePath}${pagePath.replace(/^\/+/, "")}`;
}

/** A content path (`images/50% off.jpg`) as a URL path, each segment percent-encoded. */
export function encodePath(contentPath: string): string {
  return contentPath.split("/").map(encodeURIComponent).join("/");
}

/** The absolute URL for a site-relative public URL. */
export function absoluteUrl(location: SiteLocation, url: string): string {
  return new URL(url, location.origin).href;
}

/**
 * Expands an article permalink pattern (`/{year}/{month}/{slug}/`) into a page path without a
 * leading slash. Unknown placeholders are left for the schema to reject.
 */
export function expandPermalink(pattern: string, values: Record<string, string>): string {
  const expanded = pattern.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  const withSlash = expanded.endsWith("/") || /\.[a-z0-9]+$/i.test(expanded) ? expanded : `${expanded}/`;
  return withSlash.replace(/^\/+/, "").replace(/\/{2,}/g, "/");
}

/** The output file of the redirect page for an old URL path (`/old/story/` → `old/story/index.html`). */
export function aliasOutputFile(alias: string): string {
  const pagePath = alias.replace(/^\/+/, "");
  return outputFileFor(pagePath.endsWith("/") || /\.html?$/.test(pagePath) ? pagePath : `${pagePath}/`);
}

/** Output files the site itself writes, which no article, page or alias may take. */
export const RESERVED_OUTPUT_FILES: Record<string, string> = {
  "index.html": "the home page",
  "404.html": "the 404 page",
  "search/index.html": "the search page",
  "archive/index.html": "the archive",
  "offline/index.html": "the offline page",
};

export const PERMALINK_PLACEHOLDERS = ["year", "month", "day", "slug", "category"] as const;
