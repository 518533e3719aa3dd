/**
 * Turning what a user typed into a Lucene query, safely. planSearch (below) is the query of
 * `search` and `compare`; buildSearchQuery is the earlier one over entity_text (Neo4j's
 * `finnish` analyzer), kept only as the peer in the benchmarks, which make that index for it
 * (bench/cypher.ts): the product no longer has it.
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
import { analyseWord, morphologyStatus } from './morphology.js';
import { tokenise } from './terms.js';

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

/**
 * Common words that never decide a match (Lucene's Finnish stop list and a few more): they are
 * looked for, so they can add to the score, but never required, and they do not count in the
 * coordination (how many of the user's words a node has).
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  ('ja sekä tai eli kanssa mukaan niiden jossa joiden heidän minkä meillä näissä on ei ole olla ovat oli myös että kun jos '
    + 'joka jotka mikä mitkä se ne sen niin kuin vain tämä nämä tämän näiden sitä siitä siinä mutta vaan kaikki kaikkien '
    + 'me he hän te sinä minä mitä miten jolla joilla jonka joita kanssaan yli alle ennen jälkeen kautta osalta avulla').split(' '),
);

/** One alternative: needles that must ALL be in a node's space-padded terms (" term " exact, " prefix" beginning). */
export type Alternative = string[];

export interface SearchPlan {
  /** The Lucene query over entity_terms (our terms, whitespace analyzer); words only, no user syntax. */
  lucene: string;
  /** Per user word (common words left out unless nothing else is left), its alternatives. */
  groups: Alternative[][];
  /** The user's words, as tokenised. */
  words: string[];
}

const PREFIX_MIN = 3;

/**
 * The query plan: every word is optional (ranked by coordination, not required), and each word
 * matches through its alternatives: the word or a longer word it begins (digi -> digitaalinen),
 * its base forms and their beginnings (tuen -> tuki), and for a compound all of its parts
 * (terveyspalvelu -> terveys + palvelu). Tokenised exactly as the index is (src/search/terms.ts).
 * Without the morphology engine: the word, and today's gradation prefix (perhehoito -> perhehoi*).
 */
export function planSearch(text: string): SearchPlan | null {
  const words = [...new Set(tokenise(text.slice(0, MAX_SEARCH_LENGTH)).map((t) => t.word))].slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return null;
  const morphology = morphologyStatus().engine === 'voikko';
  const clauses: string[] = [];
  const allGroups: { common: boolean; alts: Alternative[] }[] = [];
  for (const w of words) {
    const common = COMMON_WORDS.has(w) || w.length < 2;
    const alts: Alternative[] = [];
    const lucene: string[] = [];
    const exact = (t: string) => { alts.push([` ${t} `]); lucene.push(t); };
    const prefix = (t: string) => { alts.push([` ${t}`]); lucene.push(`${t}*`); };
    if (common || w.length < PREFIX_MIN || /^\d+$/.test(w)) exact(w);
    else {
      lucene.push(`${w}^2`);
      prefix(w);
    }
    if (!common) {
      if (morphology) {
        const a = analyseWord(w);
        for (const l of a.lemmas) if (l !== w) (l.length >= 4 ? prefix : exact)(l);
        const parts = a.parts.filter((p) => p.length >= 3 && !a.lemmas.includes(p));
        // The last analysis' parts form the compound: all of them must be there.
        if (parts.length >= 2) {
          const uniqueParts = [...new Set(parts)].slice(0, 4);
          alts.push(uniqueParts.map((p) => ` ${p} `));
          lucene.push(`(${uniqueParts.map((p) => `+${p}`).join(' ')})`);
        }
      } else {
        const g = gradationPrefix(w);
        if (g) prefix(g);
      }
    }
    clauses.push(lucene.length === 1 ? lucene[0] : `(${lucene.join(' OR ')})`);
    allGroups.push({ common, alts });
  }
  const content = allGroups.filter((g) => !g.common);
  return { lucene: clauses.join(' '), groups: (content.length ? content : allGroups).map((g) => g.alts), words };
}
