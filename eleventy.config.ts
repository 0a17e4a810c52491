/**
 * Broadsheet's Eleventy configuration: registers one plugin per concern, in order.
 * The content folder, preview mode and "now" come from the environment (see src/build/options.ts),
 * set by `npm run build` and `npm start`.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isLastPass, readBuildOptions } from "./src/build/options.js";
import assetsPlugin from "./src/eleventy/assets.js";
import contentPlugin, { unchangedSingles } from "./src/eleventy/content.js";
import distributionPlugin from "./src/eleventy/distribution.js";
import i18nPlugin from "./src/eleventy/i18n.js";
import imagesPlugin from "./src/eleventy/images.js";
import offlinePlugin from "./src/eleventy/offline.js";
import searchPlugin from "./src/eleventy/search.js";
import type { EleventyConfig } from "./src/eleventy/types.js";

/** Static options: https://www.11ty.dev/docs/config/#configuration-options */
export const config = {
  dir: { input: "templates", includes: "partials", layouts: "layouts" },
  templateFormats: ["njk"],
  htmlTemplateEngine: "njk",
};

/** Templates rendered in every pass of a large build, each pass a slice of their pages (src/build/passes.ts); the rest are single files, written by the last pass. */
const PAGINATED = ["articles.njk", "listings.njk", "pages.njk"];
const PAGES = path.join(import.meta.dirname, "templates/pages");

export default function (eleventyConfig: EleventyConfig) {
  const options = readBuildOptions();
  // Single files are written by the last pass, and not at all when an incremental build found them up to date.
  const skipped = isLastPass(options)
    ? unchangedSingles()
    : readdirSync(PAGES).filter((name) => !PAGINATED.includes(name));
  for (const name of skipped) {
    const relative = path.relative(process.cwd(), path.join(PAGES, name)).split(path.sep).join("/");
    const stats = statSync(path.join(PAGES, name), { throwIfNoEntry: false });
    if (stats) eleventyConfig.ignores.add(stats.isDirectory() ? `${relative}/**` : relative);
  }
  // Eleventy starts all handlers of an event at once unless told otherwise; sequential mode makes
  // each `eleventy.after` wait for the ones registered before it (offline reads the search index).
  eleventyConfig.setEventEmitterMode("sequential");
  eleventyConfig.addPlugin(contentPlugin, options);
  eleventyConfig.addPlugin(i18nPlugin, options);
  eleventyConfig.addPlugin(assetsPlugin, options);
  eleventyConfig.addPlugin(distributionPlugin, options);
  eleventyConfig.addPlugin(imagesPlugin, options);
  eleventyConfig.addPlugin(searchPlugin, options);
  eleventyConfig.addPlugin(offlinePlugin, options);
}
