/**
 * Feeds the validated site model to the templates as the global `broadsheet`, reloading it
 * before every build so that `npm start` picks up content changes, and decides what this build
 * renders: everything, or in an incremental build only the pages whose data changed (global
 * `toRender`, which the paginated templates iterate; see src/build/incremental.ts).
 * https://www.11ty.dev/docs/data-global-custom/ and https://www.11ty.dev/docs/events/
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { loadSiteOrThrow, type SiteModel } from "../content/index.js";
import type { BuildOptions } from "../build/options.js";
import { buildManifest, globalSignature, manifestPath, planRender, readManifest, writeManifest, type RenderPlan } from "../build/incremental.js";
import { planSearchShards, shardFolder, type SearchPlan } from "../search/shards.js";
import type { EleventyConfig } from "./types.js";

export interface CurrentBuild {
  model: SiteModel;
  search: SearchPlan;
  render: RenderPlan;
  /** The output folder the site ends up in (a full build writes beside it, then swaps). */
  output: string;
}

let primed: SiteModel | undefined;
let current: CurrentBuild | undefined;

/** The model of the build in progress, for plugins that need the site's settings. */
export function currentSiteModel(): SiteModel {
  return currentBuild().model;
}

/** The build in progress: model, search shards and what is rendered. */
export function currentBuild(): CurrentBuild {
  if (!current) throw new Error("The site model is read before the build loaded it.");
  return current;
}

/** Hands an already validated model to the next build, so it is not loaded twice. */
export function primeSiteModel(model: SiteModel): void {
  primed = model;
}

/** Deletes a file and the folders it leaves empty, up to `root`. */
function removeOutput(root: string, file: string): void {
  root = path.resolve(root);
  rmSync(path.join(root, file), { force: true });
  for (let folder = path.dirname(path.join(root, file)); folder.startsWith(root + path.sep); folder = path.dirname(folder)) {
    if (!existsSync(folder) || readdirSync(folder).length) break;
    rmdirSync(folder);
  }
}

export default function contentPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  eleventyConfig.addWatchTarget(options.contentDir);
  eleventyConfig.addPassthroughCopy({ [path.join(options.contentDir, "images")]: "images" });
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    // In watch mode every rebuild reads the folder again; "now" moves on with it.
    const model = primed ?? loadSiteOrThrow({ ...options, now: options.preview ? DateTime.now() : options.now });
    primed = undefined;
    const output = options.output ?? directories.output;
    const search = planSearchShards(model);
    const global = globalSignature(model, { preview: options.preview, contentDir: options.contentDir, searchFirstBand: options.searchFirstBand });
    const manifest = buildManifest(model, search, global);
    const previous = options.incremental ? readManifest(output) : undefined;
    // A build that writes in place and stops half-way must not be trusted by the next one.
    if (options.incremental) rmSync(manifestPath(output), { force: true });
    current = { model, search, render: planRender(model, manifest, previous), output };
    // Writing in place: remove what the previous build wrote and this one no longer has.
    for (const file of current.render.removed) removeOutput(directories.output, file);
    for (const key of current.render.removedShards) rmSync(path.join(directories.output, shardFolder(key)), { recursive: true, force: true });
  });
  eleventyConfig.addGlobalData("broadsheet", () => current?.model);
  eleventyConfig.addGlobalData("toRender", () => current && { articles: current.render.articles, listings: current.render.listings, pages: current.render.pages });
  eleventyConfig.on("eleventy.after", () => {
    // Writing in place: record what this build wrote, for the next one.
    if (current && options.incremental) writeManifest(current.output, current.render.manifest);
  });
}
