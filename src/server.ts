/**
 * The HTTP server, composed of small pieces: Apollo Server at /graphql, /health, and the
 * per-request context (loaders) for every GraphQL operation.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express from 'express';
import http from 'node:http';
import type { Database } from './db/database.js';
import { createContext, type Context } from './graphql/context.js';
import { formatError, withoutSchemaHints } from './graphql/format-error.js';
import { queryStatsPlugin } from './graphql/plugins.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { changesCsvHandler } from './http/changes-csv.js';
import { healthHandler, liveHandler, readyHandler, Readiness } from './http/health.js';
import { impactCsvHandler } from './http/impact-csv.js';
import { impactXlsxHandler } from './http/impact-xlsx.js';
import { indicatorsCsvHandler } from './http/indicators-csv.js';
import { createObservability } from './http/observability.js';
import { sourcesRouter } from './http/sources.js';
import { mountWeb } from './http/web.js';
import { apolloSecurityOptions, apolloSecurityPlugins, hardenHttpServer } from './security/apollo.js';
import { defaultSecurityConfig, loadSecurityConfig, type SecurityConfig } from './security/config.js';
import { pino } from 'pino';
import type { Logger } from './log.js';
import { budgetMiddleware, budgetOf, budgetPlugin, clientKey } from './security/budget.js';
import { securityHeaders } from './security/headers.js';
import { explorerOff, graphqlGuard, hasCredential, httpErrorHandler, metricsGuard, principalOf, readGuard } from './security/http.js';
import { EXPORT_POINTS, impactPoints } from './security/limits.js';

export function createApollo(plugins: ConstructorParameters<typeof ApolloServer<Context>>[0]['plugins'] = [], security: SecurityConfig = defaultSecurityConfig()) {
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: resolvers as never,
    // No cache hints are set, and the cache-control plugin's hook on every field showed in profiles.
    plugins: [queryStatsPlugin, ApolloServerPluginCacheControlDisabled(), ...apolloSecurityPlugins(security), ...(plugins ?? [])],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => (security.introspection ? formatError(formatted, error) : withoutSchemaHints(formatError(formatted, error))),
    ...apolloSecurityOptions(security), // limits, introspection, CSRF prevention (src/security)
  });
}

export interface RunningServer {
  url: string;
  port: number;
  /** Readiness turns false, new connections are refused, requests in flight finish (up to drainMs), then it resolves. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  db: Database;
  dbDescription: string;
  port: number;
  host: string;
  security?: SecurityConfig;
  /** What /health/ready answers; main.ts marks it ready after the seeds. Default: ready at once. */
  readiness?: Readiness;
  /** How long stop() lets requests in flight finish before closing their connections, ms. */
  drainMs?: number;
  /** Where the request lines go (src/log.ts); default: nowhere (tests). */
  logger?: Logger;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const security = opts.security ?? loadSecurityConfig();
  const app = express();
  app.disable('x-powered-by');
  if (security.trustProxy !== undefined) app.set('trust proxy', security.trustProxy); // the client's address behind a proxy
  app.use(securityHeaders()); // helmet: CSP, Referrer-Policy, nosniff on every response (src/security/headers.ts)
  const httpServer = http.createServer(app);
  hardenHttpServer(httpServer);
  const readiness = opts.readiness ?? readyAtOnce();
  const observability = createObservability(opts.logger ?? pino({ level: 'silent' })); // request log, /metrics
  const budget = budgetOf(security.fairUse); // points per client per minute (src/security/budget.ts)
  const apollo = createApollo([ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: opts.drainMs ?? 10_000 }), observability.plugin, budgetPlugin(security, budget)], security);
  const client = (req: express.Request, res: express.Response) => clientKey(principalOf(res), req.ip);
  await apollo.start();

  app.use(observability.requestLog);
  app.use(compression()); // gzip or brotli, as the client accepts: the explorer's script is 1.6 MB raw
  app.get('/metrics', metricsGuard(security), observability.metricsHandler); // a credential unless STRATEGY_GRAPH_METRICS_ACCESS=open
  app.get('/health/live', liveHandler());
  app.get('/health/ready', readyHandler(opts.db, readiness));
  app.get('/health', healthHandler(opts.db, opts.dbDescription, (req) => hasCredential(req, security)));
  // The data routes outside GraphQL spend the same budget (src/security/budget.ts).
  app.get('/impact.csv', readGuard(security), budgetMiddleware(budget, client, (req) => impactPoints(req.query.cut)), impactCsvHandler(opts.db));
  app.get('/impact.xlsx', readGuard(security), budgetMiddleware(budget, client, (req) => impactPoints(req.query.cut)), impactXlsxHandler(opts.db));
  app.get('/changes.csv', readGuard(security), budgetMiddleware(budget, client, () => EXPORT_POINTS.changesCsv), changesCsvHandler(opts.db));
  app.get('/indicators.csv', readGuard(security), budgetMiddleware(budget, client, () => EXPORT_POINTS.indicatorsCsv), indicatorsCsvHandler(opts.db));
  app.use('/sources', readGuard(security), sourcesRouter()); // the five documents' catalogue and text, for the map's source view
  if (!security.explorer) app.use(explorerOff); // STRATEGY_GRAPH_EXPLORER=false: no /explorer
  await mountWeb(app); // /explorer, /map (built if stale), and the explorer for browsers at GET /graphql
  app.use(
    '/graphql',
    express.json({ limit: security.maxBodyBytes }),
    graphqlGuard(security), // credentials, read access, batch limit
    expressMiddleware(apollo, { context: async ({ req, res }) => createContext(opts.db, { principal: principalOf(res), security, client: client(req, res) }) }),
  );
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use(httpErrorHandler()); // malformed or oversized bodies: a code, never a stack trace

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${port}`,
    port,
    stop: () => {
      readiness.markDraining();
      return apollo.stop().finally(() => observability.close());
    },
  };
}

function readyAtOnce(): Readiness {
  const r = new Readiness();
  r.markReady();
  return r;
}
