/**
 * Localized interface: the `t` filter returns the site language's string for a key, e.g.
 * `{{ "article.readingTime" | t({ count: 3 }) }}`. See src/i18n/.
 */
import type { BuildOptions } from "../build/options.js";
import { pluralForms, translator } from "../i18n/index.js";
import { currentSiteModel } from "./content.js";
import type { EleventyConfig } from "./types.js";

export default function i18nPlugin(eleventyConfig: EleventyConfig, _options: BuildOptions): void {
  let language = "";
  let translate: ReturnType<typeof translator> = translator("en");
  eleventyConfig.on("eleventy.before", () => {
    language = currentSiteModel().site.language;
    translate = translator(language);
  });
  eleventyConfig.addFilter("t", (key: string, values?: Record<string, string | number>) => translate(key, values));
  eleventyConfig.addFilter("plurals", (key: string) => pluralForms(language, key));
}
