/**
 * The seed loader on the real database: round trip, idempotence, one transaction, pruning, and
 * problems that name file, line and field while writing nothing.
 */
import { cpSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { DEFAULT_SEEDS_DIR, readSeedBundle, seedDatabase, SeedValidationError } from '../src/seeds/index.js';
import { writePlan } from '../src/seeds/write.js';
import { emptyDatabase, graphCounts, testDatabase } from './support/db.js';

const DOCUMENTS = path.join(DEFAULT_SEEDS_DIR, 'documents');

/** A copy of the real seeds in a temporary folder, plus extra files. */
function seedsWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seeds-'));
  const seeds = path.join(dir, 'seeds');
  cpSync(DEFAULT_SEEDS_DIR, seeds, { recursive: true, filter: (src) => !src.includes(`${path.sep}documents`) });
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(seeds, name), text);
  return seeds;
}

const measureYaml = (extra = '') => `apiVersion: strategygraph/v1
kind: Measure
metadata:
  id: test.m.1
  region: ks
  title: Kasvatamme perhehoidon osuutta
relations:
  - type: RESPONSIBLE
    target: ks.line.lanupe
sources:
  - document: 000_9dec4d1a41e94955.txt
    locator: slide 6
    quote: Kasvatamme perhehoidon osuutta
${extra}`;

describe('seed loader', () => {
  let db: Database;
  const tmpDirs: string[] = [];
  beforeAll(async () => {
    db = testDatabase();
    await emptyDatabase(db);
  });
  afterAll(async () => {
    for (const d of tmpDirs) rmSync(path.dirname(d), { recursive: true, force: true });
    await db.close();
  });

  it('loads every entity and relation of the seeds, with kind labels and provenance', async () => {
    const { bundle, report } = await seedDatabase(db);
    expect(bundle.plan.nodes.length).toBeGreaterThan(30);
    expect(report.nodesCreated).toBe(bundle.plan.nodes.length);
    expect(report.relationshipsCreated).toBe(bundle.plan.relationships.length);
    expect(await graphCounts(db)).toEqual({ nodes: bundle.plan.nodes.length, relationships: bundle.plan.relationships.length });

    const [objective] = await db.read(
      cypher('testReadObjective', 'MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels, properties(n) AS p'),
      { id: 'ks.objective.3' },
    );
    expect(objective.labels.sort()).toEqual(['Entity', 'StrategyObjective']);
    expect(objective.p).toMatchObject({
      kind: 'STRATEGY_OBJECTIVE',
      number: 3,
      regionId: 'ks',
      title: 'Keskisuomalaisten hyvinvointi- ja terveyserot kaventuvat',
      sourceDocuments: ['000_9dec4d1a41e94955.txt'],
      sourceQuotes: ['3. Keskisuomalaisten hyvinvointi- ja terveyserot kaventuvat'],
      origin: 'seed',
      seedFile: 'seeds/keski-suomi/strategy.yaml',
    });
    const supports = await db.read(
      cypher('testReadSupports', 'MATCH (:StrategyGoal {id: $id})-[r:SUPPORTS]->(o) RETURN o.number AS n, r.sourceQuotes AS q ORDER BY n'),
      { id: 'ks.goal.kustannusvaikuttavuus' },
    );
    expect(supports.map((r) => r.n)).toEqual([1, 4]);
    expect(supports[0].q).toEqual(['palvelutarpeisiin vastaavasti. 1, 4']);
  });

  it('changes nothing when the same seeds load twice', async () => {
    const before = await graphCounts(db);
    const { report } = await seedDatabase(db);
    expect(report).toMatchObject({ nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0 });
    expect(await graphCounts(db)).toEqual(before);
  });

  it('rejects a file with a wrong field, naming file, line and field, and writes nothing', async () => {
    const before = await graphCounts(db);
    const dir = seedsWith({ 'bad.yaml': measureYaml().replace('  title: Kasvatamme', '  titel: Kasvatamme') });
    tmpDirs.push(dir);
    const error = await seedDatabase(db, dir, DOCUMENTS).catch((e) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    const problems = (error as SeedValidationError).problems;
    expect(problems).toContainEqual(expect.objectContaining({ file: 'seeds/bad.yaml', line: 6, field: 'metadata.titel' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'seeds/bad.yaml', field: 'metadata.title', message: 'is required' }));
    expect(error.message).toContain('seeds/bad.yaml:6: metadata.titel: is not a known field here');
    expect(await graphCounts(db)).toEqual(before);
    const [row] = await db.read(cypher('testFindTestMeasure', 'MATCH (n:Entity {id: $id}) RETURN count(n) AS c'), { id: 'test.m.1' });
    expect(row.c).toBe(0);
  });

  it('loads a valid extra file, then prunes it when it is gone, keeping nodes made through the API', async () => {
    const dir = seedsWith({ 'extra.yaml': measureYaml() });
    tmpDirs.push(dir);
    const before = await graphCounts(db);
    await db.write(cypher('testCreateApiNode', "CREATE (:Entity:Measure {id: 'api.m.1', kind: 'MEASURE', title: 'x', origin: 'api'})"));
    const { report } = await seedDatabase(db, dir, DOCUMENTS);
    expect(report.nodesCreated).toBe(1);
    expect(report.relationshipsCreated).toBe(1);
    const pruned = await seedDatabase(db);
    expect(pruned.report).toMatchObject({ nodesDeleted: 1, relationshipsDeleted: 1 });
    expect(await graphCounts(db)).toEqual({ nodes: before.nodes + 1, relationships: before.relationships });
    await db.write(cypher('testDeleteApiNode', "MATCH (n:Entity {id: 'api.m.1'}) DELETE n"));
  });

  it('rolls the whole write back when a statement fails half way', async () => {
    const before = await graphCounts(db);
    const { bundle } = readSeedBundle();
    const plan = {
      nodes: [
        { id: 'test.ok', label: 'Measure', props: { id: 'test.ok', kind: 'MEASURE', title: 'ok', origin: 'seed' } },
        // a map is not a valid property value: Neo4j refuses this row after the first was written
        { id: 'test.bad', label: 'Measure', props: { id: 'test.bad', kind: 'MEASURE', title: 'bad', origin: 'seed', nested: { a: 1 } } },
      ],
      relationships: bundle.plan.relationships,
    };
    await expect(writePlan(db, plan)).rejects.toThrow();
    expect(await graphCounts(db)).toEqual(before);
  });
});
