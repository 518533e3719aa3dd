/** Service paths and the service-path matrix, with the evidence of its inferred cells. */
import { servicePathMatrix } from '../../../cypher/matrix.js';
import type { MatrixCellRecord, MatrixColumnRecord, MatrixRecord, NodeRecord } from '../../model/records.js';
import { notFound } from '../../errors.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/types.js';
import { neighbours, nodeFields, relations, value } from './common.js';

interface StoredCell {
  id: string;
  confidence: 'STATED' | 'INFERRED';
  rationale: string | null;
  evidenceScore: number | null;
  evidenceIds: string[];
  evidenceRunnerUp: string | null;
  evidenceRunnerUpScore: number | null;
  evidenceWeak: boolean;
  confirmedBy: string | null;
  confirmedAt: string | null;
  inferredRationale: string | null;
}

/** The matrix of a region as the API serves it (also the answer of confirmMatrixCell). */
export async function matrixOf(ctx: Context, regionId: string): Promise<MatrixRecord> {
  if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
  const [row] = await ctx.db.read<{ columns: MatrixColumnRecord[]; rows: { path: NodeRecord; participants: StoredCell[] }[] }>(servicePathMatrix, { regionId }, ctx.log);
  ctx.loaders.prime(row.rows.map((r) => r.path));
  const columnById = new Map(row.columns.map((c) => [c.id, c]));
  return {
    columns: row.columns,
    rows: row.rows.map(({ path, participants }) => {
      const byColumn = new Map(participants.map((p) => [p.id, p]));
      return {
        path,
        involvedCount: participants.length,
        cells: row.columns.map((column): MatrixCellRecord => {
          const p = byColumn.get(column.id);
          return {
            column,
            involved: !!p,
            confidence: p?.confidence ?? null,
            rationale: p?.rationale ?? null,
            score: p?.evidenceScore ?? null,
            evidenceIds: p?.evidenceIds ?? [],
            runnerUp: (p?.evidenceRunnerUp && columnById.get(p.evidenceRunnerUp)) || null,
            runnerUpScore: p?.evidenceRunnerUpScore ?? null,
            weak: p?.evidenceWeak ?? false,
            confirmedBy: p?.confirmedBy ?? null,
            confirmedAt: p?.confirmedAt ?? null,
            inferredRationale: p?.inferredRationale ?? null,
          };
        }),
      };
    }),
  };
}

export const pathResolvers: Resolvers = {
  Query: {
    servicePathMatrix: (_, { regionId }, ctx) => matrixOf(ctx, regionId),
  },
  MatrixCell: {
    // one loader batch for the evidence of every cell the query asks about
    evidence: async (c, _, ctx) => (await ctx.loaders.node.loadMany(c.evidenceIds)).filter((n): n is NodeRecord => !!n && !(n instanceof Error)),
  },
  ServicePath: {
    ...nodeFields,
    order: value<number>('order'),
    marks: value<number>('marks'),
    subjectTerms: value<string[]>('subjectTerms', []),
    participants: (n, _, ctx) => relations(ctx, n.id, 'OUT', ['HAS_PARTICIPANT']),
    advancedBy: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['ADVANCES']),
  },
  PathParticipation: {
    participant: (r) => r.node,
    confidence: (r) => r.confidence ?? 'STATED',
    rationale: (r) => r.rationale ?? null,
  },
};
