// npm run neo4j:admin -- <neo4j-admin arguments>: Neo4j's own neo4j-admin (org.neo4j.cli.AdminTool,
// from the jars in tools/neo4j/target/lib) on the embedded database's directory
// (NEO4J_EMBEDDED_DATA, default .data/neo4j). Stop the server first for dump and load
// (Community edition: offline only). Example:
//   npm run neo4j:admin -- database dump neo4j --to-path=backups
//   npm run neo4j:admin -- database load neo4j --from-path=backups --overwrite-destination=true
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const home = path.resolve(process.env.NEO4J_EMBEDDED_DATA ?? path.join(root, '.data', 'neo4j'));
mkdirSync(home, { recursive: true });
const classpath = path.join(root, 'tools', 'neo4j', 'target', 'lib', '*');
const r = spawnSync('java', ['-cp', classpath, 'org.neo4j.cli.AdminTool', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, NEO4J_HOME: home } });
if (r.error) console.error(`could not run java (${r.error.message}); npm run neo4j:fetch builds tools/neo4j first`);
process.exit(r.status ?? 1);
