/**
 * What every part of the site model is made with: the site's place, zone and language, and one
 * view per author, category and tag, shared by every article that names it.
 */
import type { DateTime } from "luxon";
import { isoDateTime, readableDateTime } from "../lib/dates.js";
import { slugify } from "../lib/slug.js";
import { encodePath, publicUrl, type SiteLocation } from "../lib/urls.js";
import type { LoadedContent } from "./load.js";
import { localize } from "./localized.js";
import type { AuthorView, CategoryView, DateView, TagView } from "./model.js";
import type { Localized } from "./schema.js";

export interface ModelContext {
  location: SiteLocation;
  zone: string;
  locale: string;
  /** A moment as the model shows it: in the site zone, for machines and for readers. */
  dateView(date: DateTime): DateView;
  /** The site-relative URL of a path in the site, with the base path. */
  pathUrl(pagePath: string): string;
}

export function modelContext(content: LoadedContent): ModelContext {
  const { location } = content;
  const { language: locale, timezone: zone } = content.settings;
  return {
    location,
    zone,
    locale,
    dateView: (date) => ({
      iso: isoDateTime(date.setZone(zone)),
      display: readableDateTime(date.setZone(zone), locale),
    }),
    pathUrl: (pagePath) => publicUrl(location, pagePath),
  };
}

/** The authors, categories and tags, each made once, in the order first met. */
export class Taxonomies {
  readonly authors = new Map<string, AuthorView>();
  readonly categories = new Map<string, CategoryView>();
  /** By slug. */
  readonly tags = new Map<string, TagView>();

  constructor(
    private readonly content: LoadedContent,
    private readonly pathUrl: (pagePath: string) => string,
  ) {
    // Every known category appears in the navigation, even before its first article.
    for (const [key, entry] of content.categories) this.category(key, this.text(entry.name));
  }

  /** A name or text of authors.yaml or categories.yaml in the edition's language. */
  private text<T extends Localized | undefined>(value: T): T extends undefined ? string | undefined : string {
    const { language } = this.content.settings;
    return localize(value, language, this.content.defaultLanguage ?? language) as never;
  }

  /** The view of the author `key`; `writtenName` names one authors.yaml does not know. */
  author(key: string, writtenName: string): AuthorView {
    let view = this.authors.get(key);
    if (!view) {
      const entry = this.content.authors.get(key);
      view = {
        key,
        name: entry ? this.text(entry.name) : writtenName,
        bio: this.text(entry?.bio),
        role: this.text(entry?.role),
        photo: entry?.photo ? { url: this.pathUrl(encodePath(entry.photo)), sourcePath: entry.photo } : undefined,
        links: entry?.links ?? [],
        url: this.pathUrl(`author/${key}/`),
      };
      this.authors.set(key, view);
    }
    return view;
  }

  /** The view of the category `key`; `writtenName` names one categories.yaml does not know. */
  category(key: string, writtenName: string): CategoryView {
    let view = this.categories.get(key);
    if (!view) {
      const entry = this.content.categories.get(key);
      view = {
        key,
        name: entry ? this.text(entry.name) : writtenName,
        description: this.text(entry?.description),
        url: this.pathUrl(`category/${key}/`),
      };
      this.categories.set(key, view);
    }
    return view;
  }

  /** The view of a tag, by its slug: the first spelling met names it. */
  tag(name: string): TagView {
    const slug = slugify(name);
    let view = this.tags.get(slug);
    if (!view) {
      view = { name, slug, url: this.pathUrl(`tag/${slug}/`) };
      this.tags.set(slug, view);
    }
    return view;
  }
}
