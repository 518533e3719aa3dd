/**
 * Credentials and roles. A request presents at most one credential; two (Authorization and
 * X-API-Key both) are refused, whatever each is:
 *   - `Authorization: Bearer <token>`: a JWT or an API key. JWTs are verified with `jose` (the
 *     library, not hand-written crypto): HS256 against STRATEGY_GRAPH_JWT_SECRET, and/or RS256 or
 *     ES256 against the keys of STRATEGY_GRAPH_JWT_JWKS_URL (a county's identity provider: Entra
 *     ID, Suomi.fi). exp is required and may lie at most STRATEGY_GRAPH_JWT_MAX_LIFETIME_S ahead;
 *     the signature must be canonical base64url (no flipped spare bits); its role claim says
 *     reader or editor;
 *   - `X-API-Key: <key>`: an API key from STRATEGY_GRAPH_READER_KEYS or STRATEGY_GRAPH_EDITOR_KEYS.
 * Keys are compared in constant time (SHA-256 digests with timingSafeEqual, every key checked).
 * A credential that is presented but wrong is refused (UNAUTHENTICATED), never ignored. Nothing
 * here ever logs or echoes a credential; a principal names a key by its role and position only.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig, SecurityConfig } from './config.js';

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
  const apiKey = header('x-api-key');
  if (authorization !== undefined && authorization !== null && apiKey !== undefined && apiKey !== null) {
    throw new AuthenticationError('present one credential: Authorization or X-API-Key, not both');
  }
  if (authorization) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <token or API key>"');
    return m[1];
  }
  return apiKey ? apiKey.trim() : null;
}

/** The principal for a credential; null without one. Throws AuthenticationError for a wrong one. */
export async function authenticate(credential: string | null, security: SecurityConfig, now = Date.now()): Promise<Principal | null> {
  if (credential === null) return null;
  if (credential.length > 8192) throw new AuthenticationError('the credential is not valid');
  if (security.jwt && looksLikeJwt(credential)) {
    const claims = await verifyJwt(credential, security.jwt, now);
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

const remoteKeySets = new Map<string, JWTVerifyGetKey>();
/** The JWKS of a URL, fetched by jose when needed and cached (cooldown 30 s, kept 10 min). */
function keySetOf(url: string): JWTVerifyGetKey {
  let set = remoteKeySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    remoteKeySets.set(url, set);
  }
  return set;
}

/**
 * Verifies a JWT with jose and returns its claims; throws AuthenticationError with a reason,
 * never the token. The algorithm comes from the configuration, never from the token alone.
 */
export async function verifyJwt(token: string, jwt: JwtConfig, now = Date.now()): Promise<Record<string, unknown>> {
  const [h, , s] = token.split('.');
  // base64url has spare bits in its last character: a signature that decodes to the same bytes
  // but is not their canonical encoding is a different token; refuse it (jose ignores them).
  if (!s || Buffer.from(s, 'base64url').toString('base64url') !== s) throw new AuthenticationError('the token signature is not valid');
  const alg = (() => {
    try {
      return JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))?.alg;
    } catch {
      return undefined;
    }
  })();
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (alg === 'HS256' && jwt.secret) {
    key = new TextEncoder().encode(jwt.secret);
    algorithms = ['HS256'];
  } else if ((alg === 'RS256' || alg === 'ES256') && (jwt.jwksUrl || jwt.jwks)) {
    key = jwt.jwks ? createLocalJWKSet(jwt.jwks) : keySetOf(jwt.jwksUrl!);
    algorithms = ['RS256', 'ES256'];
  } else {
    throw new AuthenticationError(`the token must be signed with ${[jwt.secret ? 'HS256' : '', jwt.jwksUrl || jwt.jwks ? 'RS256 or ES256' : ''].filter(Boolean).join(', ')}`);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key as never, {
      algorithms,
      issuer: jwt.issuer,
      audience: jwt.audience,
      requiredClaims: ['exp'],
      clockTolerance: LEEWAY_S,
      currentDate: new Date(now),
    }));
  } catch (err) {
    throw new AuthenticationError(reasonOf(err));
  }
  const nowS = now / 1000;
  if (typeof payload.exp !== 'number' || payload.exp > nowS + jwt.maxLifetimeS + LEEWAY_S) {
    throw new AuthenticationError(`the token lives too long: exp may lie at most ${jwt.maxLifetimeS} s ahead`);
  }
  if (typeof payload.iat === 'number' && payload.exp - payload.iat > jwt.maxLifetimeS + LEEWAY_S) {
    throw new AuthenticationError(`the token lives too long: at most ${jwt.maxLifetimeS} s from iat to exp`);
  }
  return payload as Record<string, unknown>;
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return 'the token is not valid yet';
    if (err.claim === 'iss') return 'the token has the wrong issuer';
    if (err.claim === 'aud') return 'the token has the wrong audience';
    if (err.claim === 'exp') return 'the token has no valid exp claim';
    return `the token's ${err.claim} claim is not valid`;
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (err instanceof joseErrors.JWKSTimeout || (err as { code?: string })?.code === 'ERR_JOSE_GENERIC') return 'the identity provider\'s keys cannot be fetched';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this server does not accept';
  return 'the token is not valid';
}

/**
 * Signs an HS256 JWT: for tests, the soak script and operators minting tokens. Synchronous
 * (node:crypto's HMAC) so that tests can build tokens inline; verification is jose's.
 */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const h = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const s = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${s}`;
}

/** The strongest known role in a claim that is a string or a list of strings. */
function roleOf(claim: unknown): Role | null {
  const roles = Array.isArray(claim) ? claim : [claim];
  if (roles.includes('editor')) return 'editor';
  if (roles.includes('reader')) return 'reader';
  return null;
}
