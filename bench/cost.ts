/**
 * Measures what the priced fields cost the database, to set FIELD_POINTS (src/security/limits.ts):
 *
 *   npx tsx bench/cost.ts [--sizes 0,10000] [--repeat 3]
 *
 * One dedicated embedded Neo4j (temporary directory, removed afterwards). Size 0 is the curated
 * seed graph; other sizes load the synthetic graph (bench/generate.ts). For each field and input
 * size it runs the operation in-process through Apollo (`repeat` times after one warm-up) and
 * prints the median wall time next to the points the model charges. Single client, no
 * concurrency: the time is one request's database and resolver work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j } from '../src/db/embedded.js';
import { createContext } from '../src/graphql/context.js';
import { loadTypeDefs } from '../src/graphql/schema.js';
import { DEFAULT_LIMITS } from '../src/security/config.js';
import { measureOperation } from '../src/security/limits.js';
import { writePlan } from '../src/seeds/write.js';
import { createApollo } from '../src/server.js';
import { costSampleMeasures, costSampleRegion } from './cypher.js';
import { copiesFor, loadSynthetic, seedPlan } from './generate.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '0').split(',').map(Number);
const repeat = Number(arg('--repeat', '3'));
const log = (l: string) => process.stderr.write(`${l}\n`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-cost-'));
const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '1g', log });
const db = Database.connect(neo4j.uri, '', '', undefined, { transactionTimeoutMs: 10 * 60_000 });
const apollo = createApollo();
const schema = buildSchema(loadTypeDefs().join('\n'));
try {
  await applySchema(db);
  const plan = seedPlan();
  for (const size of sizes) {
    await db.deleteEverything();
    await applySchema(db);
    if (size === 0) await writePlan(db, plan);
    else await loadSynthetic(db, plan, copiesFor(plan, size), log);
    const run = async (query: string) => {
      const ctx = createContext(db, { deadline: Date.now() + 120_000 });
      const started = performance.now();
      const res = await apollo.executeOperation({ query }, { contextValue: ctx });
      const ms = performance.now() - started;
      const errors = res.body.kind === 'single' ? res.body.singleResult.errors : undefined;
      if (errors?.length) throw new Error(`${query.slice(0, 80)}: ${errors[0].message}`);
      return ms;
    };
    await run('{ regions { id } }');
    const ids = (await db.read<{ id: string }>(costSampleMeasures)).map((r) => r.id);
    const region = (await db.read<{ id: string }>(costSampleRegion))[0].id;
    const cases: [string, string][] = [
      ...[1, 10, 100, 388].map((n) => [`impact ${n} ids`, `{ impact(cut: ${JSON.stringify(ids.slice(0, n))}) { orphaned { node { id } } weakened { node { id } } } }`] as [string, string]),
      ...[5, 50, 500].map((n) => [`fragility first ${n}`, `{ fragility(regionId: "${region}", first: ${n}) { node { id } } }`] as [string, string]),
      ['trace', `{ trace(id: "${ids[0]}") { objectives { id } paths } }`],
      ...[1, 3].map((w) => [`search ${w} words first 20`, `{ search(text: "${['kotihoito', 'omaishoito', 'kuntoutus'].slice(0, w).join(' ')}", first: 20) { node { id } } }`] as [string, string]),
      ['search 1 word first 100', `{ search(text: "hoito", first: 100) { node { id } } }`],
      ['compare 1 region', `{ compare(theme: "kotihoito", regionIds: ["${region}"]) { region { id } goals { node { id } } } }`],
      ['compare all regions', `{ compare(theme: "kotihoito") { region { id } goals { node { id } } } }`],
      ['regions (baseline)', '{ regions { id title } }'],
    ];
    process.stdout.write(`\n## ${size === 0 ? `seed graph (${plan.nodes.length} nodes)` : `${size.toLocaleString('en')} nodes`}\n\n| operation | median ms | points |\n|---|---:|---:|\n`);
    for (const [title, query] of cases) {
      await run(query);
      const times: number[] = [];
      for (let i = 0; i < repeat; i++) times.push(await run(query));
      times.sort((a, b) => a - b);
      const op = parse(query).definitions[0] as OperationDefinitionNode;
      const points = measureOperation(schema, op, () => undefined, DEFAULT_LIMITS).points;
      process.stdout.write(`| ${title} | ${times[Math.floor(times.length / 2)].toFixed(1)} | ${points} |\n`);
    }
  }
} finally {
  await apollo.stop();
  await db.close();
  await neo4j.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
