/**
 * Feeds the validated site model to the templates as the global `broadsheet`, reloading it
 * before every build so that `npm start` picks up content changes.
 * https://www.11ty.dev/docs/data-global-custom/ and https://www.11ty.dev/docs/events/
 */
import path from "node:path";
import { DateTime } from "luxon";
import { loadSiteOrThrow, type SiteModel } from "../content/index.js";
import type { BuildOptions } from "../build/options.js";
import type { EleventyConfig } from "./types.js";

let primed: SiteModel | undefined;
let current: SiteModel | undefined;

/** The model of the build in progress, for plugins that need the site's settings. */
export function currentSiteModel(): SiteModel {
  if (!current) throw new Error("The site model is read before the build loaded it.");
  return current;
}

/** Hands an already validated model to the next build, so it is not loaded twice. */
export function primeSiteModel(model: SiteModel): void {
  primed = model;
}

export default function contentPlugin(eleventyConfig: EleventyConfig, options: BuildOptions): void {
  eleventyConfig.addWatchTarget(options.contentDir);
  eleventyConfig.addPassthroughCopy({ [path.join(options.contentDir, "images")]: "images" });
  eleventyConfig.on("eleventy.before", () => {
    // In watch mode every rebuild reads the folder again; "now" moves on with it.
    current = primed ?? loadSiteOrThrow({ ...options, now: options.preview ? DateTime.now() : options.now });
    primed = undefined;
  });
  eleventyConfig.addGlobalData("broadsheet", () => current);
}
