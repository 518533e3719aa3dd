/**
 * The other four documents: the implementation programme (001), Länsi-Uusimaa's evaluation
 * (002), the national programme with Keski-Suomi's readiness self-evaluation (003) and
 * Päijät-Häme's final report (004): a multi-region graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { graphql, seededDatabase } from './support/db.js';

const TRACE = 'query ($id: ID!) { trace(id: $id) { objectives { id number } nodes { id kind } paths inferred } }';

describe('a multi-region graph from all five documents', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  it('loads every document, each region on its own', async () => {
    const rows = await db.read<{ doc: string; n: number }>(cypher('testNodesPerDocument', 'MATCH (n:Entity) UNWIND n.sourceDocuments AS doc RETURN doc, count(DISTINCT n) AS n ORDER BY doc'));
    expect(rows.map((r) => r.doc)).toEqual(['000_9dec4d1a41e94955.txt', '001_7136a799058a3b19.txt', '002_55772d27d0d39268.txt', '003_b3733d9f403a71f0.txt', '004_ba24b457ab77aaf7.txt']);
    for (const r of rows) expect(r.n).toBeGreaterThan(20);
    const { data } = await graphql(db, '{ regions { id } }');
    expect(data.regions.map((r: any) => r.id).sort()).toEqual(['ks', 'lu', 'ph']);
    for (const region of ['ks', 'lu', 'ph']) {
      const { data: s, errors } = await graphql(db, 'query ($r: ID!) { search(text: "palvelut", regionId: $r, first: 100) { node { region { id } } } }', { r: region });
      expect(errors).toBeUndefined();
      expect(s.search.length).toBeGreaterThan(0);
      expect(s.search.every((h: any) => h.node.region?.id === region)).toBe(true);
    }
  });

  it('keeps Länsi-Uusimaa and Päijät-Häme out of Keski-Suomi objectives', async () => {
    const [row] = await db.read<{ n: number }>(cypher('testCrossRegionLinks', `
      MATCH (a:Entity)-[]->(b:Entity) WHERE a.regionId IS NOT NULL AND b.regionId IS NOT NULL AND a.regionId <> b.regionId RETURN count(*) AS n`));
    expect(row.n).toBe(0);
  });

  it('runs coverage per region', async () => {
    for (const region of ['ks', 'lu', 'ph']) {
      const { data, errors } = await graphql(db, 'query ($r: ID!) { coverage(regionId: $r) { region { id } counts { measures subGoals } } }', { r: region });
      expect(errors).toBeUndefined();
      expect(data.coverage.region.id).toBe(region);
    }
  });

  it('merges the success factors of 000 and 001: one node, two sources', async () => {
    const { data } = await graphql(db, '{ node(id: "ks.sf.uudistuminen") { sources { document } ... on SuccessFactor { programmes { id } } } }');
    expect(new Set(data.node.sources.map((s: any) => s.document))).toEqual(new Set(['000_9dec4d1a41e94955.txt', '001_7136a799058a3b19.txt']));
    expect(data.node.programmes.length).toBeGreaterThan(0);
  });

  it('lists the implementation programme\'s programmes and traces one to the objectives its success factor serves', async () => {
    const { data } = await graphql(db, `{ programmes(regionId: "ks") { id title programmeType status { overall quote }
      successFactors { id } parent { id } goals successes nextTasks attentionPoints } }`);
    const parts = data.programmes.filter((p: any) => p.parent?.id === 'ks.prog.toimeenpano-ohjelma');
    expect(parts.length).toBeGreaterThanOrEqual(12);
    const renewal = parts.find((p: any) => p.successFactors.some((s: any) => s.id === 'ks.sf.uudistuminen'));
    const { data: t } = await graphql(db, TRACE, { id: renewal.id });
    expect(t.trace.objectives.map((o: any) => o.number)).toEqual([2, 3, 4]);
    // status only where the words state it: anything else is UNKNOWN
    for (const p of data.programmes) if (p.status.overall !== 'UNKNOWN') expect(p.status.quote).toBeTruthy();
  });

  it('returns indicators with their observations ordered by time', async () => {
    const rows = await db.read<{ id: string }>(cypher('testIndicatorsWithSeveralObservations', `
      MATCH (i:Indicator) WHERE i.observations IS NOT NULL RETURN i.id AS id`));
    expect(rows.length).toBeGreaterThan(3);
    let multi = 0;
    for (const { id } of rows) {
      const { data } = await graphql(db, 'query ($id: ID!) { node(id: $id) { ... on Indicator { observations { value period source { document quote } } } } }', { id });
      const periods = data.node.observations.map((o: any) => o.period);
      expect([...periods].sort((a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }))).toEqual(periods);
      if (periods.length > 1) multi += 1;
      for (const o of data.node.observations) expect(o.source.quote.length).toBeGreaterThan(2);
    }
    expect(multi).toBeGreaterThan(0);
  });

  it('brings back every numbered goal of Länsi-Uusimaa with its rating(s) and text', async () => {
    const goals = await db.read<{ id: string; ratings: number }>(cypher('testLuGoals', `
      MATCH (g:SubGoal {regionId: 'lu'}) OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(g) RETURN g.id AS id, count(a) AS ratings`));
    expect(goals.length).toBeGreaterThan(20);
    expect(goals.filter((g) => g.ratings === 0)).toEqual([]);
    const { data } = await graphql(db, `{ assessments(regionId: "lu") { id rating scaleMin scaleMax scaleLabels tentative text period part target { id kind } } }`);
    const list = data.assessments;
    expect(list.length).toBeGreaterThanOrEqual(goals.length);
    for (const a of list) {
      expect(a).toMatchObject({ scaleMin: 1, scaleMax: 5 });
      expect(a.scaleLabels).toHaveLength(5);
      expect(a.target.kind).toBe('SUB_GOAL');
      if (a.rating !== null) expect(a.rating).toBeGreaterThanOrEqual(1);
      expect(a.text ?? '').not.toBe('');
    }
    expect(list.some((a: any) => a.part === 2)).toBe(true); // a goal with two ratings
    expect(list.some((a: any) => a.tentative)).toBe(true); // a "(5)"
  });

  it('traces a Länsi-Uusimaa goal to its service area and plan, reaching no objective', async () => {
    const [{ id }] = await db.read<{ id: string }>(cypher('testOneLuGoal', "MATCH (g:SubGoal {regionId: 'lu'}) RETURN g.id AS id ORDER BY id LIMIT 1"));
    const { data } = await graphql(db, TRACE, { id });
    expect(data.trace.objectives).toEqual([]);
    const kinds = data.trace.nodes.map((n: any) => n.kind);
    expect(kinds).toContain('SERVICE_LINE');
    expect(kinds).toContain('PROGRAMME');
  });

  it('returns the readiness level of each 2020 development action of Keski-Suomi', async () => {
    const actions = await db.read<{ id: string; readiness: number | null; assessed: number }>(cypher('testReadinessActions', `
      MATCH (m:Measure {regionId: 'ks'})-[:CONTRIBUTES_TO]->(:BenefitGoal)
      OPTIONAL MATCH (a:Assessment {assessmentType: 'READINESS'})-[:ASSESSES]->(m)
      RETURN m.id AS id, m.readiness AS readiness, count(a) AS assessed`));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a) => a.assessed === 0)).toEqual([]);
    const { data } = await graphql(db, 'query ($id: ID!) { assessments(regionId: "ks", targetId: $id) { assessmentType rating scaleMax assessedOn } }', { id: actions[0].id });
    expect(data.assessments[0]).toMatchObject({ assessmentType: 'READINESS', scaleMax: 5 });
  });

  it('links Päijät-Häme and Keski-Suomi work through the national benefit goals', async () => {
    const { data } = await graphql(db, `{ programmes { id programmeType } b: node(id: "fi.benefit.1") { ... on BenefitGoal { number contributors { id region { id } } } } }`);
    expect(data.programmes.map((p: any) => p.id)).toContain('fi.prog.tulevaisuuden-sote-keskus');
    const regions = new Set(data.b.contributors.map((c: any) => c.region?.id));
    expect(regions.has('ks')).toBe(true);
    const { data: ph } = await graphql(db, '{ programmes(regionId: "ph") { id programmeType parent { id } measures { id continues responsible { id } } } }');
    const bundles = ph.programmes.filter((p: any) => p.programmeType === 'ACTION_BUNDLE');
    expect(bundles).toHaveLength(4);
    expect(bundles.every((b: any) => b.measures.length > 0)).toBe(true);
  });

  it('compares regions on a theme side by side', async () => {
    const { data, errors } = await graphql(db, `{ compare(theme: "omaishoito") {
      region { id } goals { score node { id region { id } } latestAssessment { rating period } } measures { node { id } } } }`);
    expect(errors).toBeUndefined();
    expect(data.compare.map((r: any) => r.region.id).sort()).toEqual(['ks', 'lu', 'ph']);
    for (const row of data.compare) for (const g of row.goals) expect(g.node.region.id).toBe(row.region.id);
    const lu = data.compare.find((r: any) => r.region.id === 'lu');
    expect(lu.goals.length).toBeGreaterThan(0);
    expect(lu.goals.some((g: any) => g.latestAssessment !== null)).toBe(true);
    const { errors: e2 } = await graphql(db, '{ compare(theme: "x", regionIds: ["ks", "zz"]) { region { id } } }');
    expect(e2?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
