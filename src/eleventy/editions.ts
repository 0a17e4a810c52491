/**
 * Editions in templates: the language switch and the hreflang links. `alternateIn` finds a
 * page's counterpart in another edition; `xDefault` the member search engines show to readers of
 * any other language (the site language's, else the original); `languageName` names a language
 * in itself ("Русский").
 */
import type { Alternate } from "../content/index.js";
import type { BuildContext } from "./context.js";
import type { EleventyConfig } from "./types.js";

export default function editionsPlugin(eleventyConfig: EleventyConfig, context: BuildContext): void {
  const defaultLanguage = context.model.site.editions?.[0]?.language;
  const memberIn = (translations: Alternate[], language: string) =>
    translations.find((alternate) => alternate.language === language);
  eleventyConfig.addFilter(
    "alternateIn",
    (translations: Alternate[] | undefined, language: string) => translations && memberIn(translations, language),
  );
  eleventyConfig.addFilter(
    "xDefault",
    (translations: Alternate[]) =>
      translations.find((alternate) => alternate.language === defaultLanguage) ??
      translations.find((alternate) => alternate.original) ??
      translations[0],
  );
  /** For JSON-LD: the work as schema.org names a translation or an original. */
  const work = (alternate: Alternate) => ({
    "@type": "NewsArticle",
    headline: alternate.title,
    url: alternate.absoluteUrl,
    inLanguage: alternate.language,
  });
  /** On an original: its translations. */
  eleventyConfig.addFilter("workTranslations", (translations: Alternate[] | undefined, language: string) =>
    translations && memberIn(translations, language)?.original
      ? translations.filter((alternate) => !alternate.original).map(work)
      : undefined,
  );
  /** On a translation: its original. */
  eleventyConfig.addFilter("translationOfWork", (translations: Alternate[] | undefined, language: string) => {
    if (!translations || memberIn(translations, language)?.original !== false) return undefined;
    const original = translations.find((alternate) => alternate.original);
    return original && work(original);
  });
  eleventyConfig.addFilter("languageName", (language: string) => {
    const name = new Intl.DisplayNames([language], { type: "language" }).of(language) ?? language;
    return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
  });
}
