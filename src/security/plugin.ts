/**
 * The Apollo Server plugin that enforces access per operation, after validation and before
 * execution: reads need a reader credential when STRATEGY_GRAPH_READ_ACCESS=key, mutations always
 * need an editor. It also gives responses that failed as a whole a status a proxy understands:
 * 503 (with Retry-After) when the database was unavailable, 504 when the time ran out.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../graphql/context.js';
import { requireEditor, requireReader } from './auth.js';
import type { SecurityConfig } from './config.js';

export function accessPlugin(security: SecurityConfig): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          // A client mistake, not an internal error: there are no subscriptions to execute.
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('This API offers no subscriptions; use a query.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          requireReader(contextValue.principal, security);
          if (operation?.operation === 'mutation') requireEditor(contextValue.principal);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== null && data !== undefined) return;
          const codes = new Set((errors ?? []).map((e) => e.extensions?.code));
          if (codes.has('DATABASE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', '1');
          } else if (codes.has('TIMEOUT')) {
            response.http.status = 504;
          }
        },
      };
    },
  };
}
