/**
 * Preparing a build: the model, the search shards, what to render (everything, or what changed
 * since the last build; see incremental.ts), split into passes.
 *
 * Eleventy keeps every page it rendered in memory until its run ends (about 80 KB per page at
 * 10,000 articles), so one run over 100,000 articles would need more memory than a laptop has.
 * A large build therefore runs Eleventy once per slice of at most `PASS_PAGES` pages, writing
 * into the same folder; memory holds one slice at a time. The search indexers live across the
 * passes, and everything that is written once (feeds, sitemaps, the search page, headers, the
 * service worker) belongs to the last pass.
 */
import { buildDistribution, type Distribution } from "../content/distribution.js";
import type { Article, ListingPage, Page, SiteModel } from "../content/index.js";
import { planSearchShards, type SearchPlan } from "../search/shards.js";
import { buildManifest, globalSignature, planRender, type BuildManifest, type RenderPlan } from "./incremental.js";
import type { BuildOptions } from "./options.js";

/** Pages per Eleventy run: small enough to bound memory, large enough that start-up costs little. */
export const PASS_PAGES = 5000;

export interface RenderSlice {
  articles: Article[];
  listings: ListingPage[];
  pages: Page[];
}

export interface PreparedBuild {
  model: SiteModel;
  search: SearchPlan;
  /** Feeds, sitemaps and redirects, computed once for all passes. */
  distribution: Distribution;
  render: RenderPlan;
  /** The output folder the site ends up in (a full build writes beside it, then swaps). */
  output: string;
  passes: RenderSlice[];
}

/**
 * Splits what is rendered into consecutive slices of at most `size` pages; always at least one.
 * Standalone pages and articles come first, listings last: only the former go into the search
 * index, so Pagefind starts on the first pass and catches up while the listings render, instead
 * of waiting for a pass of listings (at 10,000 articles the build waits for Pagefind about half
 * of its time). The pages join the newest shard, and the articles come newest first, so shards
 * complete from the first pass on.
 */
export function splitPasses(render: RenderSlice, size = PASS_PAGES): RenderSlice[] {
  const all = [
    ...render.pages.map((page) => ({ kind: "pages" as const, item: page })),
    ...render.articles.map((article) => ({ kind: "articles" as const, item: article })),
    ...render.listings.map((listing) => ({ kind: "listings" as const, item: listing })),
  ];
  const passes: RenderSlice[] = [];
  for (let start = 0; start < all.length || passes.length === 0; start += size) {
    const slice: RenderSlice = { articles: [], listings: [], pages: [] };
    for (const { kind, item } of all.slice(start, start + size)) (slice[kind] as unknown[]).push(item);
    passes.push(slice);
  }
  return passes;
}

/**
 * @param previous the record of the last build of `output` (`readManifest`), for an incremental
 *   build; without it everything is rendered
 */
export function prepareBuild(model: SiteModel, options: BuildOptions, output: string, previous?: BuildManifest, passPages = PASS_PAGES): PreparedBuild {
  const search = planSearchShards(model, options.searchShardPages);
  const global = globalSignature(model, {
    preview: options.preview,
    contentDir: options.contentDir,
    searchFirstBand: options.searchFirstBand,
    searchShardPages: options.searchShardPages,
  });
  const distribution = buildDistribution(model, options.now);
  const manifest = buildManifest(model, search, global, distribution);
  const render = planRender(model, manifest, previous);
  return { model, search, distribution, render, output, passes: splitPasses(render, passPages) };
}
