/**
 * Localized interface: the `t` filter returns the site language's string for a key, e.g.
 * `{{ "article.readingTime" | t({ count: 3 }) }}`. See src/i18n/.
 */
import { pluralForms, translator } from "../i18n/index.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

export default function i18nPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const { language } = context.model.site;
  const translate = translator(language);
  eleventyConfig.addFilter("t", (key: string, values?: Record<string, string | number>) => translate(key, values));
  eleventyConfig.addFilter("plurals", (key: string) => pluralForms(language, key));
}
