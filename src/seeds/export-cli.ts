/**
 * npm run export [-- --out DIR]: what editors wrote through the API, as seed YAML in DIR (default
 * export/api), one file per region, plus api-links.json for API relations between seed nodes.
 * While npm start runs, it reads the running embedded Neo4j (see src/db/connect.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { exportApiEntities } from './export.js';

async function main() {
  const i = process.argv.indexOf('--out');
  const out = path.resolve(i >= 0 ? process.argv[i + 1] : path.join('export', 'api'));
  const open = await openDatabase(loadConfig(), (l) => console.error(l), { shareRunning: true });
  try {
    const result = await exportApiEntities(open.db);
    mkdirSync(out, { recursive: true });
    for (const f of result.files) writeFileSync(path.join(out, f.name), f.text);
    if (result.linksFromSeedNodes.length) writeFileSync(path.join(out, 'api-links.json'), `${JSON.stringify(result.linksFromSeedNodes, null, 2)}\n`);
    console.log(
      `exported ${result.nodes} nodes and ${result.relations} relations written through the API from ${open.description} into ${path.relative(process.cwd(), out) || out}` +
        ` (${result.files.map((f) => f.name).join(', ') || 'no files: nothing was written through the API'})` +
        (result.linksFromSeedNodes.length ? `; ${result.linksFromSeedNodes.length} API relations between seed nodes in api-links.json (re-create them with linkNodes)` : ''),
    );
  } finally {
    await open.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
