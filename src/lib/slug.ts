import slugifyText from "@sindresorhus/slugify";
import { detached } from "./text.js";

/** Slugs made so far: a large site slugifies the same few thousand tag and author names once per article. */
const made = new Map<string, string>();
const MADE_LIMIT = 100_000;

/** An ASCII, lower-case, hyphenated slug; other scripts (Cyrillic) are transliterated. */
export function slugify(text: string): string {
  let slug = made.get(text);
  if (slug === undefined) {
    slug = slugifyText(text, { decamelize: false });
    if (made.size >= MADE_LIMIT) made.clear();
    // The text is often a slice of a whole file (a tag read from the front matter); as a key it would keep that file.
    made.set(detached(text), slug);
  }
  return slug;
}

/** Whether `text` already is a slug as `slugify` makes them. */
export function isSlug(text: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text);
}
