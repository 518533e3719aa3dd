/**
 * Turning what a user typed into a Lucene query for the Finnish full-text index, safely.
 *
 * The user's text is never parsed as query syntax: it is cut into words made of letters and
 * digits only, so quotes, brackets, operators (AND, ||, ~, *, :) and control characters cannot
 * reach Lucene. Each word then becomes `(word^2 OR stem*)`:
 *   - `word` goes through the index's Finnish analyzer (Snowball stemming, stop words);
 *   - `stem*` is a prefix that also survives Finnish consonant gradation, which the stemmer does
 *     not undo: perhehoito -> perhehoi* finds perhehoidon; palvelupolku -> palvelupol* finds
 *     palvelupolut. It strips the inflectional tail (final consonants, then final vowels, then
 *     the one consonant where gradation happens), never below 4 letters or 60 % of the word.
 * Every word of 3 letters or more is required (+); shorter ones only add to the score.
 */
export const MAX_SEARCH_WORDS = 12;
export const MAX_SEARCH_LENGTH = 500;

const VOWELS = 'aeiouyäöå';

export function searchWords(text: string): string[] {
  const words = text
    .slice(0, MAX_SEARCH_LENGTH)
    .normalize('NFC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  return [...new Set(words ?? [])].slice(0, MAX_SEARCH_WORDS);
}

export function gradationPrefix(word: string): string | null {
  if (word.length < 5 || /\d/.test(word)) return null;
  const minimum = Math.max(4, Math.ceil(word.length * 0.6));
  let prefix = word;
  const steps = [new RegExp(`[^${VOWELS}]+$`), new RegExp(`[${VOWELS}]+$`), new RegExp(`[^${VOWELS}]$`)];
  for (const step of steps) {
    const next = prefix.replace(step, '');
    if (next.length < minimum) break;
    prefix = next;
  }
  return prefix === word ? null : prefix;
}

/** The Lucene query, or null when the text holds no word to search for. */
export function buildSearchQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words
    .map((w) => {
      const prefix = gradationPrefix(w);
      const clause = prefix ? `(${w}^2 OR ${prefix}*)` : w;
      return w.length >= 3 ? `+${clause}` : clause;
    })
    .join(' ');
}
