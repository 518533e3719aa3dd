/** trace: a node's routes up to the strategy objectives (one round trip, see cypher/trace.ts). */
import { traceToObjectives } from '../../../cypher/trace.js';
import { compareNatural, compareNodes, fromSummary, summaryId, type EdgeRecord, type NodeRecord, type TraceRecord } from '../../model/records.js';
import type { Context } from '../context.js';
import { notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';

export async function traceNode(ctx: Context, id: string): Promise<TraceRecord> {
  const [row] = await ctx.db.read<{ root: NodeRecord; nodes: unknown[][]; edges: EdgeRecord[]; paths: string[][] }>(
    traceToObjectives,
    { id },
    ctx.log,
  );
  if (!row) throw notFound('node', [id]);
  // The root in full, the others as summaries (cypher/trace.ts).
  const nodes = row.nodes.length > 0 ? row.nodes.map((n) => (summaryId(n) === row.root.id ? row.root : fromSummary(n))) : [row.root];
  ctx.loaders.prime(nodes);
  const paths = row.root.kind === 'STRATEGY_OBJECTIVE' ? [[row.root.id]] : row.paths;
  const objectiveIds = new Set(paths.map((p) => p[p.length - 1]));
  const onPaths = new Set(paths.flatMap((p) => p.slice(1).map((to, i) => `${p[i]}|${to}`)));
  return {
    root: row.root,
    objectives: nodes.filter((n) => objectiveIds.has(n.id)).sort(compareNodes),
    nodes,
    edges: row.edges,
    paths: paths.sort((a, b) => compareNatural(a.join('/'), b.join('/'))),
    inferred: row.edges.some((e) => e.confidence === 'INFERRED' && onPaths.has(`${e.from}|${e.to}`)),
  };
}

export const traceResolvers: Resolvers = {
  Query: {
    trace: (_, { id }, ctx) => traceNode(ctx, id),
  },
  Edge: {
    rationale: (e) => e.rationale ?? null,
  },
};
