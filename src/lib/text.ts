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
  // A loop rather than `text.match(...)`: no array of every word, so no garbage (this runs for every article).
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let wordChar: boolean;
    if (code < 128) wordChar = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A character outside the Basic Multilingual Plane: test it whole.
      wordChar = LETTER_OR_NUMBER.test(String.fromCodePoint(text.codePointAt(i)!));
      i++;
    } else wordChar = LETTER_OR_NUMBER.test(text[i]!);
    if (wordChar) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && (code === 39 || code === 0x2019 || code === 45))) inWord = false;
  }
  return count;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/**
 * Minutes a reader needs for `words` words, never less than one.
 * @default wordsPerMinute 200
 */
export function readingMinutes(words: number, wordsPerMinute = 200): number {
  return Math.max(1, Math.round(words / wordsPerMinute));
}

/**
 * A copy of `text` that shares no memory with it. Parsers (YAML, markdown-it) hand out slices of
 * the text they read, and V8 keeps a slice's whole parent alive: one title kept from a file keeps
 * the file. Values that outlive the parse are copied with this.
 */
export function detached(text: string): string {
  // Slicing a joined string makes V8 copy the join into a new flat string first; the slice's
  // parent is then that copy, one character longer than `text`. JSON.parse(JSON.stringify())
  // copies too, but took 20 times as long (a third of a second over 10,000 bodies).
  return ` ${text}`.slice(1);
}
