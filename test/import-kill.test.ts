/**
 * An import killed halfway leaves the graph as it was: a child process imports a large bundle
 * through the real pipeline; while its one write transaction is open (seen in SHOW TRANSACTIONS)
 * the process is killed with SIGKILL; Neo4j rolls the transaction back.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { PROJECT_ROOT } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { graphCounts, seededDatabase } from './support/db.js';

const importTransactions = cypher('testImportTransactions', "SHOW TRANSACTIONS YIELD metaData WHERE metaData.statement = 'importSeedBundle' RETURN count(*) AS n");
const countPrefix = cypher('testCountKilledImport', 'MATCH (n:Entity) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n');
const countChanges = cypher('testCountChanges', 'MATCH (c:ChangeRecord) RETURN count(c) AS n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an import killed halfway', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  async function openImports(): Promise<number> {
    const session = db.driver.session({ database: db.databaseName });
    try {
      const result = await session.run(importTransactions.text); // SHOW needs an auto-commit transaction
      return result.records[0].get('n') as number;
    } finally {
      await session.close();
    }
  }

  it('leaves the database, and its change history, as it was', async () => {
    const before = await graphCounts(db);
    const [changesBefore] = await db.read<{ n: number }>(countChanges);
    const { uri, username, password, database } = inject('neo4j');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/import-child.ts', '10000', 'ks.m.killed.'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CHILD_NEO4J_URI: uri, CHILD_NEO4J_USERNAME: username, CHILD_NEO4J_PASSWORD: password, CHILD_NEO4J_DATABASE: database ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    const started = Date.now();
    while ((await openImports()) === 0) {
      if (child.exitCode !== null) throw new Error(`the import ended before it could be killed:\n${output}`);
      if (Date.now() - started > 120_000) throw new Error(`no import transaction within 120 s:\n${output}`);
      await sleep(20);
    }
    await sleep(300); // well inside the transaction: nodes are being written
    expect(await openImports()).toBe(1);
    child.kill('SIGKILL');
    await exited;
    expect(output).not.toContain('done');

    const killedAt = Date.now();
    while ((await openImports()) > 0) {
      if (Date.now() - killedAt > 60_000) throw new Error('Neo4j kept the killed import transaction open');
      await sleep(50);
    }
    expect(await graphCounts(db)).toEqual(before);
    const [row] = await db.read<{ n: number }>(countPrefix, { prefix: 'ks.m.killed.' });
    expect(row.n).toBe(0);
    const [changesAfter] = await db.read<{ n: number }>(countChanges);
    expect(changesAfter.n).toBe(changesBefore.n); // and no change record of it
  }, 240_000);
});
