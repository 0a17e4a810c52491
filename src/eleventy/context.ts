/**
 * What the build hands each Eleventy run. Broadsheet's plugins read the site and the plan from
 * here, as plugin options (https://www.11ty.dev/docs/plugins/#creating-a-plugin), and from nowhere
 * else: no environment variables, no module state.
 */
import type { Distribution } from "../content/distribution.js";
import type { Article, ListingPage, Page, SiteModel } from "../content/index.js";
import type { SearchPlan } from "../search/shards.js";

/** The paginated pages one Eleventy run renders. */
export interface RenderSlice {
  articles: Article[];
  listings: ListingPage[];
  pages: Page[];
}

/** One pass of a build: a large build renders its pages in several Eleventy runs. */
interface Pass {
  index: number;
  count: number;
  slice: RenderSlice;
}

export interface BuildContext {
  model: SiteModel;
  /** Absolute path of the content folder (images are read from it). */
  contentDir: string;
  /** Feeds, sitemaps and redirects, computed once for all passes. */
  distribution: Distribution;
  /** The search shards, newest first. */
  search: SearchPlan;
  /** How many of the newest pages the search page searches first (templates/assets/search.js). */
  searchFirstBand: number;
  /** Templates under `templates/pages/` (a folder for all its templates) whose output is up to date. */
  unchangedSingles: readonly string[];
  /** Fingerprinted assets (src/eleventy/assets.ts): template-facing path by source name. */
  assetPaths: Readonly<Record<string, string>>;
  pass: Pass;
}

/** Whether this run is the last (or only) pass: it writes the single files (feeds, sitemaps, search page). */
export function isLastPass(context: Pick<BuildContext, "pass">): boolean {
  return context.pass.index === context.pass.count - 1;
}
