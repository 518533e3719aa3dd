/**
 * Access over HTTP: editor credentials for writes (API keys, HS256 JWTs with a role claim), reads
 * open or behind a key, introspection and the explorer off in production, CSRF prevention, batch
 * limits, secrets never logged, and a shutdown that drains requests in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { signJwt } from '../src/security/auth.js';
import { loadSecurityConfig, SecurityConfigError } from '../src/security/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { graphCounts, seededDatabase } from './support/db.js';
import { CREATE, EDITOR_KEY, JWT_SECRET, measureInput, READER_KEY, testSecurity } from './support/secure.js';

async function post(server: RunningServer, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

const token = (claims: Record<string, unknown>, secret = JWT_SECRET) => signJwt({ sub: 'tester', exp: Math.floor(Date.now() / 1000) + 600, ...claims }, secret);
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('access', () => {
  let db: Database;
  let open: RunningServer;
  let closed: RunningServer;
  const logged: string[] = [];
  const originalWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    db = await seededDatabase();
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    open = await startServer({ db, dbDescription: 'test', port: 0, host: '127.0.0.1', security: testSecurity() });
    closed = await startServer({
      db,
      dbDescription: 'test',
      port: 0,
      host: '127.0.0.1',
      security: testSecurity({ NODE_ENV: 'production', STRATEGY_GRAPH_READ_ACCESS: 'key' }),
    });
  });
  afterAll(async () => {
    process.stderr.write = originalWrite;
    await open.stop();
    await closed.stop();
    await db.close();
  });

  const create = (id: string) => ({ query: CREATE, variables: { input: measureInput(id) } });

  it('refuses writes without a credential (401 UNAUTHENTICATED) and with a reader one (403 FORBIDDEN)', async () => {
    const before = await graphCounts(db);
    const none = await post(open, create('ks.m.access.1'));
    expect(none.status).toBe(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const reader = await post(open, create('ks.m.access.1'), { 'x-api-key': READER_KEY });
    expect(reader.status).toBe(403);
    expect(reader.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const readerJwt = await post(open, create('ks.m.access.1'), bearer(token({ role: 'reader' })));
    expect(readerJwt.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const noRole = await post(open, create('ks.m.access.1'), bearer(token({ role: 'admin' })));
    expect(noRole.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await graphCounts(db)).toEqual(before);
  });

  it('accepts an editor key (X-API-Key or Bearer) and an editor JWT', async () => {
    const key = await post(open, create('ks.m.access.2'), { 'x-api-key': EDITOR_KEY });
    expect(key.body.errors).toBeUndefined();
    expect(key.body.data.createNode.created).toBe(true);
    const bearerKey = await post(open, create('ks.m.access.3'), bearer(EDITOR_KEY));
    expect(bearerKey.body.data.createNode.created).toBe(true);
    const jwt = await post(open, create('ks.m.access.4'), bearer(token({ role: 'editor' })));
    expect(jwt.body.data.createNode.created).toBe(true);
    const roles = await post(open, create('ks.m.access.5'), bearer(token({ roles: undefined, role: ['reader', 'editor'] })));
    expect(roles.body.data.createNode.created).toBe(true);
  });

  it('refuses a wrong, forged, expired or unsigned credential with 401, even for a read', async () => {
    const read = { query: '{ regions { id } }' };
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ role: 'editor', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    const cases: Record<string, string>[] = [
      { 'x-api-key': 'not-a-key-not-a-key-not-a-key' },
      { 'x-api-key': `${EDITOR_KEY}x` },
      bearer(token({ role: 'editor' }, 'another-secret-another-secret-another-secret')),
      bearer(token({ role: 'editor', exp: Math.floor(Date.now() / 1000) - 3600 })),
      bearer(`${header}.${payload}.`),
      bearer(signJwt({ role: 'editor' }, JWT_SECRET)), // no exp
      { authorization: `Basic ${Buffer.from(`x:${EDITOR_KEY}`).toString('base64')}` },
    ];
    for (const headers of cases) {
      const res = await post(open, read, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await post(open, read)).status).toBe(200); // no credential: reads are open here
  });

  it('closes reads behind a key when configured, /impact.csv included', async () => {
    const read = { query: '{ regions { id } }' };
    expect((await post(closed, read)).status).toBe(401);
    expect((await post(closed, read)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await post(closed, read, { 'x-api-key': READER_KEY })).body.data.regions.length).toBeGreaterThan(0);
    expect((await post(closed, read, bearer(token({ role: 'editor' })))).status).toBe(200);
    expect((await post(closed, read, bearer(token({ role: 'guest' })))).status).toBe(403);
    expect((await fetch(`${closed.url}/impact.csv?cut=ks.line.lanupe`)).status).toBe(401);
    expect((await fetch(`${closed.url}/impact.csv?cut=ks.line.lanupe`, { headers: { 'x-api-key': READER_KEY } })).status).toBe(200);
    expect((await fetch(`${closed.url}/health`)).status).toBe(200);
  });

  it('switches introspection and the explorer off in production (env overrides)', async () => {
    const introspection = await post(closed, { query: '{ __schema { queryType { name } } }' }, { 'x-api-key': READER_KEY });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors[0].message).toMatch(/introspection/i);
    const typo = await post(closed, { query: '{ regionz { id } }' }, { 'x-api-key': READER_KEY });
    expect(typo.body.errors[0].message).not.toMatch(/did you mean/i);
    expect((await fetch(`${closed.url}/explorer`)).status).toBe(404);
    expect((await fetch(`${closed.url}/graphql`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await post(open, { query: '{ __schema { queryType { name } } }' })).body.data.__schema.queryType.name).toBe('Query');

    expect(loadSecurityConfig({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, explorer: false });
    expect(loadSecurityConfig({})).toMatchObject({ introspection: true, explorer: true });
    expect(loadSecurityConfig({ NODE_ENV: 'production', STRATEGY_GRAPH_INTROSPECTION: 'true', STRATEGY_GRAPH_EXPLORER: '1' })).toMatchObject({ introspection: true, explorer: true });
  });

  it('prevents CSRF: a simple request that a browser form could send is refused', async () => {
    const form = await fetch(`${open.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(create('ks.m.access.csrf')) });
    expect(form.status).toBe(400);
    const get = await fetch(`${open.url}/graphql?query=${encodeURIComponent('{ regions { id } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF|preflight/i);
    const getWithHeader = await fetch(`${open.url}/graphql?query=${encodeURIComponent('{ regions { id } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(getWithHeader.status).toBe(200);
    const mutationByGet = await fetch(`${open.url}/graphql?query=${encodeURIComponent('mutation { unlink(input: {from: "a", to: "b", type: PART_OF}) { from } }')}`, { headers: { 'apollo-require-preflight': 'true', 'x-api-key': EDITOR_KEY } });
    expect(mutationByGet.status).toBe(405);
  });

  it('answers batches up to the limit and refuses larger ones before running any', async () => {
    const two = await post(open, [{ query: '{ regions { id } }' }, { query: '{ node(id: "ks") { id } }' }]);
    expect(two.status).toBe(200);
    expect(two.body).toHaveLength(2);
    const tooMany = await post(open, Array.from({ length: 11 }, () => ({ query: '{ regions { id } }' })));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', measure: 'batch', actual: 11, limit: 10 });
  });

  it('never logs or echoes a secret', async () => {
    const secrets = [EDITOR_KEY, READER_KEY, JWT_SECRET];
    const editorToken = token({ role: 'editor' });
    const responses = [
      await post(open, create('ks.m.access.log'), { 'x-api-key': `${EDITOR_KEY}-wrong` }),
      await post(open, { query: '{ node(id: 1) { id' }, { 'x-api-key': EDITOR_KEY }),
      await post(open, { query: 'mutation { deleteNode(id: "ks.m.no", expectedVersion: 1) { id } }' }, bearer(editorToken)),
      await post(closed, { query: '{ regions { id } }' }, bearer(editorToken.slice(0, -2))),
    ];
    const everything = logged.join('') + responses.map((r) => r.text).join('');
    for (const s of [...secrets, editorToken]) expect(everything).not.toContain(s);
    expect(() => loadSecurityConfig({ STRATEGY_GRAPH_EDITOR_KEYS: 'short-secret' })).toThrow(SecurityConfigError);
    try {
      loadSecurityConfig({ STRATEGY_GRAPH_EDITOR_KEYS: `${EDITOR_KEY},short-secret` });
    } catch (err) {
      expect((err as Error).message).toContain('key 2');
      expect((err as Error).message).not.toContain('short-secret');
    }
    expect(() => loadSecurityConfig({ STRATEGY_GRAPH_JWT_SECRET: 'too-short' })).toThrow(/at least 32/);
    expect(() => loadSecurityConfig({ STRATEGY_GRAPH_READ_ACCESS: 'key' })).toThrow(SecurityConfigError);
  });
});

describe('shutdown', () => {
  it('drains requests in flight before it stops', async () => {
    const base = await seededDatabase();
    // A database that answers slowly, so that a request is surely in flight when the server stops.
    class SlowDatabase extends Database {
      override withDeadline(deadline: number): Database {
        const scoped = new SlowDatabase(this.driver, this.databaseName, { ...this.options, deadline });
        return scoped;
      }
      override async read<R extends Record<string, unknown>>(...args: Parameters<Database['read']>): Promise<R[]> {
        await new Promise((r) => setTimeout(r, 800));
        return super.read(...args) as Promise<R[]>;
      }
    }
    const slow = new SlowDatabase(base.driver, base.databaseName, base.options);
    const server = await startServer({ db: slow, dbDescription: 'slow', port: 0, host: '127.0.0.1', security: testSecurity() });
    const inFlight = post(server, { query: '{ regions { id } }' });
    await new Promise((r) => setTimeout(r, 200));
    const stopping = server.stop();
    const answered = await inFlight;
    await stopping;
    expect(answered.status).toBe(200);
    expect(answered.body.data.regions.length).toBeGreaterThan(0);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await base.close();
  });
});
