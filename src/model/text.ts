/**
 * Rules for the text stored in the graph, shared by the seed checks and every write:
 *
 *   characters  no C0 control characters but tab and newline, no DEL, no C1 controls
 *               (U+0080-U+009F: ESC-free terminal escapes hide in them too), no bidirectional
 *               overrides or embeddings (U+202A-U+202E) and no isolates (U+2066-U+2069): a title
 *               cannot show one text and be another (Trojan Source) or paint a terminal.
 *   quotes      every fragment of a quote (fragments are separated by " … ") holds at least two
 *               words, or one word of six or more letters: "   ", " … ", "ja " say nothing about
 *               where the words are, so they prove nothing.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The first forbidden character's description ("U+0000 at 5"), or null. */
export function forbiddenCharacter(text: string): string | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const what = /[\u202a-\u202e\u2066-\u2069]/u.test(m[0]) ? 'a bidirectional override or isolate' : 'a control character';
  return `holds ${what} (U+${code} at character ${m.index + 1}); only tab and newline are allowed`;
}

/** Every string in a value with a forbidden character, by path (['metadata', 'title']) and field ('metadata.title'). */
export function forbiddenCharacters(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; field: string; message: string }[] {
  if (typeof value === 'string') {
    const problem = forbiddenCharacter(value);
    return problem ? [{ path, field: fieldOf(path), message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => forbiddenCharacters(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...forbiddenCharacters(k, path), ...forbiddenCharacters(v, [...path, k])]);
  return [];
}

const fieldOf = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Why a quote proves nothing (a fragment without two words or one of 6+ letters), or null. */
export function thinQuote(quote: string): string | null {
  const fragments = quote.split(/\s*…\s*/u);
  for (const fragment of fragments) {
    const words = fragment.match(WORD) ?? [];
    const letters = (w: string) => (w.match(/\p{L}/gu) ?? []).length;
    if (words.length >= 2 || words.some((w) => letters(w) >= 6)) continue;
    const shown = fragment.trim() ? `"${fragment.trim().slice(0, 40)}"` : 'an empty fragment';
    return `every fragment of a quote needs at least two words of the document, or one of six or more letters (${shown} has not)`;
  }
  return null;
}
