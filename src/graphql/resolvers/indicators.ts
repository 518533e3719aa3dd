/** The indicators of a region (src/indicators/list.ts). */
import { listIndicators } from '../../indicators/list.js';
import type { Resolvers } from '../generated/types.js';

export const indicatorResolvers: Resolvers = {
  Query: {
    indicators: async (_, args, ctx) => ctx.loaders.prime(await listIndicators(ctx.db, args, ctx.log)),
  },
};
