/**
 * Fair use of the database: the admission queue (global and per-request caps on sessions, round
 * robin over clients), the points cost model, per-client budgets with RateLimit headers and 429,
 * and the outside test's attack (bench/attack.ts) run against the real server with the budget on
 * and off: /health stays 200, no ordinary read fails, the attacker is refused.
 */
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attack } from '../bench/attack.js';
import { costSampleMeasures, costSampleRegion } from '../bench/cypher.js';
import { Admission } from '../src/db/admission.js';
import { Database } from '../src/db/database.js';
import { loadTypeDefs } from '../src/graphql/schema.js';
import { Budget } from '../src/security/budget.js';
import { DEFAULT_LIMITS, loadSecurityConfig, SecurityConfigError } from '../src/security/config.js';
import { measureOperation } from '../src/security/limits.js';
import { startServer, type RunningServer } from '../src/server.js';
import { seededDatabase } from './support/db.js';
import { READER_KEY, testSecurity } from './support/secure.js';

describe('admission', () => {
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('keeps a request to its cap and the server to its own, and serves clients in turn', async () => {
    const admission = new Admission({ global: 3, perRequest: 2, perClient: 3 });
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const job = (ticket: ReturnType<Admission['ticket']>, name: string) =>
      admission.run(ticket, async () => {
        order.push(name);
        const d = deferred();
        gates.push(d.resolve);
        await d.promise;
      });
    const a1 = admission.ticket('attacker');
    const a2 = admission.ticket('attacker');
    const b = admission.ticket('ordinary');
    const running = [job(a1, 'a1-1'), job(a1, 'a1-2'), job(a1, 'a1-3'), job(a2, 'a2-1'), job(a2, 'a2-2'), job(b, 'b-1')];
    await new Promise((r) => setTimeout(r, 10));
    // a1 holds its 2, a2 got the third; a1-3 waits for a1, a2-2 and b-1 for the server.
    expect(order).toEqual(['a1-1', 'a1-2', 'a2-1']);
    expect(admission.stats).toMatchObject({ open: 3, waiting: 3 });
    gates.shift()!(); // a1-1 ends: the attacker's queue comes first in turn
    await new Promise((r) => setTimeout(r, 10));
    expect(order.slice(3)).toEqual(['a1-3']);
    gates.shift()!(); // a1-2 ends: now it is the ordinary client's turn, though a2-2 queued before it
    await new Promise((r) => setTimeout(r, 10));
    expect(order.slice(4)).toEqual(['b-1']);
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(running);
    expect(order).toHaveLength(6);
    expect(admission.stats).toMatchObject({ open: 0, waiting: 0 });
  });

  it('keeps a client to its cap across its requests', async () => {
    const admission = new Admission({ global: 10, perRequest: 2, perClient: 3 });
    const releases: (() => void)[] = [];
    const hold = (ticket: ReturnType<Admission['ticket']>) => admission.run(ticket, () => new Promise<void>((r) => releases.push(r)));
    const jobs = [0, 1, 2, 3].map(() => admission.ticket('one')).map(hold);
    const other = hold(admission.ticket('two'));
    await new Promise((r) => setTimeout(r, 10));
    expect(admission.stats).toMatchObject({ open: 4, waiting: 1 }); // three of 'one', one of 'two'
    releases.forEach((r) => r());
    await new Promise((r) => setTimeout(r, 10));
    releases.forEach((r) => r());
    await Promise.all([...jobs, other]);
  });

  it('gives up at the deadline', async () => {
    const admission = new Admission({ global: 1, perRequest: 1, perClient: 1 });
    let release!: () => void;
    const holder = admission.run(admission.ticket('x'), () => new Promise<void>((r) => (release = r)));
    await expect(admission.run(admission.ticket('y'), async () => 1, Date.now() + 30)).rejects.toThrow(/deadline/);
    release();
    await holder;
    await expect(admission.run(admission.ticket('y'), async () => 2, Date.now() + 30)).resolves.toBe(2);
  });

  it('refuses a session cap at or above the pool', () => {
    expect(() => loadSecurityConfig({ NEO4J_MAX_CONNECTION_POOL_SIZE: '10', STRATEGY_GRAPH_DB_SESSIONS: '10' })).toThrow(SecurityConfigError);
    expect(() => loadSecurityConfig({ STRATEGY_GRAPH_DB_SESSIONS: '4', STRATEGY_GRAPH_REQUEST_SESSIONS: '5' })).toThrow(/at most/);
    expect(loadSecurityConfig({}).fairUse).toMatchObject({ poolSize: 100, sessions: 40, requestSessions: 2, clientSessions: 4 });
  });
});

describe('cost model', () => {
  const schema = buildSchema(loadTypeDefs().join("\n"));
  const points = (query: string, variables?: Record<string, unknown>) => {
    const doc = parse(query);
    const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
    return measureOperation(schema, op, () => undefined, DEFAULT_LIMITS, variables).points;
  };
  const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `m${i}`));

  it('prices impact, fragility, search and compare by their inputs', () => {
    const impact = (n: number) => points(`{ impact(cut: ${ids(n)}) { orphaned { node { id } } } }`);
    expect(impact(10)).toBeLessThan(impact(100));
    expect(impact(388) - impact(1)).toBeGreaterThanOrEqual(Math.floor(2.5 * 387));
    expect(points(`{ fragility(regionId: "ks", first: 500) { node { id } } }`)).toBeGreaterThan(points(`{ fragility(regionId: "ks", first: 5) { node { id } } }`));
    expect(points(`{ search(text: "kotihoito omaishoito kuntoutus", first: 100) { node { id } } }`)).toBeGreaterThan(points(`{ search(text: "kotihoito", first: 5) { node { id } } }`));
    expect(points(`{ compare(theme: "kotihoito", regionIds: ["ks", "pp"]) { region { id } } }`)).toBeGreaterThan(points(`{ compare(theme: "kotihoito", regionIds: ["ks"]) { region { id } } }`));
    expect(points(`{ trace(id: "x") { objectives { id } } }`)).toBeGreaterThan(points(`{ regions { id } }`));
  });

  it('prices a variable at its value when known, at the maximum when not', () => {
    const q = `query ($cut: [ID!]!) { impact(cut: $cut) { orphaned { node { id } } } }`;
    expect(points(q, { cut: ['a', 'b'] })).toBeLessThan(points(q));
    expect(points(q)).toBe(points(`{ impact(cut: ${ids(500)}) { orphaned { node { id } } } }`));
  });

  it('prices the attack at far more than a whole budget', () => {
    const op = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: impact(cut: ${ids(388)}) { orphaned { node { id } } }`).join(' ')} }`;
    expect(points(op) * 10).toBeGreaterThan(5 * loadSecurityConfig({}).fairUse.budgetPoints);
  });
});

describe('budget', () => {
  it('charges, refills evenly and says when to come back', () => {
    let now = 0;
    const budget = new Budget(600, 60, () => now); // 10 points a second
    expect(budget.charge('a', 500)).toMatchObject({ allowed: true, remaining: 100, resetSeconds: 50 });
    const refused = budget.charge('a', 300);
    expect(refused).toMatchObject({ allowed: false, remaining: 100, retryAfterSeconds: 20 });
    expect(budget.charge('b', 300).allowed).toBe(true); // another client has its own bucket
    now += 20_000;
    expect(budget.charge('a', 300)).toMatchObject({ allowed: true, remaining: 0 });
    now += 10 * 60_000;
    expect(budget.charge('a', 0).remaining).toBe(600); // never more than a full bucket
  });
});

describe('over HTTP', () => {
  let db: Database;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db.close();
  });
  const start = async (env: NodeJS.ProcessEnv) => {
    // A long request deadline: the machine running the tests may be loaded (timings are not asserted).
    // The /health ping waits 5 s instead of 2 s: another busy process on the machine must not read as an outage.
    const patient = new Database(db.driver, db.databaseName, { ...db.options, connectionTimeoutMs: 5_000, transactionTimeoutMs: 30_000 });
    const server = await startServer({ db: patient, dbDescription: 'test database', port: 0, host: '127.0.0.1', security: testSecurity({ STRATEGY_GRAPH_REQUEST_TIMEOUT_MS: '30000', NEO4J_TRANSACTION_TIMEOUT_MS: '30000', ...env }) });
    servers.push(server);
    return server;
  };
  const post = (server: RunningServer, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('finds the inputs bench/cost.ts measures with (its statements, on the real database)', async () => {
    expect((await db.read<{ id: string }>(costSampleMeasures)).length).toBeGreaterThan(100);
    const [region] = await db.read<{ id: string; n: number }>(costSampleRegion);
    expect(region).toMatchObject({ id: expect.any(String) });
    expect(region.n).toBeGreaterThan(100);
  });

  it('returns the cost and the budget left, and 429 with Retry-After when spent', async () => {
    const server = await start({ STRATEGY_GRAPH_BUDGET_POINTS: '60', STRATEGY_GRAPH_BUDGET_WINDOW_S: '60' });
    const query = '{ trace(id: "ks.line.lanupe") { objectives { id } } }';
    const first = await post(server, { query });
    const body = await first.json();
    expect(first.status).toBe(200);
    expect(body.extensions.cost).toMatchObject({ points: expect.any(Number), limit: 60 });
    const points = body.extensions.cost.points;
    expect(body.extensions.cost.remaining).toBe(60 - points);
    expect(first.headers.get('ratelimit-policy')).toBe('"points";q=60;w=60');
    expect(first.headers.get('ratelimit')).toMatch(new RegExp(`^"points";r=${60 - points};t=\\d+$`));
    let last: Response | undefined;
    for (let i = 0; i < 20; i++) {
      last = await post(server, { query });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const refused = await last!.json();
    expect(refused.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost: { limit: 60 } });
    // Another client (a reader key) has its own budget.
    expect((await post(server, { query }, { 'x-api-key': READER_KEY })).status).toBe(200);
    // An operation that costs more than a whole budget never fits: a client error, not "wait".
    const huge = await post(server, { query: `{ impact(cut: ${JSON.stringify(Array.from({ length: 100 }, (_, i) => `x${i}`))}) { orphaned { node { id } } } }` }, { 'x-api-key': READER_KEY });
    expect(huge.status).toBe(400);
    expect((await huge.json()).errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure: 'points' });
    // /impact.csv is charged from the same bucket.
    const csv = await fetch(`${server.url}/impact.csv?cut=ks-m1`);
    expect(csv.status).toBe(429);
    expect(csv.headers.get('retry-after')).toBeTruthy();
  });

  for (const budgetOn of [true, false]) {
    it(`holds under the attack with the budget ${budgetOn ? 'on' : 'off'}`, async () => {
      const server = await start({ STRATEGY_GRAPH_BUDGET_POINTS: budgetOn ? '10000' : '0' });
      const report = await attack({ url: server.url, seconds: 5, attackers: 3, ordinaryKey: READER_KEY });
      expect(report.health.requests).toBeGreaterThan(0);
      expect(report.health.not200).toBe(0);
      // Timings are not asserted (a shared machine); bench/attack.ts prints them.
      expect(report.ordinary.requests).toBeGreaterThan(0);
      expect(report.ordinary.databaseUnavailable).toBe(0);
      expect(report.ordinary.failed, JSON.stringify(report.ordinary.codes)).toBe(0);
      expect(report.attacker.codes.DATABASE_UNAVAILABLE ?? 0).toBe(0);
      if (budgetOn) {
        // The 30-alias floods cost more than a whole budget (400, points); the plain batch fits a few times, then 429.
        expect(report.attacker.codes.QUERY_TOO_COMPLEX).toBeGreaterThan(0);
        expect(report.attacker.statuses['429'] ?? 0).toBeGreaterThan(0);
        expect(report.attacker.codes.RATE_LIMITED).toBeGreaterThan(0);
      }
    }, 150_000);
  }
});
