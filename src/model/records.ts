/**
 * What resolvers pass around: plain objects as they come from Neo4j. A node's record holds its
 * properties (id, kind, title, regionId, provenance lists, the kind's spec fields).
 */
export interface NodeRecord extends RelationProps {
  id: string;
  kind: string;
  title: string;
  description?: string;
  regionId?: string;
  /**
   * On a partial record (a summary, or what a look-ahead projected): the properties it holds,
   * of those the node has. Absent on a full record. Read properties through `propertyOf`
   * (src/graphql/resolvers/common.ts), which fetches the full record for any other key.
   */
  __holds?: ReadonlySet<string>;
  [property: string]: unknown;
}

/**
 * The properties a SUMMARY record holds: identity, title and the short scalar fields of every
 * kind. What is left out is most of a node's bytes (about four fifths in the curated graph):
 * provenance quotes and lists, descriptions and free text, the programmes' reported lists and
 * stored observations. Decoding those dominated a service line's tree in the profile.
 *
 * Statements that return many nodes (neighbours, the tree, trace, search) return summaries as a
 * plain list of these properties' values (`summaryOf`, cypher/projection.ts): no key strings,
 * one byte per absent property. A resolver reads any property through `propertyOf`
 * (src/graphql/resolvers/common.ts): on a summary, a key not listed here is fetched with the
 * node's full record, batched per level through a DataLoader, and only when a query selects it.
 * So a property forgotten here is slower, never wrong. The statements and `fromSummary` read the
 * order from this one list, so it may change freely.
 */
export const SUMMARY_PROPERTIES = [
  'id', 'kind', 'title', 'regionId', 'confidence', 'rationale', 'version', 'origin',
  'order', 'number', 'matrixColumn', 'part', 'marks',
  'dueYear', 'dueDate', 'dueText', 'commonKey', 'readiness', 'continues',
  'target', 'unit', 'comparator', 'population', 'year', 'baseline', 'baselineYear', 'reportName',
  'unitType', 'desiredChange', 'sharesMeasuresWith', 'shortName', 'hospitalDistrict',
  'programmeType', 'period', 'reportedOn', 'statusOverall', 'statusSchedule', 'statusRisks', 'statusResources',
  'assessmentType', 'rating', 'scaleMin', 'scaleMax', 'tentative', 'assessedOn',
] as const;

const SUMMARY_SET: ReadonlySet<string> = new Set<string>(SUMMARY_PROPERTIES);
export const isSummaryProperty = (key: string): boolean => SUMMARY_SET.has(key);

/** The id in a summary's (or projection's) values, without building the record: keys start with id. */
export const summaryId = (values: readonly unknown[]) => values[0] as string;

/**
 * A partial record from the values a statement returned for `keys`, in that order (null: the
 * node has no such property). Keys must start with 'id'.
 */
export function fromValues(keys: readonly string[], holds: ReadonlySet<string>, values: readonly unknown[]): NodeRecord {
  const record: Record<string, unknown> = { __holds: holds };
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) record[keys[i]] = v;
  }
  return record as NodeRecord;
}

/** A summary record from the values `summaryOf` (cypher/projection.ts) returned. */
export const fromSummary = (values: readonly unknown[]): NodeRecord => fromValues(SUMMARY_PROPERTIES, SUMMARY_SET, values);

/** What nodes and relations both carry: confidence and provenance, parallel source lists. */
export interface RelationProps {
  confidence?: 'STATED' | 'INFERRED';
  rationale?: string;
  sourceDocuments?: string[];
  sourceLocators?: string[];
  sourceLocatorsInferred?: boolean[];
  sourceQuotes?: string[];
  /** Parallel to sourceQuotes where any source has one; '' = none. */
  sourceSics?: string[];
  sourceNotes?: string[];
  [property: string]: unknown;
}

/** A relation seen from one end; `node` is the other end. */
export interface RelationRecord extends RelationProps {
  type: string;
  node: NodeRecord;
}

export interface EdgeRecord {
  from: string;
  to: string;
  type: string;
  confidence: 'STATED' | 'INFERRED';
  rationale?: string | null;
}

export interface TraceRecord {
  root: NodeRecord;
  objectives: NodeRecord[];
  nodes: NodeRecord[];
  edges: EdgeRecord[];
  paths: string[][];
  inferred: boolean;
}

export interface ServiceLineGoalRecord {
  strategyGoal: NodeRecord;
  subGoals: NodeRecord[];
}

export interface MatrixColumnRecord {
  id: string;
  title: string;
  kind: string;
  order: number;
}

export interface MatrixCellRecord {
  column: MatrixColumnRecord;
  involved: boolean;
  confidence: 'STATED' | 'INFERRED' | null;
  rationale: string | null;
  score: number | null;
  evidenceIds: string[];
  runnerUp: MatrixColumnRecord | null;
  runnerUpScore: number | null;
  weak: boolean;
  confirmedBy: string | null;
  confirmedAt: string | null;
  inferredRationale: string | null;
}

export interface MatrixRowRecord {
  path: NodeRecord;
  cells: MatrixCellRecord[];
  involvedCount: number;
}

export interface MatrixRecord {
  columns: MatrixColumnRecord[];
  rows: MatrixRowRecord[];
}

export interface CoverageRecord {
  region: NodeRecord;
  subGoalsWithoutMeasures: NodeRecord[];
  measuresWithoutResponsible: NodeRecord[];
  measuresWithoutIndicator: NodeRecord[];
  strategyGoalsWithoutSubGoals: NodeRecord[];
  objectivesWithoutGoals: NodeRecord[];
  inferredEdges: EdgeRecord[];
  inferredNodes: NodeRecord[];
  counts: { measures: number; measuresWithIndicator: number; subGoals: number; subGoalsWithMeasures: number };
}

/**
 * Text order with numbers compared as numbers (ks.m.x.9 before ks.m.x.10). One shared collator:
 * localeCompare with options builds a new one at every call, which showed in the profile.
 */
export const compareNatural = new Intl.Collator('en', { numeric: true }).compare;

/** Document order: matrix column/row, numbers, then ids compared with their numbers as numbers. */
export function compareNodes(a: NodeRecord, b: NodeRecord): number {
  const rank = (n: NodeRecord) => (n.order ?? n.number ?? n.matrixColumn ?? n.part ?? null) as number | null;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== null && rb !== null && ra !== rb) return ra - rb;
  return compareNatural(a.id, b.id);
}

export interface ComparisonEntryRecord {
  node: NodeRecord;
  score: number;
  matchedWords: number;
  historical: boolean;
  periodYear: number | null;
  latestAssessment: NodeRecord | null;
  /** All assessments of the latest period, in part order. */
  assessments: NodeRecord[];
  /** Each assessment with the sentence of the node's title it rates (when the title has one sentence per part). */
  ratedParts: RatedPartRecord[];
  assessmentType: string | null;
}

export interface ComparisonRowRecord {
  region: NodeRecord;
  goals: ComparisonEntryRecord[];
  measures: ComparisonEntryRecord[];
  groups: { kind: string; entries: ComparisonEntryRecord[] }[];
  nothingOnTheme: boolean;
}

export interface RatedPartRecord {
  part: number;
  sentence: string | null;
  assessment: NodeRecord;
}
