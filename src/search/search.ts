/**
 * search and its facets: the plan of src/search/query.ts run against entity_terms, each hit
 * with the field that matched and a snippet whose matched words are marked.
 */
import { searchByTerms, searchFacetCounts } from '../../cypher/search.js';
import type { Database, QueryLog } from '../db/database.js';
import { fromSummary, type NodeRecord } from '../model/records.js';
import { planSearch, type Alternative, type SearchPlan } from './query.js';
import { SEARCH_TEXT_FIELDS, tokenise, wordTerms } from './terms.js';

export interface Snippet {
  field: string;
  text: string;
  /** Matched words: [start, end) offsets in text (UTF-16 code units, as JavaScript counts). */
  marks: { start: number; end: number }[];
}

export interface Hit {
  node: NodeRecord;
  score: number;
  /** How many of the user's words (common words left out) the node has. */
  matchedWords: number;
  queryWords: number;
  periodYear: number | null;
  historical: boolean;
  snippet: Snippet | null;
}

export interface SearchOptions {
  kinds?: readonly string[] | null;
  regionId?: string | null;
  first: number;
  log?: QueryLog;
}

const SNIPPET_LENGTH = 220;

/**
 * Candidates the index hands over, best Lucene score first, before filters and coordination.
 * Coordination reads each candidate's searchTerms, so the pool is what a search costs: at 100k
 * nodes 1000 candidates took 20.7 ms p50 of which the index 9.0, 300 took 13.2. Lucene's score
 * already sums the clauses a node matches, so the nodes with the most of the user's words are
 * among its best few hundred: on bench:search's 76 queries and 467 titles a pool of 100 ranks
 * exactly as one of 1000. A kinds or region filter is applied after the index, so a filtered
 * search keeps the larger pool: the nodes of one region may all score below other regions'.
 */
export const searchCandidates = (first: number, filtered = false) => (filtered ? Math.max(1000, first * 50) : Math.max(300, first * 15));

export async function searchNodes(db: Database, text: string, opts: SearchOptions): Promise<Hit[]> {
  const plan = planSearch(text);
  if (!plan) return [];
  const kinds = opts.kinds?.length ? opts.kinds : null;
  const regionId = opts.regionId ?? null;
  const rows = await db.read<{ node: unknown[]; score: number; matched: number; periodYear: number | null; historical: boolean; texts: unknown[] }>(
    searchByTerms,
    {
      query: plan.lucene,
      groups: plan.groups,
      kinds,
      regionId,
      first: opts.first,
      candidates: searchCandidates(opts.first, kinds !== null || regionId !== null),
      fields: SEARCH_TEXT_FIELDS,
    },
    opts.log,
  );
  return rows.map((r) => ({
    node: fromSummary(r.node),
    score: r.score,
    matchedWords: Number(r.matched),
    queryWords: plan.groups.length,
    periodYear: r.periodYear === null ? null : Number(r.periodYear),
    historical: r.historical,
    snippet: snippetOf(plan, r.texts),
  }));
}

export interface Facets {
  total: number;
  kinds: { value: string; count: number }[];
  regions: { value: string; count: number }[];
}

/**
 * Counts of matching nodes (any of the user's words, among the index's best searchCandidates):
 * per kind with the region filter applied, per region with the kinds filter applied, so each
 * facet shows what choosing another value would give.
 */
export async function searchFacets(db: Database, text: string, opts: Omit<SearchOptions, 'first'>): Promise<Facets> {
  const plan = planSearch(text);
  if (!plan) return { total: 0, kinds: [], regions: [] };
  const rows = await db.read<{ kind: string; regionId: string | null; count: number }>(
    searchFacetCounts,
    { query: plan.lucene, candidates: 5000 },
    opts.log,
  );
  const kindOk = (k: string) => !opts.kinds?.length || opts.kinds.includes(k);
  const regionOk = (r: string | null) => !opts.regionId || r === opts.regionId;
  const kinds = new Map<string, number>();
  const regions = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const n = Number(r.count);
    if (regionOk(r.regionId)) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + n);
    if (kindOk(r.kind) && r.regionId) regions.set(r.regionId, (regions.get(r.regionId) ?? 0) + n);
    if (regionOk(r.regionId) && kindOk(r.kind)) total += n;
  }
  const sorted = (m: Map<string, number>) => [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { total, kinds: sorted(kinds), regions: sorted(regions) };
}

function matches(terms: string[], alt: Alternative): boolean {
  return alt.every((needle) => {
    const exact = needle.endsWith(' ');
    const t = needle.trim();
    return terms.some((term) => (exact ? term === t : term.startsWith(t)));
  });
}

/**
 * The best passage: of every text the node holds (title first), the one with the most of the
 * user's words, cut to about SNIPPET_LENGTH characters around its first matched word.
 */
export function snippetOf(plan: SearchPlan, texts: unknown[]): Snippet | null {
  let best: { field: string; text: string; marks: { start: number; end: number }[]; groups: number } | null = null;
  SEARCH_TEXT_FIELDS.forEach((field, i) => {
    const value = texts[i];
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    for (const text of values) {
      const marks: { start: number; end: number }[] = [];
      const found = new Set<number>();
      for (const token of tokenise(text)) {
        const terms = wordTerms(token.word);
        let hit = false;
        plan.groups.forEach((alts, g) => {
          // A compound's all-parts alternative marks a word only when that word has every part.
          if (alts.some((alt) => matches(terms, alt))) {
            found.add(g);
            hit = true;
          }
        });
        if (hit) marks.push({ start: token.start, end: token.end });
      }
      if (found.size > 0 && (!best || found.size > best.groups)) best = { field, text: text.normalize('NFC'), marks, groups: found.size };
    }
  });
  if (!best) return null;
  const { field, text, marks } = best as { field: string; text: string; marks: { start: number; end: number }[] };
  if (text.length <= SNIPPET_LENGTH) return { field, text, marks };
  let from = Math.max(0, marks[0].start - 60);
  if (from > 0) {
    const space = text.lastIndexOf(' ', from);
    from = space > 0 && marks[0].start - space < 90 ? space + 1 : from;
  }
  let to = Math.min(text.length, from + SNIPPET_LENGTH);
  if (to < text.length) {
    const space = text.indexOf(' ', to);
    to = space > 0 && space - to < 30 ? space : to;
  }
  const lead = from > 0 ? '…' : '';
  const cut = lead + text.slice(from, to) + (to < text.length ? '…' : '');
  const shift = lead.length - from;
  return {
    field,
    text: cut,
    marks: marks.filter((m) => m.start >= from && m.end <= to).map((m) => ({ start: m.start + shift, end: m.end + shift })),
  };
}
