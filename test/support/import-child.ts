/**
 * A process that imports a large seed bundle through the real pipeline (src/mutations/import.ts),
 * for test/import-kill.test.ts to kill in the middle of its write transaction.
 * Usage: node --import tsx test/support/import-child.ts <count> <id prefix>; NEO4J_TEST_* in the environment.
 */
import { Database } from '../../src/db/database.js';
import { importSeedBundle } from '../../src/mutations/import.js';
import { measureYaml } from './bundle.js';

const [count, prefix] = process.argv.slice(2);
const db = Database.connect(process.env.CHILD_NEO4J_URI!, process.env.CHILD_NEO4J_USERNAME ?? '', process.env.CHILD_NEO4J_PASSWORD ?? '', process.env.CHILD_NEO4J_DATABASE || undefined);
const text = Array.from({ length: Number(count) }, (_, i) => measureYaml(`${prefix}${i}`)).join('---\n');
process.stdout.write('importing\n');
const report = await importSeedBundle(db, [{ name: 'kill.yaml', text }], { timeoutMs: 600_000 });
process.stdout.write(`done written=${report.written} problems=${report.problems.length}\n`);
await db.close();
