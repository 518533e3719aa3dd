/** search and searchFacets: Finnish search (src/search/), best first, with snippets and counts. */
import { searchFacets, searchNodes } from '../../search/search.js';
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
      const hits = await searchNodes(ctx.db, text, { kinds, regionId, first: limit, log: ctx.log });
      ctx.loaders.prime(hits.map((h) => h.node));
      return hits;
    },
    searchFacets: (_, { text, kinds, regionId }, ctx) => searchFacets(ctx.db, text, { kinds, regionId, log: ctx.log }),
  },
};
