import slugifyText from "@sindresorhus/slugify";

/** An ASCII, lower-case, hyphenated slug; other scripts (Cyrillic) are transliterated. */
export function slugify(text: string): string {
  return slugifyText(text, { decamelize: false });
}

/** Whether `text` already is a slug as `slugify` makes them. */
export function isSlug(text: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(text);
}
