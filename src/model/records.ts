/**
 * What resolvers pass around: plain objects as they come from Neo4j. A node's record holds its
 * properties (id, kind, title, regionId, provenance lists, the kind's spec fields).
 */
export interface NodeRecord {
  id: string;
  kind: string;
  title: string;
  description?: string;
  regionId?: string;
  confidence?: 'STATED' | 'INFERRED';
  rationale?: string;
  sourceDocuments?: string[];
  sourceLocators?: string[];
  sourceLocatorsInferred?: boolean[];
  sourceQuotes?: string[];
  [property: string]: unknown;
}

export interface RelationProps {
  confidence?: 'STATED' | 'INFERRED';
  rationale?: string;
  sourceDocuments?: string[];
  sourceLocators?: string[];
  sourceLocatorsInferred?: boolean[];
  sourceQuotes?: string[];
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

export interface SearchHitRecord {
  score: number;
  node: NodeRecord;
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
  latestAssessment: NodeRecord | null;
}

export interface ComparisonRowRecord {
  region: NodeRecord;
  goals: ComparisonEntryRecord[];
  measures: ComparisonEntryRecord[];
}
