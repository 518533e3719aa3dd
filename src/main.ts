/**
 * npm start: open the database (the embedded Neo4j unless NEO4J_URI is set), load the seeds into
 * an empty database, and serve GraphQL. Ctrl-C drains requests and stops Neo4j.
 */
import { countGraph } from '../cypher/seed.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { seedDatabase } from './seeds/index.js';
import { addMissingSearchTerms } from './search/backfill.js';
import { morphologyStatus } from './search/morphology.js';
import { startServer } from './server.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const config = loadConfig();
  const open = await openDatabase(config, log);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (draining requests, then the database)`);
    await server?.stop().catch((e) => log(`while stopping the server: ${e}`));
    await open.close().catch((e) => log(`while closing the database: ${e}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const [before] = await open.db.read<{ nodes: number }>(countGraph);
    if (config.seedOnStart === 'always' || (config.seedOnStart === 'if-empty' && before.nodes === 0)) {
      const started = Date.now();
      const { bundle, report } = await seedDatabase(open.db);
      log(`loaded the seeds: ${bundle.plan.nodes.length} entities, ${bundle.plan.relationships.length} relations from ${bundle.files.length} files (${report.nodesCreated} nodes created) in ${Date.now() - started} ms`);
    } else {
      log(`the database holds ${before.nodes} nodes; seeds not loaded (SEED_ON_START=${config.seedOnStart}; npm run seed reloads them)`);
    }
    morphologyStatus(); // logs one line when the Finnish morphology engine is off
    await addMissingSearchTerms(open.db, log);
    server = await startServer({ db: open.db, dbDescription: open.description, port: config.port, host: config.host, security: config.security });
    log(`Strategy Graph serves ${server.url}/graphql (health: ${server.url}/health) from the ${open.description}`);
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    await open.close();
    process.exit(1);
  }
}

main().catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
