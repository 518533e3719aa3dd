/**
 * Opening the database the configuration names: NEO4J_URI when set, otherwise the embedded
 * Neo4j in the project's data directory. Either way the schema is applied before use.
 */
import { awaitIndexes, schemaStatements } from '../../cypher/schema.js';
import type { Config } from '../config.js';
import { Database, type DatabaseOptions } from './database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded.js';

export interface OpenDatabase {
  db: Database;
  embedded?: EmbeddedNeo4j;
  /** Where it is, for logs: never includes a password. */
  description: string;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, log: (l: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<OpenDatabase> {
  let embedded: EmbeddedNeo4j | undefined;
  let db: Database;
  const options = databaseOptions(config);
  if (config.neo4jUri) {
    db = Database.connect(config.neo4jUri, config.neo4jUsername, config.neo4jPassword, config.neo4jDatabase, options);
  } else {
    log(`starting the embedded Neo4j 5.26 (data: ${config.embedded.dataDir})`);
    embedded = await startEmbeddedNeo4j({ dataDir: config.embedded.dataDir, port: config.embedded.port, heap: config.embedded.heap, log });
    db = Database.connect(embedded.uri, '', '', undefined, options);
  }
  try {
    await db.driver.verifyConnectivity({ database: db.databaseName });
    await applySchema(db);
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw err;
  }
  return {
    db,
    embedded,
    description: embedded ? `embedded Neo4j at ${embedded.uri}` : `Neo4j at ${config.neo4jUri}${config.neo4jDatabase ? ` (database ${config.neo4jDatabase})` : ''}`,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}

/** The driver's timeouts from the configuration (src/security/config.ts). */
export function databaseOptions(config: Pick<Config, 'security'>): Partial<DatabaseOptions> {
  const t = config.security.timeouts;
  return { transactionTimeoutMs: t.transactionMs, connectionTimeoutMs: t.connectionMs };
}

export async function applySchema(db: Database): Promise<void> {
  for (const statement of schemaStatements) await db.write(statement);
  // Populating the full-text index may outlast a request's transaction timeout: a bulk one.
  await db.writeTransaction((tx) => tx.run(awaitIndexes.text), { name: awaitIndexes.name });
}
