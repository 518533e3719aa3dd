/**
 * Faults, on this test's OWN embedded Neo4j (temporary data directory, free port): a stream of
 * create mutations with client-chosen ids runs over HTTP while Neo4j is stopped and restarted
 * twice (a clean stop, then SIGKILL), on the same data directory and port. The client retries
 * every write that was not acknowledged, with the same id. Afterwards every acknowledged write
 * must be in the graph (lost = 0) and no write may be there twice (duplicated = 0). While Neo4j
 * is down requests must fail fast with DATABASE_UNAVAILABLE and /health must answer 503; when it
 * is back the API must recover by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { freePort, isPortFree, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { startServer, type RunningServer } from '../src/server.js';
import { CREATE, EDITOR_KEY, SOURCE, testSecurity } from './support/secure.js';

const faultNodes = cypher('testFaultNodes', "MATCH (n:Entity) WHERE n.id STARTS WITH 'fault.' RETURN n.id AS id, n.title AS title");

const WRITES = 300;
const WRITERS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: Neo4j stopped and restarted under a stream of writes', () => {
  let dataDir: string;
  let port: number;
  let neo: EmbeddedNeo4j;
  let db: Database;
  let server: RunningServer;
  const log: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'strategy-graph-faults-'));
    port = await freePort();
    neo = await startEmbeddedNeo4j({ dataDir, port, heap: '512m', pageCache: '64m', log: (l) => log.push(l) });
    db = Database.connect(neo.uri, '', '');
    await applySchema(db);
    server = await startServer({ db, dbDescription: 'fault-test Neo4j', port: 0, host: '127.0.0.1', security: testSecurity() });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await db?.close();
    await neo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function restart(how: 'stop' | 'kill') {
    if (how === 'kill') {
      const exited = new Promise((r) => neo.process.once('exit', r));
      neo.process.kill('SIGKILL');
      await exited;
    } else {
      await neo.stop();
    }
  }

  async function startAgain() {
    const until = Date.now() + 60_000;
    while (!(await isPortFree(port)) && Date.now() < until) await sleep(100);
    neo = await startEmbeddedNeo4j({ dataDir, port, heap: '512m', pageCache: '64m', log: (l) => log.push(l) });
    expect(neo.port).toBe(port);
  }

  it('loses and duplicates no acknowledged write, fails fast while Neo4j is down, and recovers by itself', async () => {
    const acknowledged = new Map<string, { created: boolean; attempts: number }>();
    const failures: { code: string; ms: number }[] = [];
    let next = 0;

    async function createOnce(id: string): Promise<{ ok: true; created: boolean } | { ok: false; code: string }> {
      const input = { id, kind: 'MEASURE', title: `Vikatesti ${id}`, sources: [SOURCE] };
      try {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': EDITOR_KEY },
          body: JSON.stringify({ query: CREATE, variables: { input } }),
          signal: AbortSignal.timeout(20_000),
        });
        const body = await res.json();
        if (body.data?.createNode) return { ok: true, created: body.data.createNode.created };
        return { ok: false, code: body.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}` };
      } catch (err) {
        return { ok: false, code: `network: ${(err as Error).name}` };
      }
    }

    async function writer() {
      while (next < WRITES) {
        const id = `fault.m.${next++}`;
        for (let attempt = 1; ; attempt++) {
          const started = Date.now();
          const result = await createOnce(id);
          if (result.ok) {
            acknowledged.set(id, { created: result.created, attempts: attempt });
            break;
          }
          failures.push({ code: result.code, ms: Date.now() - started });
          expect(['DATABASE_UNAVAILABLE', 'TIMEOUT']).toContain(result.code);
          await sleep(200); // then retry the same create: safe, it is idempotent on the id
        }
      }
    }

    async function chaos() {
      const events: string[] = [];
      for (const [at, how] of [[WRITES / 3, 'stop'], [(2 * WRITES) / 3, 'kill']] as const) {
        while (acknowledged.size < at) await sleep(20);
        const stopped = Date.now();
        await restart(how);
        // While it is down: fast DATABASE_UNAVAILABLE for reads, 503 from /health.
        const t0 = Date.now();
        const read = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ regions { id } }' }) });
        const readMs = Date.now() - t0;
        const readBody = await read.json();
        expect(readBody.errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');
        expect(read.status).toBe(503);
        expect(readMs).toBeLessThan(2_500);
        const t1 = Date.now();
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(503);
        expect((await health.json()).status).toBe('unavailable');
        const healthMs = Date.now() - t1;
        await sleep(1_000);
        await startAgain();
        const restarted = Date.now();
        let firstOk = 0;
        while (!firstOk) {
          const r = await fetch(`${server.url}/health`);
          if (r.status === 200) firstOk = Date.now();
          else await sleep(50);
        }
        events.push(`${how} at ${at} acknowledged: down ${restarted - stopped} ms, a read failed in ${readMs} ms, /health in ${healthMs} ms, healthy ${firstOk - restarted} ms after Neo4j was back`);
      }
      return events;
    }

    const [events] = await Promise.all([chaos(), ...Array.from({ length: WRITERS }, writer)]);

    const rows = await db.read<{ id: string; title: string }>(faultNodes);
    const inGraph = new Map<string, number>();
    for (const r of rows) inGraph.set(r.id, (inGraph.get(r.id) ?? 0) + 1);
    const lost = [...acknowledged.keys()].filter((id) => !inGraph.has(id));
    const duplicated = [...inGraph.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    const titles = new Set(rows.map((r) => r.title));
    const replays = [...acknowledged.values()].filter((a) => !a.created).length;
    const report = {
      writes: WRITES,
      acknowledged: acknowledged.size,
      lost: lost.length,
      duplicated: duplicated.length + (rows.length - titles.size),
      retriedAfterFailure: [...acknowledged.values()].filter((a) => a.attempts > 1).length,
      committedButUnacknowledgedThenReplayed: replays,
      failedAttempts: failures.length,
      failureCodes: [...new Set(failures.map((f) => f.code))],
      slowestFailureMs: Math.max(0, ...failures.map((f) => f.ms)),
      events,
    };
    console.log(`[faults] ${JSON.stringify(report, null, 2)}`);
    expect(report.acknowledged).toBe(WRITES);
    expect(lost).toEqual([]);
    expect(report.duplicated).toBe(0);
    expect(rows).toHaveLength(WRITES);
    expect(failures.length).toBeGreaterThan(0); // the faults were felt
    expect(report.slowestFailureMs).toBeLessThan(5_000);
  }, 600_000);
});
