/**
 * The five benchmarked operations, each written three ways that fetch the same data: our GraphQL
 * API, the peer's generated API (bench/peer.ts) and the raw statement (bench/serve.ts, raw).
 * Each request takes the next id (or word) from a sample, so the load is spread over the graph
 * rather than one hot key.
 */
import { buildSearchQuery, planSearch } from '../src/search/query.js';
import { searchCandidates } from '../src/search/search.js';
import { SEARCH_TEXT_FIELDS } from '../src/search/terms.js';

export type Way = 'ours' | 'peer' | 'raw';
export const WAYS: Way[] = ['ours', 'peer', 'raw'];
export type OpName = 'trace' | 'tree' | 'search' | 'impact' | 'matrix';
export const OPS: OpName[] = ['trace', 'tree', 'search', 'impact', 'matrix'];

export const OP_TITLES: Record<OpName, string> = {
  trace: 'trace of a measure',
  tree: "a service line's full tree",
  search: 'search',
  impact: 'impact of a five-measure cut',
  matrix: 'service-path matrix',
};

export interface Sample {
  measures: string[];
  lines: string[];
  matrixRegions: string[];
}

const SEARCH_WORDS = ['perhehoito', 'kotihoito', 'omaishoito', 'mielenterveys', 'lastensuojelu', 'asumispalvelut', 'digitaaliset palvelut', 'kuntoutus'];

const Q = {
  ours: {
    trace: 'query ($id: ID!) { trace(id: $id) { objectives { id number } nodes { id kind title } edges { from to type confidence } paths } }',
    tree: `query ($id: ID!) { serviceLine(id: $id) { id title goals { strategyGoal { id title } subGoals { id title
      measures { id title dueYear indicators { id title target unit } responsible { id title } } } } } }`,
    search: 'query ($text: String!) { search(text: $text, first: 20) { score node { id kind title } } }',
    impact: `query ($cut: [ID!]!) { impact(cut: $cut) {
      orphaned { node { id kind } before after severity evidence } weakened { node { id kind } before after severity }
      objectives { objective { id } before after shareLost } singlePointsOfFailure { node { id } } } }`,
    matrix: `query ($regionId: ID!) { servicePathMatrix(regionId: $regionId) { columns { id title }
      rows { path { id title } cells { column { id } involved confidence rationale } } } }`,
  },
  peer: {
    trace: 'query ($id: ID!) { trace(id: $id) { nodes { id kind title } edges { from to type confidence } paths } }',
    tree: `query ($id: ID!) { serviceLines(where: { id: { eq: $id } }) { id title subGoals { id title strategyGoals { id title }
      measures { id title dueYear indicators { id title target unit }
        responsible { ... on ServiceLine { id title } ... on ResponsibleUnit { id title } ... on Partner { id title } } } } } }`,
    search: 'query ($query: String!) { search(query: $query, first: 20) { id kind title score } }',
    impact: 'query ($cut: [ID!]!) { impact(cut: $cut) { missing cutMeasureIds items { id kind before } } }',
    matrix: `query ($regionId: String!) { servicePaths(where: { regionId: { eq: $regionId } }, sort: [{ order: ASC }]) { id title order
      participantsConnection { edges { properties { confidence rationale } node {
        ... on ServiceLine { id title } ... on ResponsibleUnit { id title } ... on Partner { id title } } } } } }`,
  },
};

/** The variables of request number i of an operation. */
export function variablesOf(op: OpName, sample: Sample, i: number): Record<string, unknown> {
  const pick = <T>(list: T[]) => list[i % list.length];
  switch (op) {
    case 'trace':
      return { id: pick(sample.measures) };
    case 'tree':
      return { id: pick(sample.lines) };
    case 'search':
      return { text: pick(SEARCH_WORDS) };
    case 'impact': {
      const start = (i * 5) % Math.max(1, sample.measures.length - 5);
      return { cut: sample.measures.slice(start, start + 5) };
    }
    case 'matrix':
      return { regionId: pick(sample.matrixRegions) };
  }
}

/** The HTTP path and JSON body of request number i. */
export function requestOf(way: Way, op: OpName, sample: Sample, i: number): { path: string; body: string } {
  const vars = variablesOf(op, sample, i);
  if (way === 'raw') {
    const params =
      op === 'search'
        ? (() => {
            const plan = planSearch(vars.text as string)!;
            return { query: plan.lucene, groups: plan.groups, kinds: null, regionId: null, first: 20, candidates: searchCandidates(20), fields: SEARCH_TEXT_FIELDS };
          })()
        : op === 'impact'
          ? { cut: vars.cut, regionId: null }
          : vars;
    return { path: '/', body: JSON.stringify({ op, params }) };
  }
  const variables = way === 'peer' && op === 'search' ? { query: buildSearchQuery(vars.text as string) } : vars;
  return { path: '/graphql', body: JSON.stringify({ query: Q[way][op], variables }) };
}
