/**
 * What every resolver of one request shares: the database (scoped to the request's deadline),
 * that request's loaders and query log, and who is asking.
 */
import type { Database, QueryLog } from '../db/database.js';
import { newQueryLog } from '../db/database.js';
import type { Principal } from '../security/auth.js';
import { defaultSecurityConfig, type SecurityConfig } from '../security/config.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Database;
  loaders: Loaders;
  /** Round trips of this request, by statement name. */
  log: QueryLog;
  /** The authenticated caller, or null (see src/security/auth.ts). */
  principal: Principal | null;
  /** Limits and timeouts the server runs with. */
  security: SecurityConfig;
  /** The client key of budgets and fair queueing (src/security/budget.ts). */
  client: string;
}

export interface ContextOptions {
  principal?: Principal | null;
  /** Epoch ms when the request's time runs out: every transaction ends by then (TIMEOUT). Default: now + the request timeout. */
  deadline?: number;
  security?: SecurityConfig;
  /** Who is asking, for fair queueing of database sessions: the credential's subject, else the address. */
  client?: string;
}

const DEVELOPER_DEFAULTS = defaultSecurityConfig();

export function createContext(db: Database, opts: ContextOptions = {}): Context {
  const log = newQueryLog();
  const security = opts.security ?? DEVELOPER_DEFAULTS;
  const client = opts.client ?? 'local';
  const scoped = db.withDeadline(opts.deadline ?? Date.now() + security.timeouts.requestMs, client);
  return { db: scoped, log, loaders: createLoaders(scoped, log), principal: opts.principal ?? null, security, client };
}
