/**
 * What the change history costs (issue: a write no more than 1.5x slower at 100k nodes; reads
 * that do not ask for history not slowed). In one process, on the loaded benchmark graph:
 *
 * - writes: three ways, interleaved per iteration so that they share the machine's noise:
 *   `updateNode` (the product: checks, write, record); the same write's statements without the
 *   record (lockNode + replaceNodeProperties: the floor); and those statements plus recordChanges.
 *   The record's cost is (floor + record) / floor.
 * - reads: trace of sample measures through the API (Apollo's executeOperation) before and after
 *   the history holds `records` more records (written on the sampled nodes themselves).
 *
 * npm run bench:history -- --size 100000 [--writes 300] [--records 100000]; `npm run bench` runs
 * it too at each size and puts it in its report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lockNode, replaceNodeProperties } from '../cypher/mutations.js';
import { PROJECT_ROOT } from '../src/config.js';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j } from '../src/db/embedded.js';
import { createContext } from '../src/graphql/context.js';
import { recordChanges } from '../src/history/record.js';
import { withSearchProperties } from '../src/search/terms.js';
import { updateNode } from '../src/mutations/operations.js';
import { createApollo } from '../src/server.js';
import { benchNodeVersion, benchSampleIds } from './cypher.js';
import { copiesFor, loadSynthetic, seedPlan } from './generate.js';
import type { Sample } from './operations.js';

export interface Latency {
  p50: number;
  p95: number;
}

export interface HistoryCost {
  size: number;
  writes: number;
  api: Latency;
  floor: Latency;
  floorWithRecord: Latency;
  /** floor + record + the node's search terms computed (Voikko) and written: the morphology's share. */
  floorWithTerms: Latency;
  readsBefore: Latency;
  readsAfter: Latency;
  recordsAdded: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

function latency(samples: number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  return { p50: round(at(50)), p95: round(at(95)) };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const TRACE = 'query ($id: ID!) { trace(id: $id) { objectives { id number } nodes { id kind title } edges { from to type confidence } paths } }';

export async function measureHistoryCost(db: Database, size: number, opts: { writes?: number; records?: number; log?: (l: string) => void } = {}): Promise<HistoryCost> {
  const writes = opts.writes ?? 300;
  const recordsToAdd = opts.records ?? 100_000;
  const log = opts.log ?? (() => {});
  const [sample] = await db.read<Sample>(benchSampleIds, { n: 200 });
  const ids = sample.measures;
  const actor = { subject: 'bench editor', role: 'editor' };
  const api: number[] = [];
  const floor: number[] = [];
  const withRecord: number[] = [];
  const withTerms: number[] = [];
  // Every write gives the node a title it has not had: had two ways of one round written the same
  // title, the second would skip the full-text index update and look cheaper than it is (the
  // floor measured slower than floor + record).
  let written = 0;
  const bare = (id: string, record: boolean, terms = false) =>
    db.writeTransaction(async (tx) => {
      const [row] = (await tx.run(lockNode.text, { id })).records.map((r) => r.get('node') as Record<string, unknown>);
      let props: Record<string, unknown> = { ...row, title: `${String(row.title).replace(/ \(bench \d+\)$/, '')} (bench ${++written})`, version: ((row.version as number | undefined) ?? 1) + 1 }; // synthetic nodes have none: 1, as updateNode reads it
      delete props._lock;
      if (terms) props = withSearchProperties(props);
      const after = (await tx.run(replaceNodeProperties.text, { id, props })).records[0].get('node') as Record<string, unknown>;
      if (record) await recordChanges(tx, { actor: actor.subject, role: actor.role, operation: 'updateNode' }, [{ target: 'NODE', change: 'UPDATE', before: row, after }]);
    }, { name: 'benchUpdate' });
  const version = async (id: string) => ((await db.read<{ v: number }>(benchNodeVersion, { id }))[0].v);
  for (let i = 0; i < writes + 20; i++) {
    const id = ids[i % ids.length];
    let v = await version(id); // every write below makes it one more
    // The four ways in a rotating order: whichever runs first after the version read pays more.
    const ways: [number[], () => Promise<unknown>][] = [
      [api, () => updateNode(db, { id, expectedVersion: v, title: `Bench ${i} ${id}` }, actor)],
      [floor, () => bare(id, false)],
      [withRecord, () => bare(id, true)],
      [withTerms, () => bare(id, true, true)],
    ];
    for (let k = 0; k < ways.length; k++) {
      const [samples, work] = ways[(i + k) % ways.length];
      const ms = await timed(work);
      v++;
      if (i >= 20) samples.push(ms); // the first 20 rounds: warm-up
    }
  }
  log(`  history: writes api ${JSON.stringify(latency(api))} floor ${JSON.stringify(latency(floor))} floor+record ${JSON.stringify(latency(withRecord))} +terms ${JSON.stringify(latency(withTerms))} ms`);

  const apollo = createApollo();
  const reads = async () => {
    const out: number[] = [];
    for (let i = 0; i < 300; i++) {
      const id = ids[i % ids.length];
      out.push(await timed(() => apollo.executeOperation({ query: TRACE, variables: { id } }, { contextValue: createContext(db) })));
    }
    return latency(out.slice(50));
  };
  const readsBefore = await reads();
  for (let done = 0; done < recordsToAdd; done += 2_000) {
    const changes = Array.from({ length: Math.min(2_000, recordsToAdd - done) }, (_, k) => {
      const id = ids[(done + k) % ids.length];
      return { target: 'NODE' as const, change: 'UPDATE' as const, before: { id, kind: 'MEASURE', title: `vanha ${k}` }, after: { id, kind: 'MEASURE', title: `uusi ${k}`, version: 1 } };
    });
    await db.writeTransaction((tx) => recordChanges(tx, { actor: 'bench', role: null, operation: 'bench' }, changes), { name: 'benchRecords' });
  }
  const readsAfter = await reads();
  log(`  history: trace before ${JSON.stringify(readsBefore)} after +${recordsToAdd} records ${JSON.stringify(readsAfter)} ms`);
  await apollo.stop();
  return { size, writes, api: latency(api), floor: latency(floor), floorWithRecord: latency(withRecord), floorWithTerms: latency(withTerms), readsBefore, readsAfter, recordsAdded: recordsToAdd };
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');

export function renderHistoryCost(costs: HistoryCost[]): string[] {
  if (!costs.length) return [];
  const lines = ['## What the change history costs', '',
    'Writes: `updateNode` through the product (checks, search terms, write, change record); the floor is the same write\'s statements without the record; floor + record adds recordChanges; + terms also computes the node\'s search terms (Voikko) and writes them (entity_terms is updated). Reads: trace through the API before and after the history holds that many more records (on the sampled nodes). In one process, the four ways in rotating order; p50 / p95 ms.', '',
    '| nodes | writes | updateNode | floor | floor + record | + terms | record cost (p50, p95) | terms cost (p50, p95) | trace before | trace after +records | read ratio p95 |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const c of costs) {
    const l = (x: Latency) => `${x.p50} / ${x.p95}`;
    lines.push(`| ${c.size.toLocaleString('en')} | ${c.writes} | ${l(c.api)} | ${l(c.floor)} | ${l(c.floorWithRecord)} | ${l(c.floorWithTerms)} | ${ratio(c.floorWithRecord.p50, c.floor.p50)}x, ${ratio(c.floorWithRecord.p95, c.floor.p95)}x | ${ratio(c.floorWithTerms.p50, c.floorWithRecord.p50)}x, ${ratio(c.floorWithTerms.p95, c.floorWithRecord.p95)}x | ${l(c.readsBefore)} | ${l(c.readsAfter)} (+${c.recordsAdded.toLocaleString('en')}) | ${ratio(c.readsAfter.p95, c.readsBefore.p95)} |`);
  }
  lines.push('');
  return lines;
}

async function main() {
  const argv = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const size = value('--size', 100_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-bench-history-'));
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '2g', pageCache: '2g', log });
  const db = Database.connect(neo4j.uri, '', '', undefined, { transactionTimeoutMs: 30 * 60_000, connectionTimeoutMs: 30_000 });
  try {
    await applySchema(db);
    const plan = seedPlan();
    const load = await loadSynthetic(db, plan, copiesFor(plan, size), log);
    log(`loaded ${load.nodes} nodes`);
    const cost = await measureHistoryCost(db, load.nodes, { writes: value('--writes', 300), records: value('--records', 100_000), log });
    process.stdout.write(`${renderHistoryCost([cost]).join('\n')}\n`);
  } finally {
    await db.close();
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(PROJECT_ROOT, 'bench', 'history-cost.ts')) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  });
}
