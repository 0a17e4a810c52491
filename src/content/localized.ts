/**
 * Text that a site with editions may give per language (`{en: Industry, ru: Промышленность}`):
 * each edition shows its language's entry, falling back to the site language's.
 */
import type { Localized } from "./schema.js";

/** Every wording of `value`, in the order written. */
export function wordings(value: Localized): string[] {
  return typeof value === "string" ? [value] : Object.values(value);
}

/** `value` in `language`, else in `fallback`, else its first entry. */
export function localize(value: Localized, language: string, fallback: string): string;
export function localize(value: Localized | undefined, language: string, fallback: string): string | undefined;
export function localize(value: Localized | undefined, language: string, fallback: string): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  return value[language] ?? value[fallback] ?? Object.values(value)[0];
}
