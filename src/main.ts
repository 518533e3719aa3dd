/**
 * npm start (and node dist/main.js): open the database (the embedded Neo4j unless NEO4J_URI is
 * set), load the seeds into an empty database, and serve GraphQL.
 *
 * Lifecycle, as systemd, Kubernetes and process managers expect it:
 *  - PORT is checked before Neo4j starts, so a busy port fails in a second, not after Neo4j's start.
 *  - /health/ready turns true only after the schema and the seeds.
 *  - SIGTERM or SIGINT: readiness turns false, the server stops accepting connections and lets
 *    requests in flight finish (up to SHUTDOWN_DRAIN_MS), then the database closes and the
 *    embedded Neo4j stops; one "stopped" line, exit 0. A second signal exits at once (the
 *    embedded Neo4j follows: it watches its parent). If the parent (npm, a shell) goes away
 *    without passing a signal on, the same shutdown runs.
 */
import { countGraph } from '../cypher/seed.js';
import { loadConfig } from './config.js';
import { openDatabase, type OpenDatabase } from './db/connect.js';
import { isPortFree, seconds } from './db/embedded.js';
import { Readiness } from './http/health.js';
import { logger } from './log.js';
import { seedDatabase } from './seeds/index.js';
import { addMissingSearchTerms } from './search/backfill.js';
import { morphologyStatus } from './search/morphology.js';
import { startServer, type RunningServer } from './server.js';

const log = logger();
const info = (line: string) => log.info(line);

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const readiness = new Readiness();
  let open: OpenDatabase | undefined;
  let server: RunningServer | undefined;
  let stopping = false;

  const shutdown = async (signal: NodeJS.Signals | 'parent exited') => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    readiness.markDraining();
    const began = Date.now();
    log.info(`${signal}: draining requests (up to ${config.shutdownDrainMs} ms), then stopping the database`);
    await server?.stop().catch((e) => log.error(`while stopping the server: ${e}`));
    await open?.close().catch((e) => log.error(`while closing the database: ${e}`));
    log.info({ signal, ms: Date.now() - began }, `stopped (${signal}) in ${seconds(began)}`);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // npm start runs us through `sh -c "exec node ..."`, so npm's forwarded signal reaches us. Should a
  // wrapper die without passing one on (a shell without exec, npm killed), we are re-parented:
  // stop as for SIGTERM rather than serve on as an orphan.
  const parent = process.ppid;
  if (parent !== 1) setInterval(() => process.ppid !== parent && void shutdown('parent exited'), 1000).unref();

  if (!(await isPortFree(config.port, config.host))) {
    throw new Error(`PORT=${config.port} is already in use on ${config.host} (another Strategy Graph server?): stop that process or set PORT to a free port (PORT=0 picks one)`);
  }
  open = await openDatabase(config, info);
  if (stopping) return; // a signal came while Neo4j started: shutdown() closes it
  try {
    const [before] = await open.db.read<{ nodes: number }>(countGraph);
    if (config.seedOnStart === 'always' || (config.seedOnStart === 'if-empty' && before.nodes === 0)) {
      const seeding = Date.now();
      const { bundle, report } = await seedDatabase(open.db);
      info(`seeds loaded in ${seconds(seeding)}: ${bundle.plan.nodes.length} entities, ${bundle.plan.relationships.length} relations from ${bundle.files.length} files (${report.nodesCreated} nodes created)`);
    } else {
      info(`seeds not loaded: the database holds ${before.nodes} nodes (SEED_ON_START=${config.seedOnStart}; npm run seed reloads them)`);
    }
    morphologyStatus(); // logs one line when the Finnish morphology engine is off
    await addMissingSearchTerms(open.db, info);
    if (stopping) return;
    server = await startServer({ db: open.db, dbDescription: open.description, port: config.port, host: config.host, security: config.security, readiness, drainMs: config.shutdownDrainMs, logger: log });
    readiness.markReady();
    info(`Strategy Graph serves ${server.url}/graphql (ready: ${server.url}/health/ready, metrics: ${server.url}/metrics) from the ${open.description}; started in ${seconds(started)}`);
  } catch (err) {
    await open.close().catch(() => undefined);
    throw err;
  }
}

main().catch((err) => {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
