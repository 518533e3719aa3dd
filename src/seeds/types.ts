/** The shapes of the seed pipeline: what a YAML document holds once it has passed the schema. */

export interface SourceRef {
  document: string;
  locator?: string;
  locatorInferred?: boolean;
  quote: string;
  /** Words of the quote kept as printed although the source shows them to be a slip ("9.12.2026"). */
  sic?: string;
  /** A curator's note on the source (why a sic is kept). */
  note?: string;
}

export type Confidence = 'STATED' | 'INFERRED';

export interface SeedRelation {
  type: string;
  target: string;
  confidence?: Confidence;
  rationale?: string;
  sources?: SourceRef[];
  /** An INFERRED matrix cell's evidence (src/seeds/matrix-evidence.ts). */
  evidence?: CellEvidenceRef;
}

export interface CellEvidenceRef {
  score: number;
  ids: string[];
  runnerUp?: string;
  runnerUpScore?: number;
  weak?: boolean;
}

export interface SeedEntity {
  apiVersion: string;
  kind: string;
  metadata: {
    id: string;
    title: string;
    description?: string;
    region?: string;
    confidence?: Confidence;
    rationale?: string;
  };
  spec?: Record<string, unknown>;
  relations?: SeedRelation[];
  sources: SourceRef[];
}

/** Where something was read: a file relative to the seeds folder's parent, and a 1-based line. */
export interface Location {
  file: string;
  line: number;
}

export interface LocatedEntity {
  entity: SeedEntity;
  location: Location;
  /** Line of a field, by its path inside the document (['relations', 2, 'target']). */
  lineOf(path: (string | number)[]): number;
}

export interface SeedProblem extends Location {
  /** The field, as a path: relations[2].target */
  field: string;
  message: string;
}

export function formatProblem(p: SeedProblem): string {
  return `${p.file}:${p.line}: ${p.field || '(document)'}: ${p.message}`;
}

export function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}
