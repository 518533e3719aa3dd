/** compare: regions side by side on a theme. */
import { compareRegionsOnTheme } from '../../../cypher/compare.js';
import { allRegions } from '../../../cypher/nodes.js';
import type { ComparisonEntryRecord, ComparisonRowRecord, NodeRecord } from '../../model/records.js';
import { buildSearchQuery } from '../../search/query.js';
import { badInput, notFound } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';

const GOAL_KINDS = new Set(['STRATEGY_GOAL', 'SUB_GOAL', 'BENEFIT_GOAL']);

export const compareResolvers: Resolvers = {
  Query: {
    compare: async (_, { theme, regionIds, first }, ctx) => {
      const limit = first ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw badInput(`first must be between 1 and 50 (got ${limit})`, 'first');
      let regions: NodeRecord[];
      if (regionIds?.length) {
        const found = await ctx.loaders.node.loadMany(regionIds);
        const missing = regionIds.filter((id, i) => !found[i] || found[i] instanceof Error || (found[i] as NodeRecord).kind !== 'REGION');
        if (missing.length) throw notFound('region', missing);
        regions = found as NodeRecord[];
      } else {
        regions = ctx.loaders.prime((await ctx.db.read<{ node: NodeRecord }>(allRegions, {}, ctx.log)).map((r) => r.node));
      }
      const query = buildSearchQuery(theme);
      const rows: ComparisonRowRecord[] = regions.map((region) => ({ region, goals: [], measures: [] }));
      if (query === null) return rows;
      const matches = await ctx.db.read<{ regionId: string; node: NodeRecord; score: number; latest: NodeRecord | null }>(
        compareRegionsOnTheme,
        { query, regionIds: regions.map((r) => r.id), candidates: 2000 },
        ctx.log,
      );
      const byRegion = new Map(rows.map((r) => [r.region.id, r]));
      for (const m of matches) {
        const row = byRegion.get(m.regionId)!;
        const list = GOAL_KINDS.has(m.node.kind) ? row.goals : row.measures;
        if (list.length < limit) list.push({ node: m.node, score: m.score, latestAssessment: m.latest } satisfies ComparisonEntryRecord);
        ctx.loaders.prime(m.latest ? [m.node, m.latest] : [m.node]);
      }
      return rows;
    },
  },
};
