/**
 * Build options travel from the command-line scripts to `eleventy.config.ts` through the
 * environment, so the same config serves `npm run build`, `npm start` and Eleventy's own CLI.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DateTime } from "luxon";

export interface BuildOptions {
  /** Absolute path of the content folder. */
  contentDir: string;
  /** Local preview: drafts and scheduled articles shown, marked. */
  preview: boolean;
  /** The moment of the build. */
  now: DateTime;
  /**
   * How many of the newest pages the search page searches first, before reaching back into
   * earlier years (see templates/assets/search.js). @default 1000
   */
  searchFirstBand: number;
  /**
   * Write into the output folder in place, rendering only what changed since the build that
   * last wrote it (npm start, `npm run build -- --incremental`). @default false
   */
  incremental: boolean;
  /** The folder the site ends up in, when Eleventy writes elsewhere first (a full build swaps it in). */
  output?: string;
}

/** The project's own folder (where `templates/` and `eleventy.config.ts` live). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ENV = { content: "BROADSHEET_CONTENT", preview: "BROADSHEET_PREVIEW", now: "BROADSHEET_NOW", searchFirstBand: "BROADSHEET_SEARCH_FIRST_BAND",
  incremental: "BROADSHEET_INCREMENTAL",
  output: "BROADSHEET_OUTPUT",
} as const;

/** Reads the options set by `writeBuildOptions`, with defaults for a plain Eleventy run. */
export function readBuildOptions(env: NodeJS.ProcessEnv = process.env): BuildOptions {
  const now = env[ENV.now] ? DateTime.fromISO(env[ENV.now]!, { setZone: true }) : DateTime.now();
  return {
    contentDir: path.resolve(PROJECT_ROOT, env[ENV.content] ?? "content"),
    preview: env[ENV.preview] === "1",
    now: now.isValid ? now : DateTime.now(),
    searchFirstBand: Math.max(1, Number(env[ENV.searchFirstBand]) || 1000),
    incremental: env[ENV.incremental] === "1",
    output: env[ENV.output] ? path.resolve(env[ENV.output]!) : undefined,
  };
}

/** Sets the options for the Eleventy config that runs in this process. */
export function writeBuildOptions(options: Partial<BuildOptions>, env: NodeJS.ProcessEnv = process.env): void {
  if (options.contentDir) env[ENV.content] = path.resolve(options.contentDir);
  if (options.preview !== undefined) env[ENV.preview] = options.preview ? "1" : "0";
  if (options.now) env[ENV.now] = options.now.toISO() ?? undefined;
  if (options.incremental !== undefined) env[ENV.incremental] = options.incremental ? "1" : "0";
  if (options.output) env[ENV.output] = path.resolve(options.output);
}
