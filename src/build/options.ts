/**
 * Build options travel from the command-line scripts to `eleventy.config.ts` through the
 * environment, so the same config serves `npm run build`, `npm start` and Eleventy's own CLI.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";
import { MIN_SHARD_PAGES } from "../search/shards.js";

export interface BuildOptions {
  /** Absolute path of the content folder. */
  contentDir: string;
  /** Local preview: drafts and scheduled articles shown, marked. */
  preview: boolean;
  /** The moment of the build. */
  now: DateTime;
  /**
   * How many of the newest pages the search page searches first, before reaching back into
   * earlier months (see templates/assets/search.js). @default MIN_SHARD_PAGES: the newest shard
   */
  searchFirstBand: number;
  /** Pages per search shard, at least (src/search/shards.ts). @default shardMinimum(pages) */
  searchShardPages?: number;
  /**
   * Write into the output folder in place, rendering only what changed since the build that
   * last wrote it (npm start, `npm run build:incremental`). @default false
   */
  incremental: boolean;
  /** The folder the site ends up in, when Eleventy writes elsewhere first (a full build swaps it in). */
  output?: string;
  /**
   * A large build runs Eleventy several times, each pass rendering a slice of the pages, so
   * memory holds one slice at a time (see src/build/passes.ts). Single files (feeds, sitemaps,
   * the search page) and the after-build steps belong to the last pass. @default 0 of 1
   */
  pass: { index: number; count: number };
}

/** The project's own folder (where `templates/` and `eleventy.config.ts` live). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ENV = {
  content: "BROADSHEET_CONTENT",
  preview: "BROADSHEET_PREVIEW",
  now: "BROADSHEET_NOW",
  searchFirstBand: "BROADSHEET_SEARCH_FIRST_BAND",
  searchShardPages: "BROADSHEET_SEARCH_SHARD_PAGES",
  incremental: "BROADSHEET_INCREMENTAL",
  output: "BROADSHEET_OUTPUT",
  pass: "BROADSHEET_PASS",
} as const;

/** Reads the options set by `writeBuildOptions`, with defaults for a plain Eleventy run. */
export function readBuildOptions(env: NodeJS.ProcessEnv = process.env): BuildOptions {
  const now = env[ENV.now] ? DateTime.fromISO(env[ENV.now]!, { setZone: true }) : DateTime.now();
  return {
    contentDir: path.resolve(PROJECT_ROOT, env[ENV.content] ?? "content"),
    preview: env[ENV.preview] === "1",
    now: now.isValid ? now : DateTime.now(),
    searchFirstBand: Math.max(1, Number(env[ENV.searchFirstBand]) || MIN_SHARD_PAGES),
    searchShardPages: Number(env[ENV.searchShardPages]) >= 1 ? Number(env[ENV.searchShardPages]) : undefined,
    incremental: env[ENV.incremental] === "1",
    output: env[ENV.output] ? path.resolve(env[ENV.output]!) : undefined,
    pass: readPass(env[ENV.pass]),
  };
}

/** `BROADSHEET_PASS=2/5` is the third of five passes. */
function readPass(text: string | undefined): { index: number; count: number } {
  const [index, count] = (text ?? "").split("/").map(Number);
  return Number.isInteger(index) && Number.isInteger(count) && index! >= 0 && count! > index!
    ? { index: index!, count: count! }
    : { index: 0, count: 1 };
}

/** Whether this Eleventy run is the last (or only) pass of its build. */
export function isLastPass(options: BuildOptions): boolean {
  return options.pass.index === options.pass.count - 1;
}

/** Sets the options for the Eleventy config that runs in this process. */
export function writeBuildOptions(options: Partial<BuildOptions>, env: NodeJS.ProcessEnv = process.env): void {
  if (options.contentDir) env[ENV.content] = path.resolve(options.contentDir);
  if (options.preview !== undefined) env[ENV.preview] = options.preview ? "1" : "0";
  if (options.now) env[ENV.now] = options.now.toISO() ?? undefined;
  if (options.incremental !== undefined) env[ENV.incremental] = options.incremental ? "1" : "0";
  if (options.output) env[ENV.output] = path.resolve(options.output);
  if (options.pass) env[ENV.pass] = `${options.pass.index}/${options.pass.count}`;
}
