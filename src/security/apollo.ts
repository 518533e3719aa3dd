/**
 * Apollo Server options and plugins that make the API safe to expose: introspection and the
 * landing page as configured, CSRF prevention, the query limits (validation rule and parser token
 * cap), batching only up to the limit, no schema hints in errors when introspection is off, and
 * the access plugin. Plus the Node HTTP server's own timeouts for slow clients.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type http from 'node:http';
import type { Context } from '../graphql/context.js';
import type { SecurityConfig } from './config.js';
import { queryLimitsRule } from './limits.js';
import { accessPlugin } from './plugin.js';

export function apolloSecurityOptions(security: SecurityConfig) {
  return {
    introspection: security.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: security.limits.maxBatch > 1,
    hideSchemaDetailsFromClientErrors: !security.introspection,
    parseOptions: { maxTokens: security.limits.maxTokens },
    validationRules: [queryLimitsRule(security.limits)],
  };
}

export function apolloSecurityPlugins(security: SecurityConfig): ApolloServerPlugin<Context>[] {
  return [accessPlugin(security), ...(security.explorer ? [] : [ApolloServerPluginLandingPageDisabled()])];
}

/** Slow-client limits of the HTTP server (receiving a request, not computing the answer). */
export function hardenHttpServer(server: http.Server): void {
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
}
