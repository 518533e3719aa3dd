/** Request logs, /metrics and the health probes of the real HTTP server over the seeded database (issue 16). */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { Readiness } from '../src/http/health.js';
import { loadSecurityConfig } from '../src/security/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { seededDatabase } from './support/db.js';

const SCRAPE_KEY = 'prometheus-scrape-key-0123456789';
const QUERY = 'query ObjectivesOfRegion($region: ID!) { objectives(regionId: $region) { number title strategyGoals { title } } }';

describe('observability', () => {
  let db: Database;
  let server: RunningServer;
  const lines: Record<string, any>[] = [];
  const readiness = new Readiness();

  beforeAll(async () => {
    db = await seededDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    server = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1', readiness, logger: pino({}, sink), security: loadSecurityConfig({ STRATEGY_GRAPH_REQUEST_TIMEOUT_MS: '60000', STRATEGY_GRAPH_READER_KEYS: SCRAPE_KEY }) }); // no 504 on a loaded machine
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('readiness: 503 while starting, 200 when marked ready, 503 once draining; liveness 200 throughout', async () => {
    let r = await fetch(`${server.url}/health/ready`);
    expect([r.status, await r.json()]).toEqual([503, { status: 'starting' }]);
    readiness.markReady();
    r = await fetch(`${server.url}/health/ready`);
    expect([r.status, await r.json()]).toEqual([200, { status: 'ready' }]);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });

  it('one log line per request, with the request id taken, the operation, round trips and result code', async () => {
    const res = await post({ query: QUERY, variables: { region: 'ks' }, operationName: 'ObjectivesOfRegion' }, { 'x-request-id': 'trace-abc.123', 'x-strategy-graph-stats': '1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    const body = await res.json();
    expect(body.data.objectives).toHaveLength(4);
    const line = lines.find((l) => l.reqId === 'trace-abc.123');
    expect(body.extensions.queryStats.roundTrips).toBeGreaterThan(0);
    expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'ObjectivesOfRegion', roundTrips: body.extensions.queryStats.roundTrips, result: 'OK' });
    expect(typeof line!.ms).toBe('number');
    expect(lines.filter((l) => l.reqId === 'trace-abc.123')).toHaveLength(1);
  });

  it('makes a request id when none (or a malformed one) is given, and logs the error code', async () => {
    const res = await post({ query: '{ objectives(regionId: "ks") { noSuchField } }' }, { 'x-request-id': 'bad id with spaces' });
    expect(res.status).toBe(400);
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.find((l) => l.reqId === id)).toMatchObject({ status: 400, operation: null, result: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('/metrics: durations by operation and status, errors by code, statements by name, pool, process; no query text', async () => {
    expect((await post({ query: QUERY, variables: { region: 'tuntematon-salasana-xyz' }, operationName: 'ObjectivesOfRegion' })).status).toBe(200);
    // A credential in a refused request shows nowhere either.
    expect((await post({ query: QUERY }, { authorization: 'Bearer not-a-real-token-but-secret' })).status).toBe(401);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/strategy_graph_http_request_duration_seconds_count\{operation="ObjectivesOfRegion",status="200"\} [1-9]/);
    expect(text).toMatch(/strategy_graph_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1/);
    expect(text).toMatch(/strategy_graph_neo4j_statement_duration_seconds_count\{statement="[A-Za-z]+",mode="READ",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/^strategy_graph_neo4j_pool_in_use 0$/m);
    expect(text).toMatch(/^strategy_graph_neo4j_pool_waiting 0$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    for (const secret of ['tuntematon-salasana-xyz', 'not-a-real-token', 'objectives(regionId', 'MATCH']) {
      expect(text).not.toContain(secret);
      expect(JSON.stringify(lines)).not.toContain(secret);
    }
  });

  it('/metrics answers only to a credential unless STRATEGY_GRAPH_METRICS_ACCESS=open, and says how to get one', async () => {
    const anonymous = await fetch(`${server.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const refusal = await anonymous.text();
    expect(refusal).toMatch(/credential/);
    expect(refusal).not.toMatch(/strategy_graph_|process_/);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-key-wrong-key-wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { 'x-api-key': SCRAPE_KEY } })).status).toBe(200);

    // No credential configured at all: the refusal names the two ways out.
    const bare = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1', security: loadSecurityConfig({}) });
    const open = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1', security: loadSecurityConfig({ STRATEGY_GRAPH_METRICS_ACCESS: 'open' }) });
    try {
      const r = await fetch(`${bare.url}/metrics`);
      expect(r.status).toBe(401);
      expect(await r.text()).toMatch(/STRATEGY_GRAPH_READER_KEYS.*STRATEGY_GRAPH_METRICS_ACCESS=open/);
      const o = await fetch(`${open.url}/metrics`);
      expect(o.status).toBe(200);
      expect(await o.text()).toMatch(/^process_cpu_user_seconds_total /m);
    } finally {
      await bare.stop();
      await open.stop();
    }
    expect(() => loadSecurityConfig({ STRATEGY_GRAPH_METRICS_ACCESS: 'public' })).toThrow(/STRATEGY_GRAPH_METRICS_ACCESS must be credential or open/);
  });

  it('stop(): readiness turns false as the drain begins', async () => {
    const stopping = server.stop();
    expect(readiness.ready).toBe(false);
    expect(readiness.reason).toBe('draining');
    await stopping;
  });
});
