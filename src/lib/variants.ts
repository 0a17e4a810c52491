import { slugify } from "./slug.js";

/** How a name differs from the one it was probably meant to be. */
type VariantKind = "case" | "form" | "spelling";

/** A typing slip: one letter missing, added or wrong, or two neighbouring letters swapped. */
export type Slip = "letter" | "swap";

export interface Variant {
  /** The name it was probably meant to be: the most used of its group. */
  canonical: string;
  /** `case`: only letter case differs; `form`: only spacing, punctuation or script; `spelling`: one typing slip. */
  kind: VariantKind;
  /** For `spelling`, the slip between the two slugs. */
  slip?: Slip;
  /** How many uses the canonical name has, for the message. */
  canonicalUses: number;
}

/**
 * Finds names (tags, categories) that are probably a variant of another one: equal but for
 * letter case, equal as slugs (so they would share a page under two names), or one typing slip
 * apart (`automaton` and `automation`, `autoamtion`). Names shorter than five letters and names
 * that differ only in a number (`budget-2025`, `budget-2026`) are not variants.
 *
 * `uses` maps each name as written to how often it is used, in order of first use. Within each
 * group of variants the most used name is canonical; on a tie, the one used first.
 * Returns every non-canonical name with the name it probably meant.
 */
export function findVariants(uses: ReadonlyMap<string, number>): Map<string, Variant> {
  interface Group {
    slug: string;
    names: string[];
    total: number;
    canonical: string;
    rank: number;
  }
  const groups = new Map<string, Group>();
  let rank = 0;
  for (const [name, count] of uses) {
    const slug = slugify(name);
    let group = groups.get(slug);
    if (!group) {
      group = { slug, names: [], total: 0, canonical: name, rank: rank++ };
      groups.set(slug, group);
    }
    group.names.push(name);
    group.total += count;
    if (count > (uses.get(group.canonical) ?? 0)) group.canonical = name;
  }
  const outranks = (a: Group, b: Group) => a.total > b.total || (a.total === b.total && a.rank < b.rank);

  // Groups whose slugs are a slip apart: the lesser group points at the greater (the greatest, if several).
  const target = new Map<Group, { group: Group; slip: Slip }>();
  for (const [a, b, slip] of nearSlugPairs([...groups.values()].map((group) => group.slug))) {
    const [lesser, greater] = outranks(groups.get(a)!, groups.get(b)!)
      ? [groups.get(b)!, groups.get(a)!]
      : [groups.get(a)!, groups.get(b)!];
    const current = target.get(lesser);
    if (!current || outranks(greater, current.group)) target.set(lesser, { group: greater, slip });
  }

  const variants = new Map<string, Variant>();
  for (const group of groups.values()) {
    const far = target.get(group);
    const meant = far ? far.group : group;
    for (const name of group.names) {
      if (meant === group && name === group.canonical) continue;
      const canonical = meant.canonical;
      const kind: VariantKind =
        meant !== group ? "spelling" : name.toLowerCase() === canonical.toLowerCase() ? "case" : "form";
      variants.set(name, {
        canonical,
        kind,
        slip: meant !== group ? far!.slip : undefined,
        canonicalUses: uses.get(canonical) ?? 0,
      });
    }
  }
  return variants;
}

/**
 * Pairs of slugs (of at least 5 characters) one typing slip apart: a letter missing, added or
 * wrong, or two neighbouring letters swapped. Rather than comparing every pair, each slug is
 * filed under itself, itself minus one letter, and itself minus two neighbouring letters: two
 * slugs one slip apart always share such a key. A key shared by more than `MAX_BUCKET` slugs
 * (`tag-1`, `tag-2`, ... all lose a digit to `tag-`) says nothing about spelling and is skipped,
 * which keeps the work linear in the number of names. `stats.compared` counts the pairs compared.
 */
export function nearSlugPairs(slugs: string[], stats?: { compared: number }): [string, string, Slip][] {
  const MAX_BUCKET = 32;
  const byKey = new Map<string, number[]>();
  slugs.forEach((slug, index) => {
    if (slug.length < MIN_LENGTH) return;
    for (const key of slipKeys(slug)) {
      const list = byKey.get(key);
      if (list) list.push(index);
      else byKey.set(key, [index]);
    }
  });
  // Slugs that differ only in their numbers (budget-2025, budget-2026) are different things.
  const shapes = slugs.map((slug) => slug.replace(/\d+/g, "#"));
  const seen = new Set<number>();
  const pairs: [string, string, Slip][] = [];
  for (const list of byKey.values()) {
    if (list.length < 2 || list.length > MAX_BUCKET) continue;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!];
        if (shapes[a] === shapes[b]) continue;
        const id = a * slugs.length + b;
        if (seen.has(id)) continue;
        seen.add(id);
        if (stats) stats.compared++;
        const slip = slipBetween(slugs[a]!, slugs[b]!);
        if (slip) pairs.push([slugs[a]!, slugs[b]!, slip]);
      }
    }
  }
  return pairs;
}

const MIN_LENGTH = 5;

function slipKeys(text: string): Set<string> {
  const keys = new Set([text]);
  for (let at = 0; at < text.length; at++) {
    keys.add(text.slice(0, at) + text.slice(at + 1));
    if (at + 1 < text.length) keys.add(text.slice(0, at) + text.slice(at + 2));
  }
  return keys;
}

/** How `a` and `b` differ when they are one typing slip apart, else undefined. */
function slipBetween(a: string, b: string): Slip | undefined {
  if (a === b) return undefined;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return undefined;
  let start = 0;
  while (start < short.length && short[start] === long[start]) start++;
  if (short.length < long.length) return short.slice(start) === long.slice(start + 1) ? "letter" : undefined;
  if (short.slice(start + 1) === long.slice(start + 1)) return "letter";
  const swapped =
    short[start] === long[start + 1] &&
    short[start + 1] === long[start] &&
    short.slice(start + 2) === long.slice(start + 2);
  return swapped ? "swap" : undefined;
}
