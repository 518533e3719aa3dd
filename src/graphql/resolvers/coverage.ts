/** coverage: what a region's graph lacks (one round trip, see cypher/coverage.ts). */
import { coverageOfRegion } from '../../../cypher/coverage.js';
import { compareNatural, compareNodes, type CoverageRecord } from '../../model/records.js';
import { notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';

export const coverageResolvers: Resolvers = {
  Query: {
    coverage: async (_, { regionId }, ctx) => {
      const [row] = await ctx.db.read<CoverageRecord>(coverageOfRegion, { regionId }, ctx.log);
      if (!row) throw notFound('region', [regionId]);
      for (const key of ['subGoalsWithoutMeasures', 'measuresWithoutResponsible', 'measuresWithoutIndicator', 'strategyGoalsWithoutSubGoals', 'objectivesWithoutGoals', 'inferredNodes'] as const) {
        ctx.loaders.prime(row[key].sort(compareNodes));
      }
      row.inferredEdges.sort((a, b) => compareNatural(`${a.from}|${a.type}|${a.to}`, `${b.from}|${b.type}|${b.to}`));
      return row;
    },
  },
};
