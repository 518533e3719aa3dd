/**
 * One benchmarked server in its own process, so that each way's memory is its own:
 *   node --import tsx bench/serve.ts <ours|peer|raw> <bolt-uri> <port>
 * ours: this project's server (src/server.ts), per-client fair use off (see main). peer: @neo4j/graphql's generated schema behind
 * the same Apollo Server and Express. raw: a bare node:http server that runs the statement
 * through neo4j-driver and returns its records as JSON (the floor: no GraphQL at all).
 * Each counts the driver sessions it opens (one per database round trip) and answers the
 * parent's 'stats' message over IPC; it prints `READY <port>` when it serves.
 */
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import http from 'node:http';
import { impactOfCut } from '../cypher/impact.js';
import { servicePathMatrix } from '../cypher/matrix.js';
import { searchByTerms } from '../cypher/search.js';
import { traceToObjectives } from '../cypher/trace.js';
import type { NamedQuery } from '../cypher/named.js';
import { Database } from '../src/db/database.js';
import { DEFAULT_FAIR_USE, loadSecurityConfig } from '../src/security/config.js';
import { startServer } from '../src/server.js';
import { rawServiceLineTree } from './cypher.js';
import { peerTypeDefs } from './peer.js';

const [way, uri, portArg] = process.argv.slice(2);
const port = Number(portArg);
const db = Database.connect(uri, '', '');

let sessions = 0;
const openSession = db.driver.session.bind(db.driver);
db.driver.session = ((...args: Parameters<typeof openSession>) => {
  sessions += 1;
  return openSession(...args);
}) as typeof db.driver.session;
process.on('message', (msg) => {
  if (msg === 'stats') process.send?.({ sessions });
});

/** The raw floor's operations: the statement each one runs. */
const RAW: Record<string, NamedQuery> = {
  trace: traceToObjectives,
  tree: rawServiceLineTree,
  search: searchByTerms,
  impact: impactOfCut,
  matrix: servicePathMatrix,
};

async function serveRaw(): Promise<void> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const { op, params } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { op: string; params: Record<string, unknown> };
        const statement = RAW[op];
        if (!statement) throw new Error(`unknown op ${op}`);
        const rows = await db.read(statement, params);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: rows }));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(err) }] }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

async function servePeer(): Promise<void> {
  // Imported by name at run time: @neo4j/graphql lives in bench/node_modules only.
  const peerModule = '@neo4j/graphql';
  const { Neo4jGraphQL } = (await import(peerModule)) as { Neo4jGraphQL: new (o: object) => { getSchema(): Promise<import('graphql').GraphQLSchema> } };
  const schema = await new Neo4jGraphQL({ typeDefs: peerTypeDefs, driver: db.driver }).getSchema();
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', () => resolve()));
}

async function main() {
  // The load generator is one address standing for many clients: fair use per client (the budget
  // and the per-client share of database sessions, src/security) would measure the budget, not
  // the API (test/fair-use.test.ts does that). The server-wide admission stays as shipped.
  const security = loadSecurityConfig({ ...process.env, STRATEGY_GRAPH_BUDGET_POINTS: '0', STRATEGY_GRAPH_CLIENT_SESSIONS: String(DEFAULT_FAIR_USE.sessions) });
  if (way === 'ours') await startServer({ db, dbDescription: uri, port, host: '127.0.0.1', security });
  else if (way === 'peer') await servePeer();
  else if (way === 'raw') await serveRaw();
  else throw new Error(`unknown way "${way}" (ours, peer or raw)`);
  process.stdout.write(`READY ${port}\n`);
}

// Dies with the runner: the IPC channel closes when the parent goes.
process.on('disconnect', () => process.exit(0));
main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
