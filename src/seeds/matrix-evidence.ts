/**
 * The service-path matrix argued from the graph's own evidence (000's matrix lost the columns of
 * its x marks: DOMAIN.md trap 1). For every path and column, the evidence the seeds hold:
 *
 *   A  measures of the column's service line that ADVANCE the path                  3 points each
 *   B  the line's other measures and its sub-goals whose words name the path's       1 point each
 *      subject (spec.subjectTerms: stems of the row label, which the check keeps
 *      inside the label)
 *   C  measures of any line that ADVANCE the path or name its subject and INVOLVE    2 points each
 *      the column: its line, a unit IN_SERVICE_LINE of it, or (the Kumppanuus
 *      column) any Partner
 *
 * A column's score is the sum. A row with x marks takes the x best columns; where the x-th and
 * the (x+1)-th score are equal the evidence does not separate them, and the cell says so
 * ("heikko päättely") instead of choosing silently. The same function runs in the loader's check
 * (stored choices must be among the top x, stored scores and evidence must be the recomputed
 * ones) and in the script that writes the README's evidence table.
 */
import type { SeedEntity } from './types.js';

export const WEIGHT = { advances: 3, names: 1, involves: 2 } as const;
export const WEAK_INFERENCE = 'heikko päättely';

export interface ColumnRef {
  id: string;
  title: string;
  order: number;
}

export interface CellEvidence {
  column: ColumnRef;
  score: number;
  /** Ids of the nodes that earned the score, each once, sorted. */
  evidence: string[];
  advancing: string[];
  naming: string[];
  involving: string[];
}

export interface RowEvidence {
  pathId: string;
  title: string;
  order: number;
  marks: number;
  terms: string[];
  /** Every column, best first (ties by column order). */
  cells: CellEvidence[];
  /** The x best columns' ids when the evidence separates them; the tied ones otherwise. */
  top: string[];
  /** Score of the x-th column minus that of the (x+1)-th: 0 = the evidence does not separate them. */
  margin: number;
  /** Columns whose score equals the x-th's: any x of them are equally supported. */
  tiedAtBoundary: string[];
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** The evidence table of one region's matrix, from the seed entities. */
export function matrixEvidence(entities: readonly SeedEntity[], regionId: string): RowEvidence[] {
  const inRegion = entities.filter((e) => e.metadata.region === regionId);
  const byId = new Map(inRegion.map((e) => [e.metadata.id, e]));
  const columns: ColumnRef[] = inRegion
    .filter((e) => typeof e.spec?.matrixColumn === 'number' && (e.kind === 'ServiceLine' || e.kind === 'Partner' || e.kind === 'ResponsibleUnit'))
    .map((e) => ({ id: e.metadata.id, title: e.metadata.title, order: e.spec!.matrixColumn as number }))
    .sort((a, b) => a.order - b.order);
  const columnIds = new Set(columns.map((c) => c.id));
  const partnerColumn = columns.find((c) => byId.get(c.id)?.kind === 'Partner');

  const rels = (e: SeedEntity, type: string) => (e.relations ?? []).filter((r) => r.type === type).map((r) => r.target);
  /** The column a unit or line stands in: itself, the line it is IN_SERVICE_LINE of, or the partner column. */
  const columnOfParty = (id: string): string | undefined => {
    if (columnIds.has(id)) return id;
    const e = byId.get(id);
    if (!e) return undefined;
    if (e.kind === 'Partner') return partnerColumn?.id;
    if (e.kind === 'ResponsibleUnit') return rels(e, 'IN_SERVICE_LINE').find((t) => columnIds.has(t));
    return undefined;
  };
  /** The column whose line owns a measure or sub-goal. */
  const ownerColumn = (e: SeedEntity): string | undefined =>
    [...rels(e, 'RESPONSIBLE'), ...rels(e, 'IN_SERVICE_LINE')].find((t) => columnIds.has(t) && byId.get(t)?.kind === 'ServiceLine');

  const candidates = inRegion.filter((e) => e.kind === 'Measure' || e.kind === 'SubGoal');
  const paths = inRegion.filter((e) => e.kind === 'ServicePath').sort((a, b) => (a.spec!.order as number) - (b.spec!.order as number));

  return paths.map((p) => {
    const pathId = p.metadata.id;
    const terms = ((p.spec?.subjectTerms as string[] | undefined) ?? []).map(lower);
    const names = (e: SeedEntity) => {
      const text = `${lower(e.metadata.title)} ${lower(e.metadata.description)}`;
      return terms.some((t) => text.includes(t));
    };
    const advances = (e: SeedEntity) => e.kind === 'Measure' && rels(e, 'ADVANCES').includes(pathId);
    const cells = columns.map((column): CellEvidence => {
      const advancing: string[] = [];
      const naming: string[] = [];
      const involving: string[] = [];
      for (const e of candidates) {
        const id = e.metadata.id;
        const owner = ownerColumn(e);
        const adv = advances(e);
        const nam = names(e);
        if (owner === column.id && adv) advancing.push(id);
        else if (owner === column.id && nam) naming.push(id);
        else if ((adv || nam) && e.kind === 'Measure' && rels(e, 'INVOLVES').some((t) => columnOfParty(t) === column.id)) involving.push(id);
      }
      const score = WEIGHT.advances * advancing.length + WEIGHT.names * naming.length + WEIGHT.involves * involving.length;
      return { column, score, evidence: [...advancing, ...naming, ...involving].sort(), advancing, naming, involving };
    });
    const ranked = [...cells].sort((a, b) => b.score - a.score || a.column.order - b.column.order);
    const marks = p.spec!.marks as number;
    const xth = ranked[marks - 1]?.score ?? 0;
    const next = ranked[marks]?.score;
    const margin = next === undefined ? xth : xth - next;
    const tiedAtBoundary = margin === 0 ? ranked.filter((c) => c.score === xth).map((c) => c.column.id) : [];
    return {
      pathId,
      title: p.metadata.title,
      order: p.spec!.order as number,
      marks,
      terms,
      cells: ranked,
      top: ranked.filter((c) => c.score >= xth).map((c) => c.column.id),
      margin,
      tiedAtBoundary,
    };
  });
}

/**
 * A chosen column is among the top x when its score is at least the x-th best score (with a tie
 * at the boundary, any of the tied columns is).
 */
export function isAmongTop(row: RowEvidence, columnId: string): boolean {
  const xth = row.cells[row.marks - 1]?.score ?? 0;
  const cell = row.cells.find((c) => c.column.id === columnId);
  return !!cell && cell.score >= xth;
}
