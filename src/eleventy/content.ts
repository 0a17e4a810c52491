/**
 * Feeds the validated site model to the templates as the global `broadsheet`, reloading it
 * before every build so that `npm start` picks up content changes, and tells the paginated
 * templates what this run renders (global `toRender`): everything, this pass's slice of a large
 * build, or in an incremental build only the pages whose data changed (src/build/passes.ts).
 * https://www.11ty.dev/docs/data-global-custom/ and https://www.11ty.dev/docs/events/
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { manifestPath, readManifest, writeManifest } from "../build/incremental.js";
import { type BuildOptions, isLastPass } from "../build/options.js";
import { type PreparedBuild, prepareBuild } from "../build/passes.js";
import { loadSiteOrThrow, parseCacheDir, type SiteModel } from "../content/index.js";
import { shardFolder } from "../search/shards.js";
import type { EleventyConfig } from "./types.js";

let primed: PreparedBuild | undefined;
let current: PreparedBuild | undefined;

/** The model of the build in progress, for plugins that need the site's settings. */
export function currentSiteModel(): SiteModel {
  return currentBuild().model;
}

/** The build in progress: model, search shards, what is rendered. */
export function currentBuild(): PreparedBuild {
  if (!current) throw new Error("The site model is read before the build loaded it.");
  return current;
}

/**
 * Single templates (paths under `templates/pages/`) that the coming run need not render: an
 * incremental build whose plan is known before Eleventy starts found their output up to date.
 */
export function unchangedSingles(): string[] {
  return primed?.render.unchangedSingles ?? [];
}

/** Hands an already prepared build to the next Eleventy runs (all passes), so it is not loaded twice. */
export function primeBuild(build: PreparedBuild): void {
  primed = build;
}

/** Deletes a file and the folders it leaves empty, up to `root`. */
function removeOutput(root: string, file: string): void {
  rmSync(path.join(root, file), { force: true });
  for (
    let folder = path.dirname(path.join(root, file));
    folder.startsWith(root + path.sep);
    folder = path.dirname(folder)
  ) {
    if (!existsSync(folder) || readdirSync(folder).length) break;
    rmdirSync(folder);
  }
}

export default function contentPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  eleventyConfig.addWatchTarget(options.contentDir);
  if (isLastPass(options)) eleventyConfig.addPassthroughCopy({ [path.join(options.contentDir, "images")]: "images" });
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    const output = path.resolve(directories.output);
    if (primed) current = primed;
    else {
      // A plain Eleventy run (its own CLI, --serve included): every run reads the folder again; "now" moves on with it.
      const model = loadSiteOrThrow({
        ...options,
        now: options.preview ? DateTime.now() : options.now,
        cacheDir: parseCacheDir(),
        residentCache: true,
      });
      const target = options.output ?? output;
      current = prepareBuild(model, options, target, options.incremental ? readManifest(target) : undefined);
    }
    if (isLastPass(options)) primed = undefined;
    if (options.pass.index > 0) return;
    // A build that writes in place and stops half-way must not be trusted by the next one.
    if (options.incremental) rmSync(manifestPath(current.output), { force: true });
    // Writing in place: remove what the previous build wrote and this one no longer has.
    for (const file of current.render.removed) removeOutput(output, file);
    for (const key of current.render.removedShards)
      rmSync(path.join(output, shardFolder(key)), { recursive: true, force: true });
  });
  eleventyConfig.addGlobalData("broadsheet", () => current?.model);
  eleventyConfig.addGlobalData("toRender", () => current?.passes[options.pass.index]);
  eleventyConfig.on("eleventy.after", async () => {
    // Writing in place: record what this build wrote, for the next one.
    if (current && options.incremental && isLastPass(options))
      writeManifest(current.output, await current.render.manifest);
  });
}
