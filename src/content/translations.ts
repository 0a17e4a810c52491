/**
 * The checks of editions that need every file: each article's or page's language is an edition's,
 * and each translation names an original that exists, in another language, which is not a
 * translation itself, with one member per language in its group. And each edition's folder.
 */
import type { ContentIssue } from "./issues.js";
import type { ParsedFile } from "./parse-file.js";
import type { SiteSettings } from "./schema.js";

type Translatable = ParsedFile<{ language?: string; translationOf?: string }> & { slug: string };

/** The languages a site publishes in, its own first; undefined without editions. */
export function editionLanguages(settings: SiteSettings): string[] | undefined {
  if (!settings.editions) return undefined;
  return [...new Set([settings.language, ...Object.keys(settings.editions)])];
}

/** The folder of each edition but the site language's (`ru` → `ru/`); absent without editions. */
export function editionFolders(settings: SiteSettings | undefined): Map<string, string> | undefined {
  const others = settings && editionLanguages(settings)?.slice(1);
  return others && new Map(others.map((language) => [language, `${language}/`]));
}

/**
 * Checks `language` and `translationOf` of articles (or pages): the language must be an edition's,
 * the original must exist, be in another language and not be a translation itself, and a group has
 * one member per language. Without editions both keys are errors. Returns the original's source
 * path of each translation that passed, by source path.
 * @param brokenSlugs slugs of files of the same kind that exist but were not loaded: a translation of one is not reported
 */
export function checkTranslations(
  kind: "article" | "page",
  files: Translatable[],
  settings: SiteSettings | undefined,
  brokenSlugs: ReadonlySet<string>,
  issues: ContentIssue[],
): Map<string, string> {
  const originals = new Map<string, string>();
  const report = (file: Translatable, field: "language" | "translationOf", message: string) =>
    issues.push({ file: file.sourcePath, line: file.source.lineOf([field]), field, message, severity: "error" });
  if (!settings) return originals;
  const languages = editionLanguages(settings);
  const languageOf = (file: Translatable) => file.frontMatter.language ?? settings.language;
  const bySlug = new Map(files.map((file) => [file.slug, file]));
  /** Members of each group by language, by the original's slug. */
  const groups = new Map<string, Map<string, Translatable>>();
  for (const file of files) {
    const { language, translationOf } = file.frontMatter;
    if (!languages) {
      for (const field of ["language", "translationOf"] as const)
        if (file.frontMatter[field] !== undefined)
          report(file, field, "is only used when site.yaml has editions  (add editions there, or remove this key)");
      continue;
    }
    if (language !== undefined && !languages.includes(language)) {
      report(file, "language", `unknown language "${language}"  (one of: ${languages.join(", ")})`);
      continue;
    }
    if (translationOf === undefined || brokenSlugs.has(translationOf)) continue;
    const original = bySlug.get(translationOf);
    if (!original) {
      report(file, "translationOf", `names no ${kind} "${translationOf}"  (the slug of the original ${kind})`);
    } else if (original.frontMatter.translationOf !== undefined) {
      report(
        file,
        "translationOf",
        `names "${translationOf}", which is a translation itself  (name its original, "${original.frontMatter.translationOf}")`,
      );
    } else if (languageOf(original) === languageOf(file)) {
      report(
        file,
        "translationOf",
        `names "${translationOf}", which is in the same language (${languageOf(file)})  (the original is in another language)`,
      );
    } else {
      let group = groups.get(original.slug);
      if (!group) groups.set(original.slug, (group = new Map([[languageOf(original), original]])));
      const taken = group.get(languageOf(file));
      if (taken)
        report(
          file,
          "translationOf",
          `makes a second ${languageOf(file)} member of the group of "${translationOf}"  (one ${kind} per language; ${taken.sourcePath} is the other)`,
        );
      else {
        group.set(languageOf(file), file);
        originals.set(file.sourcePath, original.sourcePath);
      }
    }
  }
  return originals;
}
