/** Anything with a publication instant and a stable tie-breaker. */
export interface Sequenced {
  /** Publication instant in milliseconds since the epoch. */
  timestamp: number;
  /** Unique key that orders items published at the same instant. */
  slug: string;
}

/** Orders items oldest first: by instant, then by slug so that ties are deterministic. */
function compareChronologically(a: Sequenced, b: Sequenced): number {
  return a.timestamp - b.timestamp || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/**
 * Links each item to its neighbours in one pass over the list sorted oldest first:
 * `previous` is the next older item, `next` the next newer one. Linear in the number of items.
 */
export function linkNeighbours<T extends Sequenced>(
  items: readonly T[],
  link: (item: T, previous: T | undefined, next: T | undefined) => void,
): T[] {
  const sorted = [...items].sort(compareChronologically);
  for (const [index, item] of sorted.entries()) link(item, sorted[index - 1], sorted[index + 1]);
  return sorted;
}
