/**
 * Localized interface: the `t` filter returns the site language's string for a key, e.g.
 * `{{ "article.readingTime" | t({ count: 3 }) }}`. See src/i18n/.
 *
 * The language is read from the page being rendered (`broadsheet.site.language`), not fixed when
 * the filter is made: Eleventy keeps the layouts it compiled for the rest of the process (its
 * layout cache), bound to the filters of the run that compiled them, and a site with editions
 * renders each edition in a run of its own, in its own language.
 */
import type { SiteModel } from "../content/index.js";
import { pluralForms, translator } from "../i18n/index.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

/** What a Nunjucks filter sees as `this`: the data of the page being rendered. */
interface FilterThis {
  ctx?: { broadsheet?: SiteModel };
}

export default function i18nPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const translators = new Map<string, ReturnType<typeof translator>>();
  const languageOf = (self: FilterThis | undefined) =>
    self?.ctx?.broadsheet?.site.language ?? context.model.site.language;
  const translate = (language: string) => {
    let translate = translators.get(language);
    if (!translate) translators.set(language, (translate = translator(language)));
    return translate;
  };
  eleventyConfig.addFilter("t", function (this: FilterThis, key: string, values?: Record<string, string | number>) {
    return translate(languageOf(this))(key, values);
  });
  eleventyConfig.addFilter("plurals", function (this: FilterThis, key: string) {
    return pluralForms(languageOf(this), key);
  });
}
