/**
 * npm run bench             the short version: 10k nodes, 3 s per cell (a few minutes)
 * npm run bench -- --full   10k, 100k and 1M nodes, 10 s per cell; writes docs/BENCHMARKS.md
 *                           (its generated part: the hand-written findings around it are kept)
 * Options: --sizes 10000,100000  --duration 5  --connections 1,16,64  --out FILE
 *
 * One run, one dedicated embedded Neo4j (temporary data directory, removed afterwards). Per size:
 * load the synthetic graph (bench/generate.ts) and report the rate; start the three servers
 * (ours, the peer, the raw floor) as child processes; check that every operation answers without
 * errors on every way; count database round trips of one request of each; then drive each
 * operation with autocannon at each connection count and record p50/p95/p99 latency (from every
 * response's own time), requests per second, and each server's peak RSS (VmHWM).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applySchema } from '../src/db/connect.js';
import { awaitIndexes } from '../cypher/schema.js';
import { Database } from '../src/db/database.js';
import { freePort, startEmbeddedNeo4j } from '../src/db/embedded.js';
import { PROJECT_ROOT } from '../src/config.js';
import { writePlan } from '../src/seeds/write.js';
import { benchDropPeerTextIndex, benchNeo4jVersion, benchPeerTextIndex, benchSampleIds } from './cypher.js';
import { withHandWrittenParts } from './report-file.js';
import { measureHistoryCost, renderHistoryCost, type HistoryCost } from './history-cost.js';
import { copiesFor, loadSynthetic, seedPlan, type LoadReport } from './generate.js';
import { OP_TITLES, OPS, requestOf, WAYS, type OpName, type Sample, type Way } from './operations.js';

interface Options {
  sizes: number[];
  duration: number;
  connections: number[];
  out: string;
  full: boolean;
}

function options(argv: string[]): Options {
  const full = argv.includes('--full');
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (name: string, fallback: number[]) => (value(name)?.split(',').map(Number) ?? fallback);
  return {
    full,
    sizes: list('--sizes', full ? [10_000, 100_000, 1_000_000] : [10_000]),
    duration: Number(value('--duration') ?? (full ? 10 : 3)),
    connections: list('--connections', [1, 16, 64]),
    out: value('--out') ?? (full ? path.join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md') : path.join(PROJECT_ROOT, 'bench', 'results', 'short.md')),
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Cell {
  size: number;
  op: OpName;
  way: Way;
  connections: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
}

interface Server {
  way: Way;
  port: number;
  child: ChildProcess;
}

async function startBenchServer(way: Way, boltUri: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'serve.ts'), way, boltUri, String(port)], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('READY')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${way} server exited (${code}):\n${stderr.join('')}`)));
  });
  return { way, port, child };
}

function sessionsOf(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.child.once('message', (m) => resolve((m as { sessions: number }).sessions));
    server.child.send('stats');
  });
}

/** Peak resident memory of the server process so far, in MiB (Linux VmHWM). */
function peakRssMiB(server: Server): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function post(server: Server, req: { path: string; body: string }): Promise<{ status: number; json: any }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${req.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body });
  return { status: res.status, json: await res.json() };
}

/** Every way answers every operation, without errors and with data; returns round trips per request. */
async function checkAndCountRoundTrips(servers: Server[], sample: Sample): Promise<Record<OpName, Record<Way, number>>> {
  const trips = {} as Record<OpName, Record<Way, number>>;
  for (const op of OPS) {
    trips[op] = {} as Record<Way, number>;
    for (const s of servers) {
      const before = await sessionsOf(s);
      const { status, json } = await post(s, requestOf(s.way, op, sample, 0));
      const after = await sessionsOf(s);
      if (status !== 200 || json.errors) throw new Error(`${s.way} ${op} failed (${status}): ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
      const data = JSON.stringify(json.data);
      if (!data || data === 'null' || data === '[]' || data === '{}') throw new Error(`${s.way} ${op} returned no data`);
      trips[op][s.way] = after - before;
    }
  }
  return trips;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function drive(server: Server, op: OpName, sample: Sample, connections: number, duration: number) {
  let i = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const { path: p, body } = requestOf(server.way, op, sample, i++);
          return { ...req, path: p, body };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const ms = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: ms(percentile(latencies, 50)),
    p95: ms(percentile(latencies, 95)),
    p99: ms(percentile(latencies, 99)),
    rps: Math.round((result.requests.total / duration) * 10) / 10,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function versions(db: Database) {
  const [row] = await db.read<{ version: string; edition: string }>(benchNeo4jVersion);
  const pkg = (name: string, dir = PROJECT_ROOT) => JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  return {
    neo4j: `${row.version} ${row.edition}`,
    node: process.version,
    apollo: pkg('@apollo/server'),
    graphql: pkg('graphql'),
    driver: pkg('neo4j-driver'),
    peer: pkg('@neo4j/graphql', path.join(PROJECT_ROOT, 'bench')),
    autocannon: pkg('autocannon', path.join(PROJECT_ROOT, 'bench')),
  };
}

async function main() {
  const opts = options(process.argv.slice(2));
  const plan = seedPlan();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-bench-'));
  log(`benchmark: sizes ${opts.sizes.join(', ')} nodes; ${opts.duration} s per cell; connections ${opts.connections.join(', ')}`);
  log(`starting a dedicated embedded Neo4j (${dataDir})`);
  const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '2g', pageCache: '2g', log });
  // Bulk batches of 10,000 rows at 1M nodes can outlast the API's 10 s transaction timeout.
  const db = Database.connect(neo4j.uri, '', '', undefined, { transactionTimeoutMs: 30 * 60_000 });
  const cells: Cell[] = [];
  const loads: (LoadReport & { size: number })[] = [];
  const trips: Record<number, Record<OpName, Record<Way, number>>> = {};
  const rss: Record<number, Record<Way, number>> = {};
  const historyCosts: HistoryCost[] = [];
  let seedLoad: SeedLoad = { nodes: 0, relationships: 0, ms: 0, nodesPerSecond: 0, warmMs: 0, warmNodesPerSecond: 0, floorMs: 0, rounds: 0 };
  let info: Awaited<ReturnType<typeof versions>>;
  try {
    await applySchema(db);
    info = await versions(db);

    // The real seeds through the product's own seed pipeline (one transaction, MERGE). The first
    // run on a new database pays for planning its statements (and the morphology's first look at
    // every word); then the product (search terms computed and indexed) and the floor (the same
    // write without them: what the pipeline cost before search terms existed) in alternating
    // order, so that they share the machine's noise: the morphology's write cost is their ratio.
    const seedOnce = async (terms: boolean) => {
      await db.deleteEverything();
      const started = Date.now();
      await writePlan(db, plan, terms ? {} : { searchPropertiesSet: true });
      return Date.now() - started;
    };
    const ms = await seedOnce(true);
    const warm: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < SEED_ROUNDS * 2; round++) {
      const terms = round % 4 === 0 || round % 4 === 3; // on, off, off, on, on, off, ...
      (terms ? warm : floor).push(await seedOnce(terms));
    }
    await seedOnce(true); // the graph the benchmark goes on with has its terms
    const rate = (millis: number) => Math.round(plan.nodes.length / (Math.max(millis, 1) / 1000));
    const [warmMs, floorMs] = [median(warm), median(floor)];
    seedLoad = { nodes: plan.nodes.length, relationships: plan.relationships.length, ms, nodesPerSecond: rate(ms), warmMs, warmNodesPerSecond: rate(warmMs), floorMs, rounds: SEED_ROUNDS };
    log(`seed load: ${plan.nodes.length} nodes, ${plan.relationships.length} relationships in ${ms} ms; then median of ${SEED_ROUNDS}: ${warmMs} ms, without search terms ${floorMs} ms`);

    for (const size of opts.sizes) {
      const copies = copiesFor(plan, size);
      log(`\n== ${size.toLocaleString('en')} nodes: ${copies} copies of the ${plan.nodes.length}-node curated graph`);
      const load = await loadSynthetic(db, plan, copies, log);
      loads.push({ ...load, size });
      log(`loaded ${load.nodes.toLocaleString('en')} nodes and ${load.relationships.toLocaleString('en')} relationships in ${(load.ms / 1000).toFixed(1)} s: ${load.nodesPerSecond.toLocaleString('en')} nodes/s overall`);
      const [sampleRow] = await db.read<Sample>(benchSampleIds, { n: 200 });
      // The peer's search index (what our search read before issue 13), for the servers' run only.
      await db.write(benchPeerTextIndex);
      await db.write(awaitIndexes, { seconds: 3600 });
      const servers: Server[] = [];
      try {
        for (const way of WAYS) servers.push(await startBenchServer(way, neo4j.uri));
        trips[size] = await checkAndCountRoundTrips(servers, sampleRow);
        for (const op of OPS) {
          // Warm-up of every way before any is measured: plans cached and both JITs (Node's and
          // Neo4j's) warm. Warming each way just before its own cells favoured the ways measured
          // later (the first run after loading paid Neo4j's warm-up inside ours' cells).
          for (const server of servers) await drive(server, op, sampleRow, 4, 2);
          for (const server of servers) {
            for (const connections of opts.connections) {
              const r = await drive(server, op, sampleRow, connections, opts.duration);
              cells.push({ size, op, way: server.way, connections, ...r });
              log(`  ${op.padEnd(6)} ${server.way.padEnd(4)} c=${String(connections).padEnd(2)} p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  ${r.rps} req/s  errors ${r.errors}`);
            }
          }
        }
        rss[size] = Object.fromEntries(servers.map((s) => [s.way, peakRssMiB(s)])) as Record<Way, number>;
      } finally {
        for (const s of servers) s.child.kill('SIGTERM');
      }
      // Last at each size: it writes (updates and extra change records) into the loaded graph,
      // with the product's indexes only (the peer's would add its update to every write).
      await db.write(benchDropPeerTextIndex);
      historyCosts.push(await measureHistoryCost(db, load.nodes, { writes: opts.full ? 300 : 100, records: opts.full ? 100_000 : 20_000, log }));
    }
  } finally {
    await db.close();
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = cells.filter((c) => c.errors > 0);
  if (failed.length > 0) log(`WARNING: ${failed.length} cells had errors (non-2xx, timeouts): their figures do not measure the operation: ${failed.map((c) => `${c.size} ${c.op} ${c.way} c=${c.connections}`).join(', ')}`);
  const report = renderReport({ opts, info: info!, seedLoad, loads, cells, trips, rss, historyCosts });
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, withHandWrittenParts(opts.out, report));
  process.stdout.write(report);
  log(`\nwritten to ${path.relative(PROJECT_ROOT, opts.out)}`);
}

interface ReportInput {
  opts: Options;
  info: Awaited<ReturnType<typeof versions>>;
  seedLoad: SeedLoad;
  loads: (LoadReport & { size: number })[];
  cells: Cell[];
  trips: Record<number, Record<OpName, Record<Way, number>>>;
  rss: Record<number, Record<Way, number>>;
  historyCosts?: HistoryCost[];
}

const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : 'n/a');

interface SeedLoad {
  nodes: number;
  relationships: number;
  ms: number;
  nodesPerSecond: number;
  /** Median of `rounds` runs on the emptied database (statements planned), search terms included. */
  warmMs: number;
  warmNodesPerSecond: number;
  /** The same, without computing or indexing search terms (the floor the morphology adds to). */
  floorMs: number;
  rounds: number;
}

/** Seed loads of each way after the first (on, off in alternating order). */
const SEED_ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function renderReport({ opts, info, seedLoad, loads, cells, trips, rss, historyCosts = [] }: ReportInput): string {
  const cpu = os.cpus();
  const lines: string[] = [];
  lines.push(`# Benchmarks`, '');
  lines.push(`Run on ${new Date().toISOString().slice(0, 10)} with \`npm run bench${opts.full ? ' -- --full' : ''}\`${opts.full ? '' : ' (the short version)'}.`, '');
  lines.push(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}. ` +
    `Neo4j ${info.neo4j} (embedded, heap 2 GiB, page cache 2 GiB), Node ${info.node}, @apollo/server ${info.apollo}, graphql ${info.graphql}, ` +
    `neo4j-driver ${info.driver}; peer @neo4j/graphql ${info.peer}; load by autocannon ${info.autocannon}. ` +
    `Server, database and load generator share the machine.`, '');
  lines.push(`Each cell: ${opts.duration} s of load, after a 2 s warm-up of all three ways for the operation; latency percentiles over every response; requests per second = responses / duration.`,
    `**ours** = this project's API (hand-written Cypher + DataLoader); **peer** = @neo4j/graphql generating an API over the same labels (bench/peer.ts);`,
    `**raw** = the equivalent Cypher through neo4j-driver behind a bare node:http server, no GraphQL (the floor).`, '');

  lines.push('## Loading', '');
  lines.push('| what | nodes | relationships | time (of it: constraint and indexes) | nodes/s | relationships/s |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| seed pipeline (real seeds, one transaction, MERGE), first run on a new database | ${seedLoad.nodes} | ${seedLoad.relationships} | ${seedLoad.ms} ms | ${seedLoad.nodesPerSecond.toLocaleString('en')} | |`);
  lines.push(`| seed pipeline again, on the emptied database (statements planned), median of ${seedLoad.rounds} | ${seedLoad.nodes} | ${seedLoad.relationships} | ${seedLoad.warmMs} ms | ${seedLoad.warmNodesPerSecond.toLocaleString('en')} | |`);
  lines.push(`| the same without search terms (no morphology, nothing for entity_terms), alternating with the row above | ${seedLoad.nodes} | ${seedLoad.relationships} | ${seedLoad.floorMs} ms | ${Math.round(seedLoad.nodes / (Math.max(seedLoad.floorMs, 1) / 1000)).toLocaleString('en')} | |`);
  for (const l of loads) {
    lines.push(`| synthetic ${l.size.toLocaleString('en')} (${l.copies} copies, batched UNWIND) | ${l.nodes.toLocaleString('en')} | ${l.relationships.toLocaleString('en')} | ${(l.ms / 1000).toFixed(1)} s (${(l.indexMs / 1000).toFixed(1)} s) | ${l.nodesPerSecond.toLocaleString('en')} | ${l.relationshipsPerSecond.toLocaleString('en')} |`);
  }
  lines.push('', `Write cost of the search terms (morphology on) in the seed pipeline: ${ratio(seedLoad.warmMs, seedLoad.floorMs)}x the same load without them.`, '');

  for (const size of [...new Set(cells.map((c) => c.size))]) {
    lines.push(`## ${size.toLocaleString('en')} nodes`, '');
    lines.push('| operation | conn | ours p50 / p95 / p99 ms | peer p50 / p95 / p99 ms | raw p50 / p95 / p99 ms | ours req/s | peer req/s | raw req/s | ours/peer req/s | ours/raw p95 | errors |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const op of OPS) {
      for (const connections of opts.connections) {
        const get = (way: Way) => cells.find((c) => c.size === size && c.op === op && c.way === way && c.connections === connections);
        const [o, p, r] = [get('ours'), get('peer'), get('raw')];
        if (!o || !p || !r) continue;
        const lat = (c: Cell) => `${c.p50} / ${c.p95} / ${c.p99}`;
        lines.push(`| ${OP_TITLES[op]} | ${connections} | ${lat(o)} | ${lat(p)} | ${lat(r)} | ${o.rps} | ${p.rps} | ${r.rps} | ${ratio(o.rps, p.rps)} | ${ratio(o.p95, r.p95)} | ${o.errors + p.errors + r.errors} |`);
      }
    }
    lines.push('');
    const t = trips[size];
    if (t) {
      lines.push('Database round trips per request (driver sessions opened by one request):', '');
      lines.push('| operation | ours | peer | raw |', '| --- | ---: | ---: | ---: |');
      for (const op of OPS) lines.push(`| ${OP_TITLES[op]} | ${t[op].ours} | ${t[op].peer} | ${t[op].raw} |`);
      lines.push('');
    }
    if (rss[size]) lines.push(`Server peak RSS: ours ${rss[size].ours} MiB, peer ${rss[size].peer} MiB, raw ${rss[size].raw} MiB.`, '');
  }
  lines.push(...renderHistoryCost(historyCosts));
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(PROJECT_ROOT, 'bench', 'run.ts')) {
  main().catch((err) => {
    log(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(1);
  });
}
