/**
 * Soak test: minutes of mixed traffic against one server, to see that it keeps serving (no
 * errors creeping in, no memory growing without bound). NOT part of npm test.
 *
 *   npm run soak                            # its own embedded Neo4j + server, seeded, 120 s
 *   npm run soak -- --duration 600 --concurrency 16
 *   npm run soak -- --url http://127.0.0.1:4000 --duration 300   # a running server (loopback only);
 *                                            # writes need STRATEGY_GRAPH_SOAK_EDITOR_KEY
 *
 * Bounded by time (--duration seconds, at most 3600) and by count (--requests, at most 1,000,000),
 * whichever comes first. Traffic: reads (search, node, trace, service line trees, coverage,
 * impact), hostile queries that must be refused (too deep, too costly, injection-looking search
 * text), and editor writes (create, update with the expected version, link, delete). Every 10 s
 * and at the end it reports requests served, errors by code, latency percentiles and the
 * server's memory; it exits 1 if any request failed unexpectedly.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { loadSecurityConfig } from '../src/security/config.js';
import { seedDatabase } from '../src/seeds/index.js';
import { startServer, type RunningServer } from '../src/server.js';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '120' },
    requests: { type: 'string', default: '1000000' },
    concurrency: { type: 'string', default: '8' },
  },
});

const durationS = Math.min(3600, Math.max(1, Number(args.duration)));
const maxRequests = Math.min(1_000_000, Math.max(1, Number(args.requests)));
const concurrency = Math.min(64, Math.max(1, Number(args.concurrency)));
const log = (line: string) => process.stderr.write(`${line}\n`);

const SOURCE = { document: '000_9dec4d1a41e94955.txt', locator: 'slide 5', quote: 'Kinkomaan nuorisokodin toiminnan suunnitteluvaihe aloitetaan 2027' };
const WORDS = ['perhehoito', 'kotihoito', 'mielenterveys', 'omaishoito', 'nuoret', 'palvelupolku', 'ikääntyneet', 'kumppanuus', 'tieto', 'vammaiset'];
const HOSTILE_TEXT = ["' OR 1=1 //", '*:*', 'title:(x) OR y~2', '"}) MATCH (n) DETACH DELETE n //', '\u0000\u202e', '('.repeat(2000)];

interface Target {
  url: string;
  editorKey?: string;
  serverPid: number | null;
  close(): Promise<void>;
}

async function ownServer(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-soak-'));
  log(`starting an embedded Neo4j in ${dataDir}`);
  const neo: EmbeddedNeo4j = await startEmbeddedNeo4j({ dataDir, port: 0, log });
  const db = Database.connect(neo.uri, '', '');
  await applySchema(db);
  const { report } = await seedDatabase(db);
  log(`seeded: ${report.nodesCreated} nodes`);
  const editorKey = randomBytes(24).toString('hex');
  const server: RunningServer = await startServer({
    db,
    dbDescription: 'soak Neo4j',
    port: 0,
    host: '127.0.0.1',
    security: loadSecurityConfig({ STRATEGY_GRAPH_EDITOR_KEYS: editorKey }),
  });
  return {
    url: server.url,
    editorKey,
    serverPid: process.pid,
    async close() {
      await server.stop();
      await db.close();
      await neo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function runningServer(url: string): Target {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`the soak test runs against loopback only (got ${host})`);
  }
  return { url: url.replace(/\/$/, ''), editorKey: process.env.STRATEGY_GRAPH_SOAK_EDITOR_KEY || undefined, serverPid: null, close: async () => undefined };
}

interface Outcome {
  kind: string;
  ms: number;
  /** 'ok', or the error code; `expected` says whether that outcome was the point of the request. */
  code: string;
  expected: boolean;
}

async function main() {
  const target = args.url ? runningServer(args.url) : await ownServer();
  const gql = async (query: string, variables: Record<string, unknown> = {}, editor = false) => {
    const res = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(editor && target.editorKey ? { 'x-api-key': target.editorKey } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    return { body, code: body.errors?.length ? String(body.errors[0].extensions?.code) : 'ok' };
  };

  const measures: string[] = (await gql('{ measures(regionId: "ks") { id } }')).body.data?.measures.map((m: { id: string }) => m.id) ?? [];
  const lines: string[] = (await gql('{ serviceLines(regionId: "ks") { id } }')).body.data?.serviceLines.map((l: { id: string }) => l.id) ?? [];
  if (measures.length === 0 || lines.length === 0) throw new Error('the server holds no measures or service lines of region ks: seed it first');
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const runId = randomBytes(4).toString('hex');
  let created = 0;
  const mine: { id: string; version: number }[] = [];

  const operations: [number, string, () => Promise<Outcome['code']>, string?][] = [
    [20, 'search', async () => (await gql('query ($t: String!) { search(text: $t, first: 20) { score node { id title } } }', { t: pick(WORDS) })).code],
    [15, 'node', async () => (await gql('query ($id: ID!) { node(id: $id) { id title version sources { quote } ... on Measure { responsible { id } } } }', { id: pick(measures) })).code],
    [15, 'trace', async () => (await gql('query ($id: ID!) { trace(id: $id) { objectives { number } paths } }', { id: pick(measures) })).code],
    [10, 'serviceLineTree', async () => (await gql('query ($id: ID!) { serviceLine(id: $id) { goals { strategyGoal { title } subGoals { title measures { title responsible { title } indicators { title } } } } } }', { id: pick(lines) })).code],
    [5, 'coverage', async () => (await gql('{ coverage(regionId: "ks") { counts { measures subGoals } } }')).code],
    [5, 'impact', async () => (await gql('query ($cut: [ID!]!) { impact(cut: $cut) { orphaned { severity } weakened { severity } } }', { cut: [pick(lines)] })).code],
    [4, 'hostileDepth', async () => (await gql(`{ node(id: "ks") { ${'outgoing { node { '.repeat(6)}id${' } }'.repeat(6)} } }`)).code, 'QUERY_TOO_COMPLEX'],
    [3, 'hostileCost', async () => (await gql('{ regions { serviceLines { measures { responsible { ... on ServiceLine { measures { involves { id } } } } } } } }')).code, 'QUERY_TOO_COMPLEX'],
    [3, 'hostileSearch', async () => (await gql('query ($t: String!) { search(text: $t) { score } }', { t: pick(HOSTILE_TEXT) })).code],
    ...(target.editorKey
      ? ([
          [8, 'create', async () => {
            const id = `soak.m.${runId}.${created++}`;
            const r = await gql('mutation ($input: CreateNodeInput!) { createNode(input: $input) { node { id version } } }', { input: { id, kind: 'MEASURE', regionId: 'ks', title: `Kuormitustesti ${id}`, sources: [SOURCE], relations: [{ type: 'RESPONSIBLE', to: pick(lines) }] } }, true);
            if (r.code === 'ok') mine.push({ id, version: 1 });
            return r.code;
          }],
          [6, 'update', async () => {
            const m = pick(mine);
            if (!m) return 'ok';
            const r = await gql('mutation ($input: UpdateNodeInput!) { updateNode(input: $input) { version } }', { input: { id: m.id, expectedVersion: m.version, title: `Päivitetty ${Date.now()}` } }, true);
            if (r.code === 'ok') m.version = r.body.data.updateNode.version;
            return r.code === 'CONFLICT' ? 'ok' : r.code; // two workers editing the same node: one may lose, as designed
          }],
          [3, 'link', async () => {
            const m = pick(mine);
            if (!m) return 'ok';
            return (await gql('mutation ($input: LinkInput!) { link(input: $input) { created } }', { input: { from: m.id, type: 'INVOLVES', to: pick(lines) } }, true)).code;
          }],
          [2, 'delete', async () => {
            const i = Math.floor(Math.random() * mine.length);
            const m = mine[i];
            if (!m) return 'ok';
            mine.splice(i, 1);
            const r = await gql('mutation ($id: ID!, $v: Int!) { deleteNode(id: $id, expectedVersion: $v) { id } }', { id: m.id, v: m.version }, true);
            return r.code === 'CONFLICT' ? 'ok' : r.code;
          }],
        ] as [number, string, () => Promise<string>][])
      : []),
  ];
  const totalWeight = operations.reduce((s, o) => s + o[0], 0);
  const choose = () => {
    let r = Math.random() * totalWeight;
    for (const op of operations) if ((r -= op[0]) < 0) return op;
    return operations[0];
  };

  const outcomes: Outcome[] = [];
  const started = Date.now();
  const deadline = started + durationS * 1000;
  let issued = 0;
  const worker = async () => {
    while (Date.now() < deadline && issued < maxRequests) {
      issued += 1;
      const [, kind, run, expectedCode] = choose();
      const t0 = Date.now();
      let code: string;
      try {
        code = await run();
      } catch (err) {
        code = `network: ${(err as Error).name}`;
      }
      outcomes.push({ kind, ms: Date.now() - t0, code, expected: code === (expectedCode ?? 'ok') });
    }
  };

  const summary = () => {
    const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] ?? 0;
    const unexpected: Record<string, number> = {};
    const refusedAsExpected: Record<string, number> = {};
    for (const o of outcomes) {
      if (!o.expected) unexpected[`${o.kind}: ${o.code}`] = (unexpected[`${o.kind}: ${o.code}`] ?? 0) + 1;
      else if (o.code !== 'ok') refusedAsExpected[o.code] = (refusedAsExpected[o.code] ?? 0) + 1;
    }
    const elapsed = (Date.now() - started) / 1000;
    return {
      seconds: Math.round(elapsed),
      served: outcomes.length,
      perSecond: Math.round(outcomes.length / elapsed),
      errors: Object.values(unexpected).reduce((a, b) => a + b, 0),
      unexpected,
      refusedAsExpected,
      latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: ms[ms.length - 1] ?? 0 },
      serverRssMb: target.serverPid === process.pid ? Math.round(process.memoryUsage().rss / 1024 / 1024) : null,
      writesCreated: created,
    };
  };

  log(`soaking ${target.url} for ${durationS} s or ${maxRequests} requests, ${concurrency} at a time${target.editorKey ? '' : ' (reads only: no editor key)'}`);
  const ticker = setInterval(() => {
    const s = summary();
    log(`[${s.seconds} s] served ${s.served} (${s.perSecond}/s), errors ${s.errors}, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms${s.serverRssMb ? `, rss ${s.serverRssMb} MB` : ''}`);
  }, 10_000);
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(ticker);
  }
  const result = summary();
  console.log(JSON.stringify(result, null, 2));
  await target.close();
  process.exit(result.errors > 0 ? 1 : 0);
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
