/**
 * Editions: one content folder publishing a site per language. The site language's edition is
 * the site itself; each other (`editions` in site.yaml) is a complete site of its own under
 * `<base>/<lang>/`, made from the articles and pages in its language. Translations (`translationOf`)
 * join an original and its translations in a group, whose members link each other.
 */
import { siteLocation } from "../lib/urls.js";
import type { LoadedContent } from "./load.js";
import type { Alternate, EditionLink, SiteModel } from "./model.js";
import { editionFolders } from "./translations.js";

/**
 * The content of each edition, the site language's first: its articles and pages, the comments
 * and live updates of its articles, its language, title, description and place. Without editions,
 * the content itself.
 */
export function splitEditions(content: LoadedContent): LoadedContent[] {
  const { settings } = content;
  if (!settings.editions) return [content];
  const folders = editionFolders(settings)!;
  const languages = [settings.language, ...folders.keys()];
  return languages.map((language) => {
    const inEdition = (file: { frontMatter: { language?: string } }) =>
      (file.frontMatter.language ?? settings.language) === language;
    const articles = content.articles.filter(inEdition);
    const slugs = new Set(articles.map((article) => article.slug));
    const edition = settings.editions![language];
    const folder = folders.get(language) ?? "";
    return {
      ...content,
      settings: {
        ...settings,
        language,
        title: edition?.title ?? settings.title,
        description: edition?.description ?? settings.description,
      },
      defaultLanguage: settings.language,
      location: siteLocation(`${content.location.origin}${folder}`),
      articles,
      pages: content.pages.filter(inEdition),
      comments: content.comments.filter((comment) => slugs.has(comment.articleSlug)),
      updates: content.updates.filter((update) => slugs.has(update.articleSlug)),
    };
  });
}

/**
 * Links the editions' models: each site lists every edition, and each member of a translation
 * group (articles and pages), each home page and each listing that another edition has too lists
 * its counterparts in every edition (itself included), the site language's first.
 * @param originals the original's source path of each translation, by source path
 */
export function linkEditions(models: SiteModel[], originals: ReadonlyMap<string, string>): void {
  if (models.length < 2) return;
  const editions: EditionLink[] = models.map((model) => {
    const home = model.listings.find((listing) => listing.kind === "home" && listing.pageNumber === 1);
    const url = home?.url ?? model.site.location.basePath;
    return { language: model.site.language, title: model.site.title, url, absoluteUrl: model.site.location.origin };
  });
  for (const model of models) model.site.editions = editions;

  for (const kind of ["articles", "pages"] as const) {
    const groups = new Map<string, Alternate[]>();
    const members = new Map<string, { translations?: Alternate[] }>();
    models.forEach((model) => {
      for (const item of model[kind]) {
        const original = originals.get(item.sourcePath);
        const key = original ?? item.sourcePath;
        const alternate = {
          language: model.site.language,
          title: item.title,
          url: item.url,
          absoluteUrl: item.absoluteUrl,
          original: original === undefined,
        };
        const group = groups.get(key) ?? [];
        group.push(alternate);
        groups.set(key, group);
        members.set(`${key}\n${model.site.language}`, item);
      }
    });
    for (const [key, group] of groups) {
      if (group.length < 2) continue;
      for (const alternate of group) members.get(`${key}\n${alternate.language}`)!.translations = group;
    }
  }

  const listingsByFile = models.map((model) => new Map(model.listings.map((listing) => [listing.outputFile, listing])));
  models.forEach((model) => {
    for (const listing of model.listings) {
      const counterparts = listingsByFile.flatMap((byFile, index) => {
        const other = byFile.get(listing.outputFile);
        if (!other) return [];
        const { title, url, absoluteUrl } = other;
        return [{ language: models[index]!.site.language, title, url, absoluteUrl, original: false }];
      });
      if (counterparts.length > 1) listing.translations = counterparts;
    }
  });
}
