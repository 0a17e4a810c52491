/**
 * Broadsheet's Eleventy configuration for one run of a build: the build (src/pipeline/) hands it
 * the run's context through the programmatic API's `config` callback, and each concern is a
 * plugin that receives that context as its options.
 * https://www.11ty.dev/docs/programmatic/ and https://www.11ty.dev/docs/plugins/
 */
import assetsPlugin from "./src/eleventy/assets.js";
import contentPlugin from "./src/eleventy/content.js";
import type { BuildContext } from "./src/eleventy/context.js";
import distributionPlugin from "./src/eleventy/distribution.js";
import editionsPlugin from "./src/eleventy/editions.js";
import i18nPlugin from "./src/eleventy/i18n.js";
import imagesPlugin from "./src/eleventy/images.js";
import offlinePlugin from "./src/eleventy/offline.js";
import searchPlugin from "./src/eleventy/search.js";
import type { EleventyConfig } from "./src/eleventy/types.js";

/** The templates folder (the input) holds `partials/`, `layouts/` and the page templates in `pages/`. */
export default function broadsheet(context: BuildContext) {
  return (eleventyConfig: EleventyConfig): void => {
    eleventyConfig.setIncludesDirectory("partials");
    eleventyConfig.setLayoutsDirectory("layouts");
    eleventyConfig.setTemplateFormats(["njk"]);
    eleventyConfig.addPlugin(contentPlugin, context);
    eleventyConfig.addPlugin(i18nPlugin, context);
    eleventyConfig.addPlugin(editionsPlugin, context);
    eleventyConfig.addPlugin(assetsPlugin, context);
    eleventyConfig.addPlugin(distributionPlugin, context);
    // Before the search transform: the index reads the result image from the responsive <img>.
    eleventyConfig.addPlugin(imagesPlugin, context);
    eleventyConfig.addPlugin(searchPlugin, context);
    eleventyConfig.addPlugin(offlinePlugin, context);
  };
}
