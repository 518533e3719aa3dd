/**
 * The outside test's lower findings about credentials and headers: JWTs verified with jose
 * (HS256, and RS256/ES256 from a JWKS URL served here on loopback), a maximum lifetime, canonical
 * signatures; two credentials in one request refused; helmet's headers on every response; /health
 * without the database address for strangers; the statistics header closed in production.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { STATS_HEADER } from '../src/graphql/plugins.js';
import { AuthenticationError, authenticate, signJwt } from '../src/security/auth.js';
import { loadSecurityConfig } from '../src/security/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { seededDatabase } from './support/db.js';
import { EDITOR_KEY, JWT_SECRET, READER_KEY, testSecurity } from './support/secure.js';

const nowS = () => Math.floor(Date.now() / 1000);

describe('JWT with jose', () => {
  const security = testSecurity();

  it('accepts a good HS256 token and refuses a forged, expired or too long-lived one', async () => {
    const good = signJwt({ sub: 'anna', role: 'editor', exp: nowS() + 600 }, JWT_SECRET);
    expect(await authenticate(good, security)).toMatchObject({ role: 'editor', via: 'jwt', subject: 'anna' });
    await expect(authenticate(signJwt({ role: 'editor', exp: nowS() + 600 }, 'another-secret-0123456789abcdef0123456789'), security)).rejects.toThrow(/signature/);
    await expect(authenticate(signJwt({ role: 'editor', exp: nowS() - 3600 }, JWT_SECRET), security)).rejects.toThrow(/expired/);
    await expect(authenticate(signJwt({ role: 'editor', exp: 1e308 }, JWT_SECRET), security)).rejects.toThrow(/too long|exp/);
    await expect(authenticate(signJwt({ role: 'editor', exp: nowS() + 13 * 3600 }, JWT_SECRET), security)).rejects.toThrow(/too long/);
    await expect(authenticate(signJwt({ role: 'editor', iat: nowS() - 20 * 3600, exp: nowS() + 600 }, JWT_SECRET), security)).rejects.toThrow(/too long/);
    await expect(authenticate(signJwt({ role: 'editor' }, JWT_SECRET), security)).rejects.toThrow(AuthenticationError);
    const shorter = loadSecurityConfig({ STRATEGY_GRAPH_JWT_SECRET: JWT_SECRET, STRATEGY_GRAPH_JWT_MAX_LIFETIME_S: '300' });
    await expect(authenticate(good, shorter)).rejects.toThrow(/at most 300 s/);
  });

  it('refuses a signature whose spare bits are flipped', async () => {
    const good = signJwt({ role: 'reader', exp: nowS() + 600 }, JWT_SECRET);
    const s = good.split('.')[2];
    // 32 bytes are 43 base64url characters: the last one carries 2 spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s.at(-1)!);
    const flipped = `${good.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(flipped.split('.')[2], 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    await expect(authenticate(flipped, security)).rejects.toThrow(/signature/);
  });

  it('refuses alg none and an algorithm the configuration does not name', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'editor', exp: nowS() + 60 })).toString('base64url')}.`;
    await expect(authenticate(none, security)).rejects.toThrow(AuthenticationError);
    const { privateKey } = await generateKeyPair('ES256');
    const es = await new SignJWT({ role: 'editor' }).setProtectedHeader({ alg: 'ES256' }).setExpirationTime('5m').sign(privateKey);
    await expect(authenticate(es, security)).rejects.toThrow(/HS256/); // no JWKS configured
  });

  describe('RS256 and ES256 from a JWKS URL', () => {
    let jwksServer: http.Server;
    let jwksUrl: string;
    let keys: { es: CryptoKey; rs: CryptoKey; other: CryptoKey };
    let fetched = 0;
    beforeAll(async () => {
      const es = await generateKeyPair('ES256');
      const rs = await generateKeyPair('RS256');
      const other = await generateKeyPair('ES256');
      keys = { es: es.privateKey, rs: rs.privateKey, other: other.privateKey };
      const jwks: { keys: JWK[] } = {
        keys: [
          { ...(await exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
          { ...(await exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
        ],
      };
      jwksServer = http.createServer((_req, res) => {
        fetched += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      });
      await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
      jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`;
    });
    afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

    const idpSecurity = () => loadSecurityConfig({ STRATEGY_GRAPH_JWT_JWKS_URL: jwksUrl, STRATEGY_GRAPH_JWT_ISSUER: 'https://login.example/county', STRATEGY_GRAPH_JWT_AUDIENCE: 'strategy-graph', STRATEGY_GRAPH_JWT_ROLE_CLAIM: 'roles' });
    const token = (key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown> = {}) =>
      new SignJWT({ roles: ['reader'], ...claims })
        .setProtectedHeader({ alg, kid })
        .setIssuer('https://login.example/county')
        .setAudience('strategy-graph')
        .setSubject('oid-123')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key);

    it('verifies ES256 and RS256 tokens against the provider keys', async () => {
      const security = idpSecurity();
      expect(await authenticate(await token(keys.es, 'ES256', 'es-1'), security)).toMatchObject({ role: 'reader', via: 'jwt', subject: 'oid-123' });
      expect(await authenticate(await token(keys.rs, 'RS256', 'rs-1', { roles: ['editor'] }), security)).toMatchObject({ role: 'editor' });
      expect(fetched).toBeGreaterThan(0);
    });

    it('refuses a key the provider does not publish, the wrong audience, an HS256 token', async () => {
      const security = idpSecurity();
      await expect(authenticate(await token(keys.other, 'ES256', 'es-1'), security)).rejects.toThrow(/signature/);
      await expect(authenticate(await token(keys.other, 'ES256', 'unknown'), security)).rejects.toThrow(AuthenticationError);
      const otherAudience = await new SignJWT({ roles: ['reader'] }).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuer('https://login.example/county').setAudience('someone-else').setExpirationTime('1h').sign(keys.es);
      await expect(authenticate(otherAudience, security)).rejects.toThrow(/audience/);
      await expect(authenticate(signJwt({ roles: ['editor'], exp: nowS() + 60 }, JWT_SECRET), security)).rejects.toThrow(/RS256 or ES256/);
    });

    it('wants https for the JWKS except on loopback', () => {
      expect(() => loadSecurityConfig({ STRATEGY_GRAPH_JWT_JWKS_URL: 'http://idp.example/keys' })).toThrow(/https/);
    });
  });
});

describe('over HTTP', () => {
  let db: Database;
  let server: RunningServer;
  let production: RunningServer;
  beforeAll(async () => {
    db = await seededDatabase();
    server = await startServer({ db, dbDescription: 'test database at bolt://secret-host:7687', port: 0, host: '127.0.0.1', security: testSecurity() });
    production = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1', security: testSecurity({ NODE_ENV: 'production' }) });
  });
  afterAll(async () => {
    await server.stop();
    await production.stop();
    await db.close();
  });
  const post = (s: RunningServer, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('refuses two credentials in one request, even two good ones', async () => {
    const both = await post(server, { query: '{ regions { id } }' }, { authorization: `Bearer ${READER_KEY}`, 'x-api-key': EDITOR_KEY });
    expect(both.status).toBe(401);
    expect((await both.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const wrongKey = await post(server, { query: '{ regions { id } }' }, { authorization: `Bearer ${READER_KEY}`, 'x-api-key': 'wrong-key-wrong-key-wrong' });
    expect(wrongKey.status).toBe(401);
    expect((await fetch(`${server.url}/impact.csv?cut=x`, { headers: { authorization: `Bearer ${READER_KEY}`, 'x-api-key': READER_KEY } })).status).toBe(401);
  });

  it('answers client mistakes as client errors: an APQ hash mismatch, a subscription', async () => {
    const apq = await post(server, { query: '{ regions { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
    expect(apq.status).toBe(400);
    expect((await apq.json()).errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    const subscription = await post(server, { query: 'subscription { regions { id } }' });
    expect(subscription.status).toBe(400);
    expect((await subscription.json()).errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('hides "Did you mean" hints in variable errors with introspection off', async () => {
    const res = await post(production, { query: 'query ($k: [NodeKind!]) { search(text: "hoito", kinds: $k) { score } }', variables: { k: ['MEASUR'] } });
    const text = JSON.stringify(await res.json());
    expect(text).not.toMatch(/Did you mean/i);
    expect(text).not.toContain('MEASURE');
  });

  it('sends the security headers on every response, without X-Powered-By', async () => {
    for (const path of ['/health', '/impact.csv?cut=nothing-here', '/graphql?query=%7Bregions%7Bid%7D%7D', '/map', '/no-such-page']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      // (Express's own 404 page sets an even stricter policy, default-src 'none'.)
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src '(self|none)'/);
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('tells only a caller with a credential where the database is', async () => {
    const anonymous = await (await fetch(`${server.url}/health`)).json();
    expect(anonymous.status).toBe('ok');
    expect(JSON.stringify(anonymous)).not.toContain('secret-host');
    const wrong = await (await fetch(`${server.url}/health`, { headers: { 'x-api-key': 'not-a-key-not-a-key' } })).json();
    expect(JSON.stringify(wrong)).not.toContain('secret-host');
    const reader = await (await fetch(`${server.url}/health`, { headers: { 'x-api-key': READER_KEY } })).json();
    expect(reader.database.where).toContain('secret-host');
  });

  it('names statements in the statistics only outside production, or to an editor', async () => {
    const ask = async (s: RunningServer, headers: Record<string, string> = {}) => (await (await post(s, { query: '{ regions { id } }' }, { [STATS_HEADER]: '1', ...headers })).json()).extensions?.queryStats;
    expect((await ask(server)).queries.length).toBeGreaterThan(0);
    expect(await ask(production)).toBeUndefined();
    expect(await ask(production, { 'x-api-key': READER_KEY })).toBeUndefined();
    expect((await ask(production, { 'x-api-key': EDITOR_KEY })).queries.length).toBeGreaterThan(0);
  });
});
