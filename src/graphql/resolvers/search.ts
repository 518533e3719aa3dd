/** search: Finnish full text, best first. */
import { searchEntities } from '../../../cypher/search.js';
import { fromSummary } from '../../model/records.js';
import { buildSearchQuery } from '../../search/query.js';
import { badInput } from '../../errors.js';
import type { Resolvers } from '../generated/types.js';

export const MAX_SEARCH_RESULTS = 100;

export const searchResolvers: Resolvers = {
  Query: {
    search: async (_, { text, kinds, regionId, first }, ctx) => {
      const limit = first ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS) {
        throw badInput(`first must be between 1 and ${MAX_SEARCH_RESULTS} (got ${limit})`, 'first');
      }
      const query = buildSearchQuery(text);
      if (query === null) return [];
      const rows = await ctx.db.read<{ node: unknown[]; score: number }>(
        searchEntities,
        { query, kinds: kinds?.length ? kinds : null, regionId: regionId ?? null, first: limit, candidates: Math.max(500, limit * 50) },
        ctx.log,
      );
      const hits = rows.map((r) => ({ score: r.score, node: fromSummary(r.node) }));
      ctx.loaders.prime(hits.map((h) => h.node));
      return hits;
    },
  },
};
