/** What a build is asked to do, as the command-line scripts and the preview server ask it. */
import type { DateTime } from "luxon";
import { MIN_SHARD_PAGES } from "../search/shards.js";

export interface BuildSiteOptions {
  /** Content folder. */
  input: string;
  /** Output folder, replaced only when the build succeeds. */
  output: string;
  /** The moment of the build. @default now */
  now?: DateTime;
  /** Render only what changed since the last build of `output`, in place. @default false */
  incremental?: boolean;
  /** Local preview: drafts and scheduled articles shown, marked. @default false */
  preview?: boolean;
  /** Keep the parse cache in memory for the next build in this process (`npm start`). @default false */
  residentCache?: boolean;
  /**
   * Publish the browser editor at `admin/` on the local backend at `apiUrl` (`npm run edit`),
   * whatever `site.yaml` says. @default the editor of `editor.repo` in site.yaml, if any
   */
  editor?: { apiUrl: string };
  /** Sizes of passes and search shards; tests set them small to exercise large-site paths. */
  tuning?: Partial<BuildTuning>;
}

export interface BuildTuning {
  /** Pages per Eleventy run (src/pipeline/passes.ts). @default PASS_PAGES */
  passPages: number;
  /** Pages per search shard, at least (src/search/shards.ts). @default shardMinimum(pages) */
  searchShardPages?: number;
  /**
   * How many of the newest pages the search page searches first, before reaching back into
   * earlier months (templates/assets/search.js). @default MIN_SHARD_PAGES: the newest shard
   */
  searchFirstBand: number;
}

/** Pages per Eleventy run: small enough to bound memory, large enough that start-up costs little. */
export const PASS_PAGES = 5000;

export const DEFAULT_TUNING: BuildTuning = { passPages: PASS_PAGES, searchFirstBand: MIN_SHARD_PAGES };

const TUNING_VARIABLES = {
  passPages: "BROADSHEET_PASS_PAGES",
  searchShardPages: "BROADSHEET_SEARCH_SHARD_PAGES",
  searchFirstBand: "BROADSHEET_SEARCH_FIRST_BAND",
} as const;

/**
 * The tuning set in the environment of a command (`BROADSHEET_PASS_PAGES=4 npm run build`):
 * read by the command-line entry points only, and handed to the build as options.
 */
export function tuningFromEnvironment(env: NodeJS.ProcessEnv = process.env): Partial<BuildTuning> {
  const tuning: Partial<BuildTuning> = {};
  for (const [key, variable] of Object.entries(TUNING_VARIABLES) as [keyof BuildTuning, string][]) {
    const value = Number(env[variable]);
    if (Number.isInteger(value) && value >= 1) tuning[key] = value;
  }
  return tuning;
}
