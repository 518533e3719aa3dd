/** impact and fragility: budget-cut analysis (read only; see src/impact/analyse.ts). */
import { analyseFragility, analyseImpact, UnknownIdsError } from '../../impact/analyse.js';
import { badInput, notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';

import { MAX_CUT } from '../../security/limits.js';

export { MAX_CUT };

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
  },
};
