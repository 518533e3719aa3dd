/** impact and fragility: budget-cut analysis (read only; see src/impact/analyse.ts). */
import { analyseFragility, analyseImpact, UnknownIdsError } from '../../impact/analyse.js';
import { cutCandidates } from '../../../cypher/impact.js';
import { badInput, notFound } from '../../errors.js';
import { compareNatural, fromSummary, type NodeRecord } from '../../model/records.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/types.js';

import { MAX_CUT } from '../../security/limits.js';

export { MAX_CUT };

export interface CutCandidateModel {
  node: NodeRecord;
  lineId: string | null;
}

/** Ids to nodes through the request's loader (one batched round trip per level); vanished ones left out. */
const many = async (ctx: Context, ids: string[]) => (await ctx.loaders.node.loadMany(ids)).filter((n) => n && !(n instanceof Error)) as never;
const one = async (ctx: Context, id: string) => {
  const n = await ctx.loaders.node.load(id);
  if (!n) throw new Error(`node ${id} vanished during the request`);
  return n as never;
};

export const impactResolvers: Resolvers = {
  Query: {
    impact: async (_, { cut, regionId }, ctx) => {
      if (cut.length > MAX_CUT) throw badInput(`a cut holds at most ${MAX_CUT} ids (got ${cut.length})`, 'cut');
      if (regionId && !(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      try {
        return await analyseImpact(ctx.db, cut, regionId ?? null, ctx.log);
      } catch (err) {
        if (err instanceof UnknownIdsError) throw notFound('cut ids', err.ids);
        throw err;
      }
    },
    cutCandidates: async (_, { regionId }, ctx) => {
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      const rows = await ctx.db.read<{ node: unknown[]; lineId: string | null }>(cutCandidates, { regionId }, ctx.log);
      const nodes = ctx.loaders.prime(rows.map((r) => fromSummary(r.node)));
      const order = ['SERVICE_LINE', 'RESPONSIBLE_UNIT', 'PARTNER', 'PROGRAMME', 'MEASURE'];
      return nodes
        .map((node, i) => ({ node, lineId: rows[i].lineId }))
        .sort((a, b) => order.indexOf(a.node.kind) - order.indexOf(b.node.kind) || a.node.title.localeCompare(b.node.title, 'fi') || compareNatural(a.node.id, b.node.id));
    },
    fragility: async (_, { regionId, first }, ctx) => {
      const limit = first ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badInput(`first must be between 1 and 500 (got ${limit})`, 'first');
      if (!(await ctx.loaders.node.load(regionId))) throw notFound('region', [regionId]);
      return (await analyseFragility(ctx.db, regionId, ctx.log)).slice(0, limit);
    },
  },
  ImpactReport: {
    cut: async (r, _, ctx) => (await ctx.loaders.node.loadMany(r.cutIds)).filter((n) => n && !(n instanceof Error)) as never,
    removedMeasures: async (r, _, ctx) => (await ctx.loaders.node.loadMany(r.removedMeasureIds)).filter((n) => n && !(n instanceof Error)) as never,
  },
  CutCandidate: {
    serviceLine: async (c, _, ctx) => (c.lineId ? ctx.loaders.node.load(c.lineId) : null) as never,
  },
  AtRiskItem: {
    node: (a, _, ctx) => one(ctx, a.nodeId),
    lost: (a, _, ctx) => many(ctx, a.lostIds),
    remaining: (a, _, ctx) => many(ctx, a.remainingIds),
    responsible: (a, _, ctx) => many(ctx, a.responsibleIds),
    subGoals: (a, _, ctx) => many(ctx, a.subGoalIds),
    strategyGoals: (a, _, ctx) => many(ctx, a.strategyGoalIds),
    objectives: (a, _, ctx) => many(ctx, a.objectiveIds),
    servicePaths: (a, _, ctx) => many(ctx, a.servicePathIds),
  },
  ServicePathLoss: {
    path: (p, _, ctx) => one(ctx, p.pathId),
    participants: (p, _, ctx) => many(ctx, p.participantIds),
    lost: (p, _, ctx) => many(ctx, p.lostIds),
    remaining: (p, _, ctx) => many(ctx, p.remainingIds),
  },
  ImpactItem: {
    node: (i, _, ctx) => ctx.loaders.prime([i.node])[0],
  },
  ObjectiveImpact: {
    objective: (o, _, ctx) => ctx.loaders.prime([o.objective])[0],
  },
  FragilityItem: {
    node: async (f, _, ctx) => {
      const n = await ctx.loaders.node.load(f.nodeId);
      if (!n) throw new Error(`node ${f.nodeId} vanished during the request`);
      return n;
    },
    orphans: (f, _, ctx) => ctx.loaders.prime(f.orphans),
    carriesAlone: (f, _, ctx) => many(ctx, f.carriesAloneIds),
  },
};
