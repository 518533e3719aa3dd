/**
 * Interface text in Finnish, Swedish and English (the content of the graph stays in the documents'
 * Finnish). Each view registers its own catalogue; `t` looks a key up in the chosen language and
 * falls back to Finnish, then to the key itself (so a missing text shows, and a test can find it).
 *
 * The language: `?lang=` in the URL, else the one kept from the language switch, else the first
 * of the browser's languages that is Finnish, Swedish or English, else Finnish.
 *
 * Messages may hold `{name}` placeholders. Counts take the singular/plural form:
 * `plural(n, 'hits')` reads the keys `hits.one` and `hits.other` ("1 osuma", "2 osumaa").
 */

export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];
export type Catalogue = Record<string, string>;

const catalogues: Record<Lang, Catalogue> = { fi: {}, sv: {}, en: {} };
const STORAGE_KEY = 'strategy-graph.lang';

export function registerMessages(messages: Record<Lang, Catalogue>): void {
  for (const l of LANGS) Object.assign(catalogues[l], messages[l]);
}

function pick(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && (LANGS as string[]).includes(fromUrl)) return fromUrl as Lang;
  try {
    const kept = localStorage.getItem(STORAGE_KEY);
    if (kept && (LANGS as string[]).includes(kept)) return kept as Lang;
  } catch { /* storage may be off */ }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = (tag ?? '').toLowerCase().split('-')[0];
    if ((LANGS as string[]).includes(primary)) return primary as Lang;
  }
  return 'fi';
}

let current: Lang = pick();

export const lang = (): Lang => current;

/** Chooses the language (the switch); kept for later visits. The caller redraws. */
export function setLang(l: Lang): void {
  current = l;
  try { localStorage.setItem(STORAGE_KEY, l); } catch { /* storage may be off */ }
  document.documentElement.lang = l;
}

export function t(key: string, vars: Record<string, string | number> = {}): string {
  const text = catalogues[current][key] ?? catalogues.fi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? format(vars[name]) : m));
}

/** The form of `key` for the count n: `${key}.one` when n is 1, else `${key}.other`; {n} is n. */
export function plural(n: number, key: string, vars: Record<string, string | number> = {}): string {
  return t(`${key}.${n === 1 ? 'one' : 'other'}`, { n, ...vars });
}

/** Numbers as the language writes them (1 234,5 in Finnish and Swedish). */
export function format(x: string | number): string {
  return typeof x === 'number' ? x.toLocaleString(locale()) : x;
}

export const locale = (): string => ({ fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' })[current];
