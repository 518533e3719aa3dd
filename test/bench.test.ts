/**
 * The benchmark's own statements and generator, on the real database at a tiny size: the
 * synthetic graph is the curated graph copied, the raw floor returns the same tree as our API,
 * and the sample and version statements answer. (The benchmark itself is `npm run bench`, never
 * part of npm test.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { countGraph } from '../cypher/seed.js';
import type { Database } from '../src/db/database.js';
import { benchDropPeerTextIndex, benchNeo4jVersion, benchPeerTextIndex, benchSampleIds, peerSearchEntities, rawServiceLineTree } from '../bench/cypher.js';
import { awaitIndexes, listIndexes } from '../cypher/schema.js';
import { buildSearchQuery } from '../src/search/query.js';
import { copiesFor, loadSynthetic, seedPlan } from '../bench/generate.js';
import { requestOf, OPS, WAYS } from '../bench/operations.js';
import { GENERATED_END, GENERATED_START, withHandWrittenParts } from '../bench/report-file.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyDatabase, graphql, testDatabase } from './support/db.js';

describe('the benchmark generator and floor statements', () => {
  let db: Database;
  const plan = seedPlan();
  beforeAll(async () => {
    db = testDatabase();
    await emptyDatabase(db);
  });
  afterAll(async () => {
    await emptyDatabase(db);
    await db.close();
  });

  it('multiplies the curated graph: copies x its nodes and relationships, copies in their own regions', async () => {
    expect(copiesFor(plan, plan.nodes.length * 3)).toBe(3);
    const report = await loadSynthetic(db, plan, 3);
    expect(report).toMatchObject({ copies: 3, nodes: plan.nodes.length * 3, relationships: plan.relationships.length * 3 });
    expect(report.nodesPerSecond).toBeGreaterThan(0);
    const [counts] = await db.read<{ nodes: number; relationships: number }>(countGraph);
    expect(counts).toEqual({ nodes: plan.nodes.length * 3, relationships: plan.relationships.length * 3 });
    // Every relationship found its own ends (the load places them by position, not by id).
    for (const copy of ['', 'b1.', 'b2.']) {
      const keys = plan.relationships.map((r) => ({ from: copy + r.from, to: copy + r.to, type: r.type }));
      const [found] = await db.read<{ n: number }>(
        cypher('testRelationshipsOfCopy', 'UNWIND $keys AS k MATCH (a:Entity {id: k.from})-[r]->(b:Entity {id: k.to}) WHERE type(r) = k.type RETURN count(r) AS n'),
        { keys },
      );
      expect(found.n, `copy "${copy}"`).toBe(plan.relationships.length);
    }
    const { data } = await graphql(db, '{ regions { id } }');
    expect(data.regions.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['ks', 'b1.ks', 'b2.ks']));
    // A copy traces like the original.
    const trace = 'query ($id: ID!) { trace(id: $id) { objectives { number } } }';
    const original = await graphql(db, trace, { id: 'ks.m.lanupe.uud.01' });
    const copy = await graphql(db, trace, { id: 'b2.ks.m.lanupe.uud.01' });
    expect(copy.data.trace.objectives).toEqual(original.data.trace.objectives);
    expect(original.data.trace.objectives.length).toBeGreaterThan(0);
    // The full-text index was dropped for the load and is back, covering the copies.
    const { data: s } = await graphql(db, '{ search(text: "perhehoito", kinds: [MEASURE], first: 100) { node { id } } }');
    const ids = s.search.map((h: { node: { id: string } }) => h.node.id);
    expect(ids.filter((id: string) => id.startsWith('b2.')).length).toBe(ids.filter((id: string) => !id.startsWith('b')).length);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('gives the raw floor the same service-line tree as the API', async () => {
    const [{ tree }] = await db.read<{ tree: any }>(rawServiceLineTree, { id: 'ks.line.tyoikaiset' });
    const { data } = await graphql(db, `{ serviceLine(id: "ks.line.tyoikaiset") { goals { strategyGoal { id } subGoals { id measures { id indicators { id } } } } } }`);
    const ids = (goals: any[]) => goals.flatMap((g) => g.subGoals.flatMap((s: any) => s.measures.map((m: any) => `${s.id}/${m.id}/${m.indicators.map((i: any) => i.id).sort()}`))).sort();
    expect(tree.goals.map((g: any) => g.id)).toEqual(data.serviceLine.goals.map((g: any) => g.strategyGoal.id));
    expect(ids(tree.goals)).toEqual(ids(data.serviceLine.goals));
    expect(ids(tree.goals).length).toBeGreaterThan(20);
  });

  it('makes the peer its own search index (the product has none), searches it, and drops it', async () => {
    const names = async () => (await db.read<{ name: string }>(listIndexes)).map((i) => i.name);
    expect(await names()).not.toContain('entity_text');
    await db.write(benchPeerTextIndex);
    await db.write(awaitIndexes, { seconds: 120 });
    const hits = await db.read<{ node: unknown[]; score: number }>(peerSearchEntities, { query: buildSearchQuery('kotihoito'), kinds: null, regionId: null, first: 5, candidates: 1000 });
    expect(hits).toHaveLength(5);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[4].score);
    await db.write(benchDropPeerTextIndex);
    expect(await names()).not.toContain('entity_text');
  });

  it('samples ids for every operation, and builds a request for every way', async () => {
    const [sample] = await db.read<{ measures: string[]; lines: string[]; matrixRegions: string[] }>(benchSampleIds, { n: 50 });
    expect(sample.measures).toHaveLength(50);
    expect(sample.lines.length).toBeGreaterThan(5);
    expect(sample.matrixRegions).toEqual(expect.arrayContaining(['ks', 'b1.ks']));
    for (const op of OPS) for (const way of WAYS) expect(JSON.parse(requestOf(way, op, sample, 7).body)).toBeTruthy();
    const [version] = await db.read<{ version: string }>(benchNeo4jVersion);
    expect(version.version).toMatch(/^5\.26\./);
    await db.deleteEverything();
    const [counts] = await db.read<{ nodes: number }>(countGraph);
    expect(counts.nodes).toBe(0);
  });

  it('replaces only the generated part of the report file: what is written by hand is kept', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
    try {
      const file = path.join(dir, 'BENCHMARKS.md');
      expect(withHandWrittenParts(file, '# new\n')).toBe(`${GENERATED_START}\n# new\n${GENERATED_END}\n`);
      writeFileSync(file, `# Intro by hand\n${GENERATED_START}\n# old tables\n${GENERATED_END}\n## Findings by hand\n`);
      expect(withHandWrittenParts(file, '# new tables\n')).toBe(`# Intro by hand\n${GENERATED_START}\n# new tables\n${GENERATED_END}\n## Findings by hand\n`);
      writeFileSync(file, '# A file from before the marks\n');
      expect(withHandWrittenParts(file, '# new\n')).toBe(`${GENERATED_START}\n# new\n${GENERATED_END}\n# A file from before the marks\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
