/** Impact analysis before budget cuts, on the seeded graph: orphaning, partial loss, paths, indicators, mixed cuts, errors, CSV. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import type { RunningServer } from '../src/server.js';
import { graphCounts, graphql, seededServer } from './support/db.js';

const IMPACT = `query ($cut: [ID!]!, $regionId: ID) { impact(cut: $cut, regionId: $regionId) {
  cut { id } removedMeasures { id }
  orphaned { node { id kind } before after severity evidence }
  weakened { node { id kind } before after severity evidence }
  singlePointsOfFailure { node { id } before after }
  objectives { objective { number } before after shareLost } } }`;

describe('impact analysis', () => {
  let db: Database;
  let server: RunningServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, server, close } = await seededServer());
  });
  afterAll(() => close());

  const impact = async (cut: string[], regionId?: string) => {
    const r = await graphql(db, IMPACT, { cut, regionId });
    expect(r.errors).toBeUndefined();
    return { ...r.data.impact, roundTrips: r.roundTrips, queries: r.queries };
  };
  const measuresUnder = async (id: string) =>
    (await db.read<{ id: string }>(cypher('testMeasuresUnder', 'MATCH (m:Measure)-[:CONTRIBUTES_TO]->(:Entity {id: $id}) RETURN m.id AS id ORDER BY id'), { id })).map((r) => r.id);

  it('gives an empty report for an empty cut', async () => {
    const r = await impact([]);
    expect(r).toMatchObject({ cut: [], removedMeasures: [], orphaned: [], weakened: [], singlePointsOfFailure: [], objectives: [] });
  });

  it('answers unknown ids with NOT_FOUND naming them', async () => {
    const { errors } = await graphql(db, IMPACT, { cut: ['ks.line.terveys', 'no.such.a', 'no.such.b'] });
    expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(errors?.[0].message).toContain('no.such.a, no.such.b');
    expect(errors?.[0].message).not.toContain('ks.line.terveys');
  });

  it('orphans the sub-goal of a measure that is its only one, with evidence, and weakens its goal and objectives', async () => {
    const [{ sg, m, goal }] = await db.read<{ sg: string; m: string; goal: string }>(cypher('testLoneMeasure', `
      MATCH (s:SubGoal {regionId: 'ks'})<-[:CONTRIBUTES_TO]-(m:Measure)
      WITH s, collect(m) AS ms WHERE size(ms) = 1
      MATCH (s)-[:CONTRIBUTES_TO]->(g:StrategyGoal)
      WITH s, ms[0] AS m, g WHERE NOT EXISTS { (m)-[:CONTRIBUTES_TO]->(other:SubGoal) WHERE other <> s }
      RETURN s.id AS sg, m.id AS m, g.id AS goal ORDER BY sg LIMIT 1`));
    const before = await graphCounts(db);
    const r = await impact([m]);
    expect(r.removedMeasures).toEqual([{ id: m }]);
    const orphan = r.orphaned.find((i: any) => i.node.id === sg);
    expect(orphan).toMatchObject({ before: 1, after: 0, severity: 1, evidence: [[m, sg]] });
    expect(r.singlePointsOfFailure.map((i: any) => i.node.id)).toContain(sg);
    const weakenedGoal = r.weakened.find((i: any) => i.node.id === goal);
    expect(weakenedGoal.after).toBe(weakenedGoal.before - 1);
    expect(weakenedGoal.evidence[0]).toEqual([m, sg, goal]);
    const hit = r.objectives.filter((o: any) => o.after < o.before);
    expect(hit.length).toBeGreaterThan(0);
    for (const o of hit) expect(o).toMatchObject({ after: o.before - 1, shareLost: 1 / o.before });
    expect(r.queries.filter((q: string) => q === 'impactOfCut')).toHaveLength(1);
    expect(await graphCounts(db)).toEqual(before); // analysis never writes
  });

  it('reports partial loss with exact counts and orders by severity', async () => {
    const [{ sg }] = await db.read<{ sg: string }>(cypher('testBusySubGoal', `
      MATCH (s:SubGoal {regionId: 'ks'})<-[:CONTRIBUTES_TO]-(m:Measure)
      WITH s, count(m) AS n WHERE n >= 4 RETURN s.id AS sg ORDER BY n DESC, sg LIMIT 1`));
    const ms = await measuresUnder(sg);
    const r = await impact(ms.slice(0, 2));
    const item = r.weakened.find((i: any) => i.node.id === sg);
    expect(item).toMatchObject({ before: ms.length, after: ms.length - 2 });
    expect(item.severity).toBeCloseTo(2 / ms.length, 10);
    const severities = r.weakened.map((i: any) => i.severity);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
  });

  it('cutting a service line reports every sub-goal it owned as orphaned', async () => {
    const owned = (await db.read<{ id: string }>(cypher('testSubGoalsOfLine', `
      MATCH (s:SubGoal)-[:IN_SERVICE_LINE]->(:ServiceLine {id: $id}) WHERE EXISTS { (s)<-[:CONTRIBUTES_TO]-(:Measure) } RETURN s.id AS id`), { id: 'ks.line.vammaiset' })).map((r) => r.id);
    expect(owned.length).toBeGreaterThan(5);
    const r = await impact(['ks.line.vammaiset']);
    const orphaned = r.orphaned.map((i: any) => i.node.id);
    for (const id of owned) expect(orphaned).toContain(id);
    const evidence = r.orphaned.find((i: any) => i.node.id === owned[0]).evidence[0];
    expect(evidence[0]).toBe('ks.line.vammaiset');
    // the strategy goals keep the other lines' measures
    expect(r.weakened.filter((i: any) => i.node.kind === 'STRATEGY_GOAL').length).toBe(4);
  });

  it('orphans a service path when every measure advancing it goes, and an indicator with its measure', async () => {
    const [{ path, ms }] = await db.read<{ path: string; ms: string[] }>(cypher('testAdvancedPath', `
      MATCH (p:ServicePath {regionId: 'ks'})<-[:ADVANCES]-(m:Measure)
      WITH p, collect(m.id) AS ms RETURN p.id AS path, ms ORDER BY size(ms) DESC, path LIMIT 1`));
    const r = await impact(ms);
    expect(r.orphaned.find((i: any) => i.node.id === path)).toMatchObject({ before: ms.length, after: 0, severity: 1 });

    const [{ ind, m }] = await db.read<{ ind: string; m: string }>(cypher('testIndicatorOfMeasure', `
      MATCH (i:Indicator {regionId: 'ks'})-[:MEASURES]->(m:Measure)
      WHERE count { (i)-[:MEASURES]->() } = 1 RETURN i.id AS ind, m.id AS m ORDER BY ind LIMIT 1`));
    const r2 = await impact([m]);
    expect(r2.orphaned.find((i: any) => i.node.id === ind)).toMatchObject({ before: 1, after: 0, evidence: [[m, ind]] });
  });

  it('takes a mixed cut of measures, units and partners, and can limit to a region', async () => {
    const [{ m }] = await db.read<{ m: string }>(cypher('testTerveysMeasure', "MATCH (m:Measure)-[:RESPONSIBLE]->(:ServiceLine {id: 'ks.line.terveys'}) RETURN m.id AS m ORDER BY m LIMIT 1"));
    const r = await impact([m, 'ks.line.vammaiset', 'ks.partner.kela'], 'ks');
    expect(r.cut.map((c: any) => c.id).sort()).toEqual([m, 'ks.line.vammaiset', 'ks.partner.kela'].sort());
    expect(r.removedMeasures.map((x: any) => x.id)).toContain(m);
    expect(r.removedMeasures.some((x: any) => x.id.startsWith('ks.m.vammaiset.'))).toBe(true);
    expect(r.objectives.map((o: any) => o.objective.number)).toEqual([1, 2, 3, 4]);
  });

  it('exports the same rows as CSV with Finnish headings and a byte-order mark', async () => {
    const cut = ['ks.line.vammaiset'];
    const report = await impact(cut);
    const res = await fetch(`${server.url}/impact.csv?cut=${cut.join(',')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Osio;Tunniste;Laji;Nimi;Alue;Tuki ennen;Tuki jälkeen;Vakavuus;Näyttö');
    const ids = lines.slice(1).map((l) => l.split(';')[1]);
    expect(ids).toEqual([
      ...report.orphaned.map((i: any) => i.node.id),
      ...report.weakened.map((i: any) => i.node.id),
      ...report.singlePointsOfFailure.map((i: any) => i.node.id),
      ...report.objectives.map((o: any) => `ks.objective.${o.objective.number}`),
    ]);
    expect((await fetch(`${server.url}/impact.csv?cut=nope`)).status).toBe(404);
    const empty = await (await fetch(`${server.url}/impact.csv`)).text();
    expect(empty.replace('\uFEFF', '').trim()).toBe('Osio;Tunniste;Laji;Nimi;Alue;Tuki ennen;Tuki jälkeen;Vakavuus;Näyttö');
  });

  it('ranks today\'s single points of failure', async () => {
    const { data, errors } = await graphql(db, '{ fragility(regionId: "ks", first: 500) { node { id kind } orphans { id kind } severity } }');
    expect(errors).toBeUndefined();
    const list = data.fragility;
    expect(list.length).toBeGreaterThan(0);
    const sev = list.map((f: any) => f.severity);
    expect([...sev].sort((a, b) => b - a)).toEqual(sev);
    // every line that owns all the measures of some sub-goal shows up, with those sub-goals
    const line = list.find((f: any) => f.node.id === 'ks.line.vammaiset');
    expect(line.orphans.some((o: any) => o.kind === 'SUB_GOAL')).toBe(true);
    // and a lone measure is a single point of failure of its sub-goal; cutting it confirms it
    const lone = list.find((f: any) => f.node.kind === 'MEASURE');
    const r = await impact([lone.node.id]);
    for (const o of lone.orphans) expect(r.orphaned.map((i: any) => i.node.id)).toContain(o.id);
  });
});
