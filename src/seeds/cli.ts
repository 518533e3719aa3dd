/**
 * npm run seed            validate every seed file, then load them all into the configured Neo4j
 * npm run seed -- --check validate only; no database needed
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { countGraph } from '../../cypher/seed.js';
import { readSeedBundle, seedDatabase, SeedValidationError } from './index.js';
import { formatProblem } from './types.js';

async function main() {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const { bundle, problems } = readSeedBundle();
  const summary = `${bundle.files.length} files, ${bundle.plan.nodes.length} entities, ${bundle.plan.relationships.length} relations`;
  if (problems.length > 0) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`\n${problems.length} problem(s) in ${summary}; nothing was written.`);
    process.exit(1);
  }
  if (check) {
    console.log(`seeds are valid: ${summary}`);
    return;
  }
  const open = await openDatabase(loadConfig(), undefined, { shareRunning: true }); // while npm start runs: its Neo4j
  try {
    const { report } = await seedDatabase(open.db);
    const [counts] = await open.db.read<{ nodes: number; relationships: number }>(countGraph);
    console.log(
      `loaded ${summary} into ${open.description} in ${Date.now() - started} ms: ` +
        `${report.nodesCreated} nodes and ${report.relationshipsCreated} relationships created, ` +
        `${report.nodesDeleted} nodes and ${report.relationshipsDeleted} relationships pruned; ` +
        `the graph now has ${counts.nodes} nodes and ${counts.relationships} relationships`,
    );
  } finally {
    await open.close();
  }
}

main().catch((err) => {
  if (err instanceof SeedValidationError) {
    for (const p of err.problems) console.error(formatProblem(p));
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
