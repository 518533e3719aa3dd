/** Configuration from the environment, with the defaults a developer's machine wants. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecurityConfig, type SecurityConfig } from './security/config.js';

/**
 * The folder of package.json: schema/, seeds/, tools/neo4j and dist/web are found from it, whether
 * this file runs as src/config.ts (tsx) or as dist/server/src/config.js (npm run build).
 */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schema'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export interface Config {
  /** Set: use that Neo4j. Unset: start the embedded one. */
  neo4jUri?: string;
  neo4jUsername: string;
  neo4jPassword: string;
  neo4jDatabase?: string;
  embedded: {
    /** Preferred Bolt port; a free one is chosen if it is taken. */
    port: number;
    dataDir: string;
    heap: string;
  };
  port: number;
  host: string;
  /** if-empty (default): load the seeds when the database has no Entity; always; never. */
  seedOnStart: 'if-empty' | 'always' | 'never';
  /** How long a shutdown lets requests in flight finish, ms (SHUTDOWN_DRAIN_MS). */
  shutdownDrainMs: number;
  /** Roles and keys, query limits, timeouts (src/security/config.ts). */
  security: SecurityConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const seedOnStart = env.SEED_ON_START ?? 'if-empty';
  if (!['if-empty', 'always', 'never'].includes(seedOnStart)) {
    throw new Error(`SEED_ON_START must be if-empty, always or never (got "${seedOnStart}")`);
  }
  return {
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUsername: env.NEO4J_USERNAME ?? 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD ?? '',
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    embedded: {
      port: intFrom(env, 'NEO4J_EMBEDDED_PORT', 7687),
      dataDir: path.resolve(env.NEO4J_EMBEDDED_DATA ?? path.join(PROJECT_ROOT, '.data', 'neo4j')),
      heap: env.NEO4J_EMBEDDED_HEAP ?? '1g',
    },
    port: intFrom(env, 'PORT', 4000),
    host: env.HOST ?? '127.0.0.1',
    seedOnStart: seedOnStart as Config['seedOnStart'],
    shutdownDrainMs: msFrom(env, 'SHUTDOWN_DRAIN_MS', 5_000),
    security: loadSecurityConfig(env),
  };
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number 0-65535 (got "${raw}")`);
  return n;
}

function msFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of milliseconds (got "${raw}")`);
  return n;
}
