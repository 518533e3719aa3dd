/**
 * Credentials and roles. A request presents at most one credential:
 *   - `Authorization: Bearer <token>`: a JWT (HS256, verified with node:crypto against
 *     STRATEGY_GRAPH_JWT_SECRET; its role claim says reader or editor) or an API key;
 *   - `X-API-Key: <key>`: an API key from STRATEGY_GRAPH_READER_KEYS or STRATEGY_GRAPH_EDITOR_KEYS.
 * Keys are compared in constant time (SHA-256 digests with timingSafeEqual, every key checked).
 * A credential that is presented but wrong is refused (UNAUTHENTICATED), never ignored. Nothing
 * here ever logs or echoes a credential; a principal names a key by its role and position only.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { SecurityConfig } from './config.js';

export type Role = 'reader' | 'editor';

export interface Principal {
  /** null: an authentic token that grants neither role. */
  role: Role | null;
  via: 'api-key' | 'jwt';
  /** For audit: 'editor key 2' or the token's sub claim. Never the credential itself. */
  subject: string;
}

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

type HeaderLookup = (name: string) => string | undefined | null;

/** The credential a request presents, or null. */
export function credentialOf(header: HeaderLookup): string | null {
  const authorization = header('authorization');
  if (authorization) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <token or API key>"');
    return m[1];
  }
  const key = header('x-api-key');
  return key ? key.trim() : null;
}

/** The principal for a credential; null without one. Throws AuthenticationError for a wrong one. */
export function authenticate(credential: string | null, security: SecurityConfig, now = Date.now()): Principal | null {
  if (credential === null) return null;
  if (credential.length > 8192) throw new AuthenticationError('the credential is not valid');
  if (security.jwt && looksLikeJwt(credential)) {
    const claims = verifyJwt(credential, security.jwt, now);
    return { role: roleOf(claims[security.jwt.roleClaim]), via: 'jwt', subject: typeof claims.sub === 'string' ? claims.sub.slice(0, 200) : 'jwt' };
  }
  const editor = matchKey(credential, security.editorKeys);
  const reader = matchKey(credential, security.readerKeys);
  if (editor >= 0) return { role: 'editor', via: 'api-key', subject: `editor key ${editor + 1}` };
  if (reader >= 0) return { role: 'reader', via: 'api-key', subject: `reader key ${reader + 1}` };
  throw new AuthenticationError('the credential is not valid');
}

export function canRead(principal: Principal | null | undefined, security: SecurityConfig): boolean {
  return security.readAccess === 'open' || principal?.role === 'reader' || principal?.role === 'editor';
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless the principal may read. */
export function requireReader(principal: Principal | null | undefined, security: SecurityConfig): void {
  if (canRead(principal, security)) return;
  if (!principal) throw unauthenticated('reading needs a reader or editor credential (Authorization: Bearer ..., or X-API-Key)');
  throw forbidden('this credential grants no reading');
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless the principal is an editor. */
export function requireEditor(principal: Principal | null | undefined): void {
  if (principal?.role === 'editor') return;
  if (!principal) throw unauthenticated('changing the graph needs an editor credential (Authorization: Bearer ..., or X-API-Key)');
  throw forbidden('this credential may read but not change the graph; an editor credential is needed');
}

/** Index of the matching key, or -1; the time taken does not depend on where or whether it matches. */
export function matchKey(candidate: string, keys: readonly string[]): number {
  const digest = sha256(candidate);
  let found = -1;
  keys.forEach((key, i) => {
    const equal = timingSafeEqual(digest, sha256(key));
    if (equal && found < 0) found = i;
  });
  return found;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

const LEEWAY_S = 30;

/** Verifies an HS256 JWT and returns its claims; throws AuthenticationError (with a reason, never the token). */
export function verifyJwt(token: string, jwt: NonNullable<SecurityConfig['jwt']>, now = Date.now()): Record<string, unknown> {
  const [h, p, s] = token.split('.');
  const header = decodeJson(h);
  if (header?.alg !== 'HS256') throw new AuthenticationError('the token must be signed with HS256');
  const expected = createHmac('sha256', jwt.secret).update(`${h}.${p}`).digest();
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new AuthenticationError('the token signature is not valid');
  const claims = decodeJson(p);
  if (!claims) throw new AuthenticationError('the token payload is not a JSON object');
  const nowS = now / 1000;
  if (typeof claims.exp !== 'number') throw new AuthenticationError('the token has no exp claim');
  if (nowS > claims.exp + LEEWAY_S) throw new AuthenticationError('the token has expired');
  if (typeof claims.nbf === 'number' && nowS + LEEWAY_S < claims.nbf) throw new AuthenticationError('the token is not valid yet');
  if (jwt.issuer && claims.iss !== jwt.issuer) throw new AuthenticationError('the token has the wrong issuer');
  if (jwt.audience) {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(jwt.audience)) throw new AuthenticationError('the token has the wrong audience');
  }
  return claims;
}

/** Signs an HS256 JWT: for tests, the soak script and operators minting tokens. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const s = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${s}`;
}

function decodeJson(part: string | undefined): Record<string, unknown> | null {
  if (!part) return null;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The strongest known role in a claim that is a string or a list of strings. */
function roleOf(claim: unknown): Role | null {
  const roles = Array.isArray(claim) ? claim : [claim];
  if (roles.includes('editor')) return 'editor';
  if (roles.includes('reader')) return 'reader';
  return null;
}
