/**
 * The HTTP server, composed of small pieces: Apollo Server at /graphql, /health, and the
 * per-request context (loaders) for every GraphQL operation.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import http from 'node:http';
import type { Database } from './db/database.js';
import { createContext, type Context } from './graphql/context.js';
import { formatError } from './graphql/format-error.js';
import { queryStatsPlugin } from './graphql/plugins.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { healthHandler } from './http/health.js';
import { impactCsvHandler } from './http/impact-csv.js';

export function createApollo(plugins: ConstructorParameters<typeof ApolloServer<Context>>[0]['plugins'] = []) {
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: resolvers as never,
    plugins: [queryStatsPlugin, ...(plugins ?? [])],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error),
  });
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startServer(opts: { db: Database; dbDescription: string; port: number; host: string }): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = createApollo([ApolloServerPluginDrainHttpServer({ httpServer })]);
  await apollo.start();

  app.get('/health', healthHandler(opts.db, opts.dbDescription));
  app.get('/impact.csv', impactCsvHandler(opts.db));
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => createContext(opts.db) }));
  app.get('/', (_req, res) => res.redirect('/graphql'));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${port}`,
    port,
    stop: () => apollo.stop(),
  };
}
