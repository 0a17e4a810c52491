/**
 * Interface strings: one YAML dictionary per language in this folder (`en.yaml`, `ru.yaml`).
 * Adding a language is adding one file with the same keys; a missing key falls back to English.
 * Counted strings have plural forms chosen by the language's rules (Intl.PluralRules).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const FOLDER = path.dirname(fileURLToPath(import.meta.url));
type Entry = string | { [key: string]: Entry };
type Dictionary = { [key: string]: Entry };

const cache = new Map<string, Dictionary>();

function readDictionary(language: string): Dictionary | undefined {
  const file = path.join(FOLDER, `${language}.yaml`);
  if (!existsSync(file)) return undefined;
  let dictionary = cache.get(file);
  if (!dictionary) {
    dictionary = parse(readFileSync(file, "utf8")) as Dictionary;
    cache.set(file, dictionary);
  }
  return dictionary;
}

/** The dictionary for a BCP 47 tag: exact (`pt-br`), then the language (`pt`), then English. */
function dictionaryFor(language: string): { language: string; dictionary: Dictionary } {
  const tag = language.toLowerCase();
  for (const candidate of [tag, tag.split("-")[0]!]) {
    const dictionary = readDictionary(candidate);
    if (dictionary) return { language: candidate, dictionary };
  }
  return { language: "en", dictionary: readDictionary("en")! };
}

function lookup(dictionary: Dictionary, key: string): Entry | undefined {
  return key
    .split(".")
    .reduce<Entry | undefined>(
      (entry, part) => (entry && typeof entry === "object" ? entry[part] : undefined),
      dictionary,
    );
}

/** A translator for one language: `t("article.readingTime", { count: 3 })`. */
export function translator(language: string): (key: string, values?: Record<string, string | number>) => string {
  const { dictionary } = dictionaryFor(language);
  const english = readDictionary("en")!;
  const plurals = new Intl.PluralRules(language);
  return (key, values = {}) => {
    let entry = lookup(dictionary, key) ?? lookup(english, key);
    if (entry && typeof entry === "object" && typeof values.count === "number") {
      entry = entry[plurals.select(values.count)] ?? entry.other;
    }
    if (typeof entry !== "string")
      throw new Error(`No interface string "${key}" for language "${language}" (add it to src/i18n/en.yaml)`);
    return entry.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

/** The plural forms of a counted string, for scripts that count in the browser. */
export function pluralForms(language: string, key: string): Record<string, string> {
  const { dictionary } = dictionaryFor(language);
  const entry = lookup(dictionary, key) ?? lookup(readDictionary("en")!, key);
  if (!entry || typeof entry !== "object") throw new Error(`No plural string "${key}"`);
  return entry as Record<string, string>;
}
