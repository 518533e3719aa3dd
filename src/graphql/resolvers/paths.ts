/** Service paths and the service-path matrix. */
import { servicePathMatrix } from '../../../cypher/matrix.js';
import type { MatrixColumnRecord, MatrixRecord, NodeRecord } from '../../model/records.js';
import { notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';
import { neighbours, nodeFields, relations, value } from './common.js';

export const pathResolvers: Resolvers = {
  Query: {
    servicePathMatrix: async (_, { regionId }, ctx): Promise<MatrixRecord> => {
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      const [row] = await ctx.db.read<{
        columns: MatrixColumnRecord[];
        rows: { path: NodeRecord; participants: { id: string; confidence: 'STATED' | 'INFERRED'; rationale: string | null }[] }[];
      }>(servicePathMatrix, { regionId }, ctx.log);
      ctx.loaders.prime(row.rows.map((r) => r.path));
      return {
        columns: row.columns,
        rows: row.rows.map(({ path, participants }) => {
          const byColumn = new Map(participants.map((p) => [p.id, p]));
          return {
            path,
            involvedCount: participants.length,
            cells: row.columns.map((column) => {
              const p = byColumn.get(column.id);
              return { column, involved: !!p, confidence: p?.confidence ?? null, rationale: p?.rationale ?? null };
            }),
          };
        }),
      };
    },
  },
  ServicePath: {
    ...nodeFields,
    order: value<number>('order'),
    marks: value<number>('marks'),
    participants: (n, _, ctx) => relations(ctx, n.id, 'OUT', ['HAS_PARTICIPANT']),
    advancedBy: (n, _, ctx) => neighbours(ctx, n.id, 'IN', ['ADVANCES']),
  },
  PathParticipation: {
    participant: (r) => r.node,
    confidence: (r) => r.confidence ?? 'STATED',
    rationale: (r) => r.rationale ?? null,
  },
};
