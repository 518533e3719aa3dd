/** The map's GraphQL calls: plain fetch to the same server's /graphql, read only. */
import { registerMessages, t } from './i18n';

registerMessages({
  fi: { 'api.unreachable': 'Palvelimeen ei saatu yhteyttä.', 'api.httpError': 'Palvelin vastasi virheellä (HTTP {status}).', 'api.noData': 'Palvelin ei palauttanut tietoja.' },
  sv: { 'api.unreachable': 'Servern gick inte att nå.', 'api.httpError': 'Servern svarade med ett fel (HTTP {status}).', 'api.noData': 'Servern returnerade inga uppgifter.' },
  en: { 'api.unreachable': 'The server could not be reached.', 'api.httpError': 'The server answered with an error (HTTP {status}).', 'api.noData': 'The server returned no data.' },
});

export type Confidence = 'STATED' | 'INFERRED';

export interface SourceRef {
  document: string;
  locator: string | null;
  locatorInferred: boolean;
  quote: string;
}

export interface MapNode {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  confidence: Confidence;
  rationale: string | null;
  region: { id: string; shortName: string | null } | null;
  sources: SourceRef[];
}

export interface MapEdge {
  from: string;
  to: string;
  type: string;
  confidence: Confidence;
  rationale: string | null;
}

export interface TraceResult {
  root: { id: string };
  objectives: { id: string; number: number }[];
  nodes: MapNode[];
  edges: MapEdge[];
  paths: string[][];
  inferred: boolean;
}

export interface SearchHit {
  score: number;
  node: { id: string; kind: string; title: string; region: { id: string; shortName: string | null } | null };
  snippet?: { field: string; text: string; marks: { start: number; end: number }[] } | null;
}

export interface ImpactItem {
  node: { id: string; kind: string; title: string };
  before: number;
  after: number;
  severity: number;
}

export interface ImpactReport {
  cut: { id: string; title: string }[];
  removedMeasures: { id: string; title: string }[];
  orphaned: ImpactItem[];
  weakened: ImpactItem[];
  objectives: { objective: { id: string; number: number; title: string }; before: number; after: number; shareLost: number }[];
  singlePointsOfFailure: { node: { id: string } }[];
}

export interface Matrix {
  columns: { id: string; title: string; kind: string; order: number }[];
  rows: {
    path: { id: string; order: number; title: string; marks: number };
    involvedCount: number;
    cells: { column: { id: string }; involved: boolean; confidence: Confidence | null; rationale: string | null }[];
  }[];
}

export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
  } catch {
    throw new GraphQLRequestError(t('api.unreachable'));
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new GraphQLRequestError(t('api.httpError', { status: res.status }));
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new GraphQLRequestError(e.message, e.extensions?.code);
  }
  if (!body.data) throw new GraphQLRequestError(t('api.noData'));
  return body.data;
}

const NODE_FIELDS = 'id kind title description confidence rationale region { id shortName } sources { document locator locatorInferred quote }';

export const Q_REGIONS = '{ regions { id title shortName } }';

export const Q_SEARCH = `query MapSearch($text: String!, $regionId: ID) {
  search(text: $text, regionId: $regionId, first: 25) { score node { id kind title region { id shortName } } snippet { field text marks { start end } } }
}`;

export const Q_TRACE = `query MapTrace($id: ID!) {
  trace(id: $id) {
    root { id }
    objectives { id number }
    nodes { ${NODE_FIELDS} }
    edges { from to type confidence rationale }
    paths
    inferred
  }
}`;

export const Q_NODES = `query MapNodes($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`;

export const Q_IMPACT = `query MapImpact($cut: [ID!]!, $regionId: ID) {
  impact(cut: $cut, regionId: $regionId) {
    cut { id title }
    removedMeasures { id title }
    orphaned { node { id kind title } before after severity }
    weakened { node { id kind title } before after severity }
    objectives { objective { id number title } before after shareLost }
    singlePointsOfFailure { node { id } }
  }
}`;

export const Q_MATRIX = `query MapMatrix($regionId: ID!) {
  servicePathMatrix(regionId: $regionId) {
    columns { id title kind order }
    rows {
      path { id order title marks }
      involvedCount
      cells { column { id } involved confidence rationale }
    }
  }
}`;

// ---------- overview and support trees (overview.ts, tree.ts) ----------

export interface NodeRef {
  id: string;
  kind: string;
  title: string;
  dueYear?: number | null;
}

export interface IndicatorRef extends NodeRef {
  target: number | null;
  comparator: string | null;
  unit: string | null;
  year: number | null;
  observations: { value: number; period: string; unit: string | null }[];
}

export interface OverviewData {
  year: number;
  region: { id: string; title: string; shortName: string | null };
  objectives: { objective: NodeRef & { number: number }; strategyGoals: NodeRef[]; subGoals: NodeRef[]; measures: NodeRef[]; indicators: IndicatorRef[] }[];
  programmes: (NodeRef & { programmeType: string; parent: { id: string } | null; status: { overall: string; quote: string | null }; indicators: IndicatorRef[] })[];
  dueThisYear: NodeRef[];
  dueNextYear: NodeRef[];
}

export interface OverviewGaps {
  coverage: {
    subGoalsWithoutMeasures: NodeRef[];
    measuresWithoutResponsible: NodeRef[];
    measuresWithoutIndicator: NodeRef[];
    strategyGoalsWithoutSubGoals: NodeRef[];
    inferredNodes: NodeRef[];
    inferredEdges: { from: string; to: string; type: string; rationale: string | null }[];
  };
}

/** On a Node-typed field; on a typed one, BASE or MEASURE (a fragment on another type is invalid). */
const REF = 'id kind title ... on Measure { dueYear }';
const BASE = 'id kind title';
const MEASURE = 'id kind title dueYear';
const INDICATOR = 'id kind title target comparator unit year observations { value period unit }';

export const Q_OVERVIEW = `query MapOverview($regionId: ID!) {
  overview(regionId: $regionId) {
    year
    region { id title ... on Region { shortName } }
    objectives {
      objective { id kind title number }
      strategyGoals { ${BASE} } subGoals { ${BASE} } measures { ${MEASURE} } indicators { ${INDICATOR} }
    }
    programmes { id kind title programmeType parent { id } status { overall quote } indicators { ${INDICATOR} } }
    dueThisYear { ${MEASURE} } dueNextYear { ${MEASURE} }
  }
}`;

/** The gaps come in a second request: the coverage statement is the slow part, the rest shows first. */
export const Q_OVERVIEW_GAPS = `query MapOverviewGaps($regionId: ID!) {
  overview(regionId: $regionId) {
    coverage {
      subGoalsWithoutMeasures { ${BASE} } measuresWithoutResponsible { ${MEASURE} } measuresWithoutIndicator { ${MEASURE} }
      strategyGoalsWithoutSubGoals { ${BASE} } inferredNodes { ${REF} }
      inferredEdges { from to type rationale }
    }
  }
}`;

export interface TreeEntry {
  node: NodeRef & { confidence: Confidence };
  parentId: string | null;
  depth: number;
  relation: string | null;
  direction: 'IN' | 'OUT' | null;
  confidence: Confidence | null;
  rationale: string | null;
}

export interface SupportTreeData {
  root: NodeRef;
  ancestors: NodeRef[];
  truncated: boolean;
  entries: TreeEntry[];
  facets: { serviceLines: NodeRef[]; units: NodeRef[]; dueYears: number[]; kinds: string[] };
}

export interface TreeFilter {
  serviceLineId?: string;
  unitId?: string;
  dueYear?: number;
  kinds?: string[];
  confidence?: Confidence;
}

export const Q_TREE = `query MapSupportTree($id: ID!, $filter: SupportTreeFilter, $depth: Int) {
  supportTree(id: $id, filter: $filter, depth: $depth) {
    root { ${REF} }
    ancestors { id kind title }
    truncated
    entries { node { ${REF} confidence } parentId depth relation direction confidence rationale }
    facets { serviceLines { id kind title } units { id kind title } dueYears kinds }
  }
}`;
