/**
 * Preparing a build: the model, the search shards, what to render (everything, or what changed
 * since the last build; see incremental.ts), split into passes.
 *
 * Eleventy keeps every page it rendered in memory until its run ends (about 80 KB per page at
 * 10,000 articles), so one run over 100,000 articles would need more memory than a laptop has.
 * A large build therefore runs Eleventy once per slice of at most `passPages` pages, writing
 * into the same folder; memory holds one slice at a time. Everything that is written once
 * (feeds, sitemaps, the search page, headers, the service worker) belongs to the last pass.
 */

import path from "node:path";
import type { DateTime } from "luxon";
import { buildDistribution, type Distribution } from "../content/distribution.js";
import type { Article, ListingPage, Page, SiteModel } from "../content/index.js";
import type { RenderSlice } from "../eleventy/context.js";
import { planSearchShards, type SearchPlan } from "../search/shards.js";
import { type BuildManifest, globalSignature, planRender, type RenderPlan } from "./incremental.js";
import { type BuildTuning, PASS_PAGES } from "./options.js";

/** What shapes a build besides its content. */
export interface BuildSettings {
  contentDir: string;
  preview: boolean;
  now: DateTime;
  tuning: BuildTuning;
}

export interface PreparedBuild {
  model: SiteModel;
  settings: BuildSettings;
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
 * Standalone pages come first, then the articles (newest first), then the listings.
 */
export function splitPasses(render: RenderSlice, size = PASS_PAGES): RenderSlice[] {
  type Item =
    | { kind: "pages"; item: Page }
    | { kind: "articles"; item: Article }
    | { kind: "listings"; item: ListingPage };
  const all: Item[] = [
    ...render.pages.map((item) => ({ kind: "pages" as const, item })),
    ...render.articles.map((item) => ({ kind: "articles" as const, item })),
    ...render.listings.map((item) => ({ kind: "listings" as const, item })),
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
export function prepareBuild(
  model: SiteModel,
  settings: BuildSettings,
  output: string,
  previous?: BuildManifest,
): PreparedBuild {
  const { searchShardPages, searchFirstBand, passPages } = settings.tuning;
  const search = planSearchShards(model, searchShardPages);
  const global = globalSignature(model, {
    preview: settings.preview,
    // From the working folder, as the build's state is kept (see `folderKey`): the same in a fresh clone.
    contentDir: path.relative(process.cwd(), settings.contentDir),
    searchFirstBand,
    searchShardPages,
  });
  const distribution = buildDistribution(model, settings.now);
  const render = planRender(model, search, global, distribution, previous);
  return { model, settings, search, distribution, render, output, passes: splitPasses(render, passPages) };
}
