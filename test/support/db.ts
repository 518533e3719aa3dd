/** Helpers for tests: the shared test database, emptied and seeded per test file. */
import { inject } from 'vitest';
import { countGraph } from '../../cypher/seed.js';
import { applySchema } from '../../src/db/connect.js';
import { Database } from '../../src/db/database.js';
import { createContext } from '../../src/graphql/context.js';
import { createApollo, startServer, type RunningServer } from '../../src/server.js';
import { seedDatabase } from '../../src/seeds/index.js';

export function testDatabase(): Database {
  const { uri, username, password, database } = inject('neo4j');
  return Database.connect(uri, username, password, database);
}

export async function emptyDatabase(db: Database): Promise<void> {
  await db.deleteEverything();
  await applySchema(db);
}

export async function seededDatabase(): Promise<Database> {
  const db = testDatabase();
  await emptyDatabase(db);
  await seedDatabase(db);
  return db;
}

/** The seeded database served by the whole HTTP server on a free port; `close` stops both. */
export async function seededServer(): Promise<{ db: Database; server: RunningServer; close(): Promise<void> }> {
  const db = await seededDatabase();
  const server = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1' });
  return {
    db,
    server,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

export async function graphCounts(db: Database): Promise<{ nodes: number; relationships: number }> {
  const [row] = await db.read<{ nodes: number; relationships: number }>(countGraph);
  return row;
}

/** Runs a GraphQL operation in-process, as the server would, and returns data, errors and round trips. */
export async function graphql(db: Database, query: string, variables: Record<string, unknown> = {}) {
  const apollo = sharedApollo();
  const contextValue = createContext(db);
  const response = await apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  const { data, errors } = response.body.singleResult;
  return { data: data as any, errors, roundTrips: contextValue.log.roundTrips, queries: contextValue.log.queries };
}

let apollo: ReturnType<typeof createApollo> | undefined;
function sharedApollo() {
  apollo ??= createApollo();
  return apollo;
}
