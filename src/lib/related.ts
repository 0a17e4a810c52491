/** What related-reading scoring needs to know about an item. */
export interface Relatable {
  slug: string;
  timestamp: number;
  category: string;
  tags: readonly string[];
}

export interface RelatedOptions {
  /** @default 3 */
  limit?: number;
  /** A shared tag counts this much. @default 2 */
  tagWeight?: number;
  /** A shared category counts this much (less than a tag). @default 1 */
  categoryWeight?: number;
  /**
   * How many of the newest items per tag or category are considered. Bounds the work per item,
   * so the whole pass stays linear however large a tag grows. @default 60
   */
  candidatesPerGroup?: number;
}

/**
 * For every item, up to `limit` related items: shared tags weigh more than a shared category,
 * and among equal scores the newer item wins (then the slug, for a stable order).
 * `items` must be sorted newest first. Returns, per item, the indexes of its related items.
 */
export function relatedItems(items: readonly Relatable[], options: RelatedOptions = {}): number[][] {
  const { limit = 3, tagWeight = 2, categoryWeight = 1, candidatesPerGroup = 60 } = options;
  const byTag = new Map<string, number[]>();
  const byCategory = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [index]);
    else if (list.length < candidatesPerGroup + 1) list.push(index);
  };
  items.forEach((item, index) => {
    for (const tag of new Set(item.tags)) add(byTag, tag, index);
    add(byCategory, item.category, index);
  });

  // Scores live in one array indexed by item, reset through the list of items touched: a Map
  // per item (and its entries, iterated) allocated ~230 MB at 10,000 articles.
  const scores = new Float64Array(items.length);
  const scoredFor = new Int32Array(items.length).fill(-1);
  const touched: number[] = [];
  const credit = (self: number, list: number[] | undefined, weight: number) => {
    for (const other of list ?? []) {
      if (other === self) continue;
      if (scoredFor[other] !== self) {
        scoredFor[other] = self;
        scores[other] = 0;
        touched.push(other);
      }
      scores[other] = scores[other]! + weight;
    }
  };
  return items.map((item, self) => {
    touched.length = 0;
    for (const tag of new Set(item.tags)) credit(self, byTag.get(tag), tagWeight);
    credit(self, byCategory.get(item.category), categoryWeight);
    // Keep the best `limit` in one pass instead of sorting every candidate.
    const best: number[] = [];
    for (const candidate of touched) {
      let at = best.length;
      while (at > 0 && ranksAbove(candidate, best[at - 1]!)) at--;
      if (at < limit) {
        best.splice(at, 0, candidate);
        if (best.length > limit) best.pop();
      }
    }
    return best;
  });

  function ranksAbove(a: number, b: number): boolean {
    if (scores[a] !== scores[b]) return scores[a]! > scores[b]!;
    if (items[a]!.timestamp !== items[b]!.timestamp) return items[a]!.timestamp > items[b]!.timestamp;
    return items[a]!.slug < items[b]!.slug;
  }
}
