/**
 * Cuts plain text at a word boundary near `limit` characters and adds an ellipsis when it cut.
 * @default limit 200
 */
export function truncateAtWord(text: string, limit = 200): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit + 1);
  const lastSpace = cut.lastIndexOf(" ");
  const head = lastSpace > limit * 0.6 ? cut.slice(0, lastSpace) : clean.slice(0, limit);
  return `${head.replace(/[\s,;:.\u2013\u2014-]+$/, "")}\u2026`;
}

/** Words in plain text, for reading time. */
export function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return words ? words.length : 0;
}

/**
 * Minutes a reader needs for `words` words, never less than one.
 * @default wordsPerMinute 200
 */
export function readingMinutes(words: number, wordsPerMinute = 200): number {
  return Math.max(1, Math.round(words / wordsPerMinute));
}
