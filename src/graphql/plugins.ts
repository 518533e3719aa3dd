/** Small Apollo Server plugins. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from './context.js';

export const STATS_HEADER = 'x-strategy-graph-stats';

/**
 * With the request header `x-strategy-graph-stats: 1`, the response's extensions carry the
 * request's database round trips and statement names: for benchmarks and for anyone wondering
 * why a query is slow. In production (introspection off) only for an editor credential.
 */
export const queryStatsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ request, contextValue }) {
    if (request.http?.headers.get(STATS_HEADER) !== '1') return;
    // Statement names describe the server's insides: only where introspection is on (not in
    // production), or to an editor.
    if (!contextValue.security.introspection && contextValue.principal?.role !== 'editor') return;
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            queryStats: { roundTrips: contextValue.log.roundTrips, queries: contextValue.log.queries },
          };
        }
      },
    };
  },
};
