/**
 * Text -> indexed terms: the ONE step that both writers (the seed writer, src/seeds/write.ts,
 * and the mutations, src/mutations/operations.ts) and the query (src/search/query.ts) go
 * through, so that a word is cut and analysed the same way on both sides.
 *
 * `withSearchProperties(props)` adds to a node's properties:
 *   - searchTitle: the terms of the title;
 *   - searchTerms: the terms of everything the node says in words (SEARCH_TEXT_FIELDS);
 *     each as " term term ... " (space-padded, each term once), indexed by the full-text index
 *     entity_terms with the `whitespace` analyzer (cypher/schema.ts): the analysis is ours;
 *   - periodYear and historical: the period of the node (SOURCE_PERIODS), used in ranking;
 *   - searchVersion and searchEngine: which analysis made the terms (SEARCH_TERMS_VERSION, and
 *     'voikko' or 'none'), so that the start-up backfill (src/search/backfill.ts) can make them
 *     again when the analysis has changed or the engine has come since.
 * A word's terms are the word itself, its base forms and the base forms of its compound parts
 * (Voikko, src/search/morphology.ts): "arkikuntoutuksen" -> arkikuntoutuksen arkikuntoutus arki
 * kuntoutus. Without the engine, the word alone (the query then matches word beginnings).
 */
import { SEARCH_PROPERTIES } from '../model/vocabulary.js';
import { analyseWord, morphologyStatus } from './morphology.js';

/** Every property that holds words: strings or lists of strings. Order: where a hit is shown first. */
export const SEARCH_TEXT_FIELDS = [
  'title', 'description', 'text', 'desiredChange', 'reportName', 'goals', 'successes', 'achievedTargets',
  'nextTasks', 'attentionPoints', 'results', 'highlights', 'developmentThemes', 'dueText', 'population',
] as const;

/** Properties this module writes: not content, so they do not bump a node's version. */
export { SEARCH_PROPERTIES };

/**
 * The period of what each source document says: the 2020 self-evaluation (003) is history next to
 * the 2025 service strategy (000). Keyed by the document's number (the file name's prefix).
 */
export const SOURCE_PERIODS: Record<string, { year: number; historical: boolean }> = {
  '000': { year: 2025, historical: false }, // palvelustrategia, approved 9.12.2025
  '001': { year: 2025, historical: false }, // strategian toimeenpano-ohjelma, last report 2025
  '002': { year: 2025, historical: false }, // palvelustrategian arviointi 2024-2025
  '003': { year: 2020, historical: true }, // Tulevaisuuden sote-keskus, oma-arviointi 13.11.2020
  '004': { year: 2024, historical: false }, // hankkeen loppuraportti 2023-2024
};

/**
 * The version of what a word's terms are. Bump it with any change to tokenise, wordTerms or
 * src/search/morphology.ts that changes the terms of some word: nodes written before get their
 * terms again at the next start. 1: words, base forms, compound parts; 2: unknown compounds
 * split at the longest ending Voikko knows (digisotekeskus).
 */
export const SEARCH_TERMS_VERSION = 2;

export interface Token {
  word: string;
  start: number;
  end: number;
}

/**
 * Words: runs of letters and digits, lower-case, NFC. An abbreviation's case ending after a colon
 * is one word with it, without the ending ("SHL:n" -> shl), as Finnish writes it.
 */
export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  const nfc = text.normalize('NFC');
  for (const m of nfc.matchAll(/[\p{L}\p{N}]+(?::\p{L}{1,4}(?![\p{L}\p{N}]))?/gu)) {
    const raw = m[0];
    const colon = raw.indexOf(':');
    out.push({ word: (colon >= 0 ? raw.slice(0, colon) : raw).toLowerCase(), start: m.index!, end: m.index! + raw.length });
  }
  return out;
}

/** The terms of one word: itself, its base forms, its compound parts' base forms. */
export function wordTerms(word: string): string[] {
  const a = analyseWord(word);
  if (a.lemmas.length === 0 && a.parts.length === 0) return [word];
  return [...new Set([word, ...a.lemmas, ...a.parts])];
}

export function textTerms(texts: Iterable<string>): Set<string> {
  const terms = new Set<string>();
  for (const text of texts) for (const t of tokenise(text)) for (const term of wordTerms(t.word)) terms.add(term);
  return terms;
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const padded = (terms: Set<string>) => (terms.size ? ` ${[...terms].join(' ')} ` : ' ');

export function periodOf(props: Record<string, unknown>): { year: number | null; historical: boolean } {
  const docs = Array.isArray(props.sourceDocuments) ? (props.sourceDocuments as unknown[]) : [];
  const known = docs.map((d) => SOURCE_PERIODS[String(d).slice(0, 3)]).filter((p) => p !== undefined);
  if (known.length === 0) return { year: null, historical: false };
  // A node stated in a current document too is current.
  const current = known.filter((p) => !p.historical);
  const pick = current.length ? current : known;
  return { year: Math.max(...pick.map((p) => p.year)), historical: current.length === 0 };
}

/** The node's properties with the search properties added (the input is not changed). */
export function withSearchProperties<T extends Record<string, unknown>>(props: T): T & Record<string, unknown> {
  const all: string[] = [];
  for (const f of SEARCH_TEXT_FIELDS) all.push(...textsOf(props[f]));
  const period = periodOf(props);
  const out: Record<string, unknown> = {
    ...props,
    searchTitle: padded(textTerms(textsOf(props.title))),
    searchTerms: padded(textTerms(all)),
    searchVersion: SEARCH_TERMS_VERSION,
    searchEngine: morphologyStatus().engine,
    historical: period.historical,
  };
  if (period.year !== null) out.periodYear = period.year;
  else delete out.periodYear;
  return out as T & Record<string, unknown>;
}
