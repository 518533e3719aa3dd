/**
 * Backing up the embedded database (README, "Backing up the whole embedded database"): what an
 * editor wrote through the API and its change history survive `npm run neo4j:admin -- database
 * dump` of one data directory and `database load` into another, started afresh (issue 16).
 * Its own two embedded Neo4j instances in temporary directories, not the suite's shared one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { applySchema } from '../src/db/connect.js';
import { Database } from '../src/db/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/db/embedded.js';
import { seedDatabase } from '../src/seeds/index.js';
import { graphCounts } from './support/db.js';
import { CREATE, EDITOR, gqlAs, measureInput } from './support/secure.js';

const HISTORY = `query ($id: ID!) { history(id: $id, first: 10) { edges { node { operation change actor } } } }`;
const quiet = () => undefined;

function admin(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'tools', 'neo4j', 'admin.mjs'), ...args], { env: { ...process.env, NEO4J_EMBEDDED_DATA: dataDir }, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('dump and load of the embedded database', () => {
  const dirs: string[] = [];
  const running: { neo4j: EmbeddedNeo4j; db: Database }[] = [];
  const temp = (name: string) => {
    const d = mkdtempSync(path.join(os.tmpdir(), `strategy-graph-${name}-`));
    dirs.push(d);
    return d;
  };
  const start = async (dataDir: string) => {
    const neo4j = await startEmbeddedNeo4j({ dataDir, port: 0, heap: '512m', log: quiet });
    const db = Database.connect(neo4j.uri, '', '');
    running.push({ neo4j, db });
    return { neo4j, db };
  };
  const stop = async (one: { neo4j: EmbeddedNeo4j; db: Database }) => {
    await one.db.close();
    await one.neo4j.stop();
    running.splice(running.indexOf(one), 1);
  };
  afterAll(async () => {
    for (const one of [...running]) await stop(one);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('restores the seeds, an API-created node and its history into another data directory', async () => {
    const source = temp('backup-source');
    const first = await start(source);
    await applySchema(first.db);
    await seedDatabase(first.db);
    const created = await gqlAs(first.db, EDITOR, CREATE, { input: measureInput('ks.m.backup.1') });
    expect(created.errors).toBeUndefined();
    const counts = await graphCounts(first.db);
    const history = (await gqlAs(first.db, null, HISTORY, { id: 'ks.m.backup.1' })).data.history.edges;
    expect(history).toHaveLength(1);
    await stop(first); // Community edition dumps offline

    const backups = temp('backup-files');
    const dump = admin(source, ['database', 'dump', 'neo4j', `--to-path=${backups}`]);
    expect(dump.status, dump.output).toBe(0);
    expect(readdirSync(backups)).toContain('neo4j.dump');

    const target = temp('backup-target');
    const load = admin(target, ['database', 'load', 'neo4j', `--from-path=${backups}`, '--overwrite-destination=true']);
    expect(load.status, load.output).toBe(0);

    const second = await start(target);
    expect(await graphCounts(second.db)).toEqual(counts);
    const node = await gqlAs(second.db, null, '{ node(id: "ks.m.backup.1") { id title origin version } }');
    expect(node.data.node).toEqual({ id: 'ks.m.backup.1', title: 'Testitoimenpide ks.m.backup.1', origin: 'API', version: 1 });
    expect((await gqlAs(second.db, null, HISTORY, { id: 'ks.m.backup.1' })).data.history.edges).toEqual(history);
  }, 300_000);
});
