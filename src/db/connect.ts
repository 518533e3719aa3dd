/**
 * Opening the database the configuration names: NEO4J_URI when set, otherwise the embedded
 * Neo4j in the project's data directory. Either way the schema is applied before use.
 */
import { awaitIndexes, schemaStatements } from '../../cypher/schema.js';
import type { Config } from '../config.js';
import { Database, type DatabaseOptions } from './database.js';
import { runningEmbedded, seconds, startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded.js';

export const ALLOWED_SCHEMES = ['neo4j', 'neo4j+s', 'neo4j+ssc', 'bolt', 'bolt+s', 'bolt+ssc'];

const EMBEDDED_DEFAULT = 'unset NEO4J_URI to start the embedded Neo4j 5.26 (data in NEO4J_EMBEDDED_DATA, default .data/neo4j)';

/** The address without user and password, for messages. */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z0-9+.-]+:\/\/)[^@/]*@/i, '$1');
}

/** Throws, naming NEO4J_URI, unless the URI has a scheme the driver speaks and a host. */
export function checkNeo4jUri(uri: string): void {
  const m = /^([a-z0-9+.-]+):\/\/([^/?#]+)/i.exec(uri);
  const scheme = m?.[1].toLowerCase();
  if (!m || !ALLOWED_SCHEMES.includes(scheme!)) {
    throw new Error(
      `NEO4J_URI=${redactUri(uri)} is not a Neo4j address: ${m ? `the scheme "${scheme}" is not one of` : 'use'} ${ALLOWED_SCHEMES.map((s) => `${s}://`).join(', ')} (e.g. neo4j://host:7687, neo4j+s://xxxx.databases.neo4j.io); or ${EMBEDDED_DEFAULT}`,
    );
  }
}

export interface OpenDatabase {
  db: Database;
  embedded?: EmbeddedNeo4j;
  /** Where it is, for logs: never includes a password. */
  description: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * When the embedded Neo4j of the data directory already runs (another npm start), use it
   * instead of failing on its lock: for scripts such as npm run seed and npm run export.
   */
  shareRunning?: boolean;
}

export async function openDatabase(config: Config, log: (l: string) => void = (l) => process.stderr.write(`${l}\n`), openOptions: OpenOptions = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedNeo4j | undefined;
  let db: Database;
  let shared: string | undefined;
  const options = databaseOptions(config);
  const running = !config.neo4jUri && openOptions.shareRunning ? runningEmbedded(config.embedded.dataDir) : undefined;
  if (config.neo4jUri) {
    checkNeo4jUri(config.neo4jUri);
    db = Database.connect(config.neo4jUri, config.neo4jUsername, config.neo4jPassword, config.neo4jDatabase, options);
  } else if (running) {
    shared = running.uri;
    log(`using the embedded Neo4j that already runs at ${running.uri} (pid ${running.pid}, started by pid ${running.ownerPid}) on ${config.embedded.dataDir}`);
    db = Database.connect(running.uri, '', '', undefined, options);
  } else {
    log(`starting the embedded Neo4j 5.26 (data: ${config.embedded.dataDir})`);
    embedded = await startEmbeddedNeo4j({ dataDir: config.embedded.dataDir, port: config.embedded.port, heap: config.embedded.heap, log });
    db = Database.connect(embedded.uri, '', '', undefined, options);
  }
  try {
    try {
      await db.driver.verifyConnectivity({ database: db.databaseName });
    } catch (err) {
      if (!config.neo4jUri) throw err;
      throw new Error(
        `NEO4J_URI=${redactUri(config.neo4jUri)} does not answer (${(err as Error).message.split('\n')[0]}). ` +
          `Check the host, port and NEO4J_USERNAME/NEO4J_PASSWORD; schemes: ${ALLOWED_SCHEMES.map((s) => `${s}://`).join(', ')}; or ${EMBEDDED_DEFAULT}`,
        { cause: err },
      );
    }
    const started = Date.now();
    await applySchema(db);
    log(`schema applied in ${seconds(started)}`);
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw err;
  }
  return {
    db,
    embedded,
    description: embedded ? `embedded Neo4j at ${embedded.uri}` : shared ? `embedded Neo4j at ${shared} (shared)` : `Neo4j at ${redactUri(config.neo4jUri!)}${config.neo4jDatabase ? ` (database ${config.neo4jDatabase})` : ''}`,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}

/** The driver's timeouts from the configuration (src/security/config.ts). */
export function databaseOptions(config: Pick<Config, 'security'>): Partial<DatabaseOptions> {
  const t = config.security.timeouts;
  const f = config.security.fairUse;
  return {
    transactionTimeoutMs: t.transactionMs,
    connectionTimeoutMs: t.connectionMs,
    maxConnectionPoolSize: f.poolSize,
    admission: { global: f.sessions, perRequest: f.requestSessions, perClient: f.clientSessions },
  };
}

/** awaitSeconds: how long to wait for the indexes to come online (a bulk load of 1M nodes needs more than 120 s). */
export async function applySchema(db: Database, opts: { awaitSeconds?: number } = {}): Promise<void> {
  for (const statement of schemaStatements) await db.write(statement);
  // Populating the full-text index may outlast a request's transaction timeout: a bulk one.
  await db.writeTransaction((tx) => tx.run(awaitIndexes.text, { seconds: opts.awaitSeconds ?? 120 }), { name: awaitIndexes.name });
}
