/**
 * Who may read and write, how much one request may ask for, and how long it may take: all from
 * the environment (README, "Running it for a county"). Secrets are parsed here and never printed:
 * a configuration error names the variable and the position of a bad value, never the value.
 */

export type ReadAccess = 'open' | 'key';
/** Who may read GET /metrics: any valid credential (a reader key suits a Prometheus scrape), or anyone. */
export type MetricsAccess = 'credential' | 'open';

export interface QueryLimits {
  /** Deepest field nesting of an operation (the root field is depth 1). */
  maxDepth: number;
  /** Most nodes an operation may ask for, counted before execution (GitHub's node limit model). */
  maxCost: number;
  /** Most aliased fields in one operation. */
  maxAliases: number;
  /** Most operations in one HTTP request (a JSON array of operations). */
  maxBatch: number;
  /** Assumed length of a list field that takes no `first` argument. */
  defaultListSize: number;
  /** Most lexical tokens in one GraphQL document (the parser stops beyond). */
  maxTokens: number;
}

export interface Timeouts {
  /** Overall deadline of one GraphQL request, database work included. */
  requestMs: number;
  /** Neo4j transaction timeout of each statement (capped by what is left of the request's deadline). */
  transactionMs: number;
  /** Transaction timeout of importSeedBundle's one write transaction. */
  importMs: number;
  /** TCP connect and connection-pool acquisition timeout: how fast a request fails when Neo4j is away. */
  connectionMs: number;
}

/** Fair use of the database (src/db/admission.ts, src/security/budget.ts; docs/SECURITY.md). */
export interface FairUse {
  /** Driver connection pool size. */
  poolSize: number;
  /** Database sessions of the whole server at once (below poolSize). */
  sessions: number;
  /** Database sessions of one request (operation) at once. */
  requestSessions: number;
  /** Database sessions of one client at once. */
  clientSessions: number;
  /** Points a client may spend per window; 0 switches the budget off. */
  budgetPoints: number;
  /** The budget's window, seconds: the bucket refills budgetPoints per window, evenly. */
  budgetWindowS: number;
}

export interface JwtConfig {
  /** HS256 shared secret. */
  secret?: string;
  /** RS256/ES256: the identity provider's JWKS URL. */
  jwksUrl?: string;
  /** RS256/ES256: keys given inline (tests; an offline deployment). */
  jwks?: { keys: import('jose').JWK[] };
  issuer?: string;
  audience?: string;
  roleClaim: string;
  /** Longest a token may live: exp at most this far ahead, and exp - iat at most this. */
  maxLifetimeS: number;
}

export interface SecurityConfig {
  readAccess: ReadAccess;
  readerKeys: readonly string[];
  editorKeys: readonly string[];
  jwt?: JwtConfig;
  introspection: boolean;
  explorer: boolean;
  limits: QueryLimits;
  timeouts: Timeouts;
  /** Largest accepted request body (express.json limit). */
  maxBodyBytes: number;
  fairUse: FairUse;
  /** Express's trust proxy (STRATEGY_GRAPH_TRUST_PROXY: a hop count, or addresses/subnets): whose address budgets key on. */
  trustProxy?: number | string;
  /** STRATEGY_GRAPH_METRICS_ACCESS: request rates, error codes and memory tell an attacker when the server strains. */
  metricsAccess: MetricsAccess;
}

export const DEFAULT_FAIR_USE: FairUse = { poolSize: 100, sessions: 40, requestSessions: 2, clientSessions: 4, budgetPoints: 10_000, budgetWindowS: 60 };

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxCost: 200_000,
  maxAliases: 30,
  maxBatch: 10,
  defaultListSize: 10,
  maxTokens: 10_000,
};

export const DEFAULT_TIMEOUTS: Timeouts = {
  requestMs: 10_000,
  transactionMs: 10_000,
  importMs: 60_000,
  connectionMs: 2_000,
};

export const MIN_KEY_LENGTH = 16;
export const MIN_JWT_SECRET_LENGTH = 32;
/** 12 hours: an identity provider's access tokens live about an hour; a minted operator token a working day. */
export const DEFAULT_JWT_MAX_LIFETIME_S = 12 * 3600;

export class SecurityConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecurityConfigError';
  }
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const production = env.NODE_ENV === 'production';
  const readAccess = (env.STRATEGY_GRAPH_READ_ACCESS || 'open') as ReadAccess;
  if (readAccess !== 'open' && readAccess !== 'key') {
    throw new SecurityConfigError(`STRATEGY_GRAPH_READ_ACCESS must be open or key (got "${env.STRATEGY_GRAPH_READ_ACCESS}")`);
  }
  const readerKeys = keysFrom(env, 'STRATEGY_GRAPH_READER_KEYS');
  const editorKeys = keysFrom(env, 'STRATEGY_GRAPH_EDITOR_KEYS');
  if (readerKeys.some((k) => editorKeys.includes(k))) {
    throw new SecurityConfigError('a key is listed both in STRATEGY_GRAPH_READER_KEYS and STRATEGY_GRAPH_EDITOR_KEYS; give each role its own keys');
  }
  const metricsAccess = (env.STRATEGY_GRAPH_METRICS_ACCESS || 'credential') as MetricsAccess;
  if (metricsAccess !== 'credential' && metricsAccess !== 'open') {
    throw new SecurityConfigError(`STRATEGY_GRAPH_METRICS_ACCESS must be credential or open (got "${env.STRATEGY_GRAPH_METRICS_ACCESS}")`);
  }
  let jwt: SecurityConfig['jwt'];
  const secret = env.STRATEGY_GRAPH_JWT_SECRET;
  const jwksUrl = env.STRATEGY_GRAPH_JWT_JWKS_URL;
  if (secret || jwksUrl) {
    if (secret && secret.length < MIN_JWT_SECRET_LENGTH) {
      throw new SecurityConfigError(`STRATEGY_GRAPH_JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters (HS256 wants 256 bits)`);
    }
    if (jwksUrl) {
      let url: URL;
      try {
        url = new URL(jwksUrl);
      } catch {
        throw new SecurityConfigError('STRATEGY_GRAPH_JWT_JWKS_URL is not a URL');
      }
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new SecurityConfigError('STRATEGY_GRAPH_JWT_JWKS_URL must be https (http only on loopback)');
    }
    jwt = {
      secret: secret || undefined,
      jwksUrl: jwksUrl || undefined,
      issuer: env.STRATEGY_GRAPH_JWT_ISSUER || undefined,
      audience: env.STRATEGY_GRAPH_JWT_AUDIENCE || undefined,
      roleClaim: env.STRATEGY_GRAPH_JWT_ROLE_CLAIM || 'role',
      maxLifetimeS: intFrom(env, 'STRATEGY_GRAPH_JWT_MAX_LIFETIME_S', DEFAULT_JWT_MAX_LIFETIME_S, 60),
    };
  }
  if (readAccess === 'key' && readerKeys.length + editorKeys.length === 0 && !jwt) {
    throw new SecurityConfigError('STRATEGY_GRAPH_READ_ACCESS=key needs STRATEGY_GRAPH_READER_KEYS, STRATEGY_GRAPH_EDITOR_KEYS STRATEGY_GRAPH_JWT_SECRET or STRATEGY_GRAPH_JWT_JWKS_URL');
  }
  return {
    readAccess,
    readerKeys,
    editorKeys,
    jwt,
    introspection: boolFrom(env, 'STRATEGY_GRAPH_INTROSPECTION', !production),
    explorer: boolFrom(env, 'STRATEGY_GRAPH_EXPLORER', !production),
    limits: {
      maxDepth: intFrom(env, 'STRATEGY_GRAPH_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 1),
      maxCost: intFrom(env, 'STRATEGY_GRAPH_MAX_COST', DEFAULT_LIMITS.maxCost, 1),
      maxAliases: intFrom(env, 'STRATEGY_GRAPH_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0),
      maxBatch: intFrom(env, 'STRATEGY_GRAPH_MAX_BATCH', DEFAULT_LIMITS.maxBatch, 1),
      defaultListSize: DEFAULT_LIMITS.defaultListSize,
      maxTokens: DEFAULT_LIMITS.maxTokens,
    },
    timeouts: {
      requestMs: intFrom(env, 'STRATEGY_GRAPH_REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestMs, 1),
      transactionMs: intFrom(env, 'NEO4J_TRANSACTION_TIMEOUT_MS', DEFAULT_TIMEOUTS.transactionMs, 1),
      importMs: intFrom(env, 'STRATEGY_GRAPH_IMPORT_TIMEOUT_MS', DEFAULT_TIMEOUTS.importMs, 1),
      connectionMs: intFrom(env, 'NEO4J_CONNECTION_TIMEOUT_MS', DEFAULT_TIMEOUTS.connectionMs, 1),
    },
    maxBodyBytes: intFrom(env, 'STRATEGY_GRAPH_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024),
    fairUse: fairUseFrom(env),
    metricsAccess,
    trustProxy: env.STRATEGY_GRAPH_TRUST_PROXY ? (/^\d+$/.test(env.STRATEGY_GRAPH_TRUST_PROXY) ? Number(env.STRATEGY_GRAPH_TRUST_PROXY) : env.STRATEGY_GRAPH_TRUST_PROXY) : undefined,
  };
}

function fairUseFrom(env: NodeJS.ProcessEnv): FairUse {
  const d = DEFAULT_FAIR_USE;
  const poolSize = intFrom(env, 'NEO4J_MAX_CONNECTION_POOL_SIZE', d.poolSize, 2);
  const sessions = intFrom(env, 'STRATEGY_GRAPH_DB_SESSIONS', Math.min(d.sessions, poolSize - 1), 1);
  if (sessions >= poolSize) throw new SecurityConfigError(`STRATEGY_GRAPH_DB_SESSIONS (${sessions}) must be below NEO4J_MAX_CONNECTION_POOL_SIZE (${poolSize}), so /health and the pool keep connections`);
  const requestSessions = intFrom(env, 'STRATEGY_GRAPH_REQUEST_SESSIONS', Math.min(d.requestSessions, sessions), 1);
  if (requestSessions > sessions) throw new SecurityConfigError(`STRATEGY_GRAPH_REQUEST_SESSIONS (${requestSessions}) must be at most STRATEGY_GRAPH_DB_SESSIONS (${sessions})`);
  const clientSessions = intFrom(env, 'STRATEGY_GRAPH_CLIENT_SESSIONS', Math.min(Math.max(d.clientSessions, requestSessions), sessions), 1);
  if (clientSessions < requestSessions || clientSessions > sessions) throw new SecurityConfigError(`STRATEGY_GRAPH_CLIENT_SESSIONS (${clientSessions}) must be between STRATEGY_GRAPH_REQUEST_SESSIONS and STRATEGY_GRAPH_DB_SESSIONS`);
  return {
    poolSize,
    sessions,
    requestSessions,
    clientSessions,
    budgetPoints: intFrom(env, 'STRATEGY_GRAPH_BUDGET_POINTS', d.budgetPoints, 0),
    budgetWindowS: intFrom(env, 'STRATEGY_GRAPH_BUDGET_WINDOW_S', d.budgetWindowS, 1),
  };
}

/** The configuration tests and in-process callers get when they do not pass one: the developer defaults. */
export function defaultSecurityConfig(overrides: Partial<SecurityConfig> = {}): SecurityConfig {
  return { ...loadSecurityConfig({}), ...overrides };
}

function keysFrom(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (!raw) return [];
  const keys = raw.split(',').map((k) => k.trim());
  keys.forEach((k, i) => {
    if (k.length < MIN_KEY_LENGTH) {
      throw new SecurityConfigError(`${name}: key ${i + 1} is shorter than ${MIN_KEY_LENGTH} characters (or empty); generate keys with: openssl rand -hex 24`);
    }
  });
  return [...new Set(keys)];
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new SecurityConfigError(`${name} must be true or false (got "${raw}")`);
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new SecurityConfigError(`${name} must be an integer >= ${min} (got "${raw}")`);
  return n;
}
