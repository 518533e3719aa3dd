/**
 * Every named statement exported from cypher/ compiles on the real database (EXPLAIN plans it
 * without running it). The behaviour of each is asserted in the feature tests; this catches a
 * statement no feature test reaches yet, and keeps the catalogue honest.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamedQuery } from '../cypher/named.js';
import { PROJECT_ROOT } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { emptyDatabase, testDatabase } from './support/db.js';

const CYPHER_DIR = path.join(PROJECT_ROOT, 'cypher');

async function catalogue(): Promise<NamedQuery[]> {
  const out: NamedQuery[] = [];
  for (const file of readdirSync(CYPHER_DIR).filter((f) => f.endsWith('.ts') && f !== 'named.ts')) {
    const mod = await import(path.join(CYPHER_DIR, file));
    for (const value of Object.values(mod)) {
      for (const q of Array.isArray(value) ? value : [value]) {
        if (q && typeof q === 'object' && 'name' in q && 'text' in q) out.push(q as NamedQuery);
      }
    }
  }
  return out;
}

describe('the Cypher catalogue', () => {
  let db: Database;
  let queries: NamedQuery[];
  beforeAll(async () => {
    db = testDatabase();
    await emptyDatabase(db);
    queries = await catalogue();
  });
  afterAll(() => db.close());

  it('has unique names', () => {
    const names = queries.map((q) => q.name);
    expect(names.length).toBeGreaterThan(15);
    expect(new Set(names).size).toBe(names.length);
  });

  it('compiles every statement on Neo4j', async () => {
    const session = db.driver.session();
    const failures: string[] = [];
    try {
      for (const q of queries) {
        if (/^\s*(CREATE|DROP) (CONSTRAINT|INDEX|FULLTEXT)/i.test(q.text) || /^\s*CALL db\.awaitIndexes/.test(q.text)) continue; // schema DDL: run by schema.test.ts
        try {
          await session.run(`EXPLAIN ${q.text}`);
        } catch (err) {
          failures.push(`${q.name}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    } finally {
      await session.close();
    }
    expect(failures).toEqual([]);
  });
});
