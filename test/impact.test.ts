/** Impact analysis before budget cuts, on the seeded graph: orphaning, partial loss, paths, indicators, mixed cuts, errors, CSV. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { atRiskOfCut, impactOfCut, supportInRegion } from '../cypher/impact.js';
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
    // Plan the impact statements once, without a deadline: on a machine shared with other work
    // first planning alone has taken over 10 s, the request deadline (test/limits.test.ts tests that).
    for (const q of [impactOfCut, atRiskOfCut, supportInRegion]) {
      await db.writeTransaction((tx) => tx.run(`EXPLAIN ${q.text}`, { cut: [], regionId: 'ks' }), { name: 'testPlanImpact', timeoutMs: 180_000 });
    }
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

  const AT_RISK = `query ($cut: [ID!]!, $regionId: ID) { impact(cut: $cut, regionId: $regionId) {
    removedMeasures { id }
    atRisk { node { id kind } lost { id } remaining { id } responsible { id } subGoals { id kind } strategyGoals { id } objectives { id kind } servicePaths { id } }
    servicePaths { path { id kind } participants { id } lost { id } remaining { id } shareLost } } }`;

  it('a unit the measures only INVOLVE: nothing is removed, its measures are at risk with who remains and what they serve', async () => {
    const unit = 'ks.unit.psykiatria';
    const truth = await db.read<{ id: string; others: string[]; responsible: string[]; subGoals: string[] }>(cypher('testInvolvedInUnit', `
      MATCH (n:Entity)-[:INVOLVES]->(:Entity {id: $unit}) WHERE (n:Measure OR n:Programme) AND NOT (n)-[:RESPONSIBLE]->(:Entity {id: $unit})
      OPTIONAL MATCH (n)-[:INVOLVES]->(o:Entity) WHERE o.id <> $unit
      WITH n, collect(DISTINCT o.id) AS others
      OPTIONAL MATCH (n)-[:RESPONSIBLE]->(r:Entity)
      WITH n, others, collect(DISTINCT r.id) AS responsible
      OPTIONAL MATCH (n)-[:CONTRIBUTES_TO|SUPPORTS|ADVANCES|PART_OF*1..6]->(s:SubGoal)
      RETURN n.id AS id, others, responsible, collect(DISTINCT s.id) AS subGoals ORDER BY id`), { unit });
    expect(truth.length).toBeGreaterThan(3);
    const { data, errors, queries } = await graphql(db, AT_RISK, { cut: [unit] });
    expect(errors).toBeUndefined();
    const r = data.impact;
    expect(r.removedMeasures).toEqual([]); // nobody RESPONSIBLE was cut
    expect(r.atRisk.map((a: any) => a.node.id).sort()).toEqual(truth.map((x) => x.id).sort());
    for (const t of truth) {
      const a = r.atRisk.find((x: any) => x.node.id === t.id);
      expect(a.lost).toEqual([{ id: unit }]);
      expect(a.remaining.map((x: any) => x.id).sort()).toEqual([...t.others].sort());
      expect(a.responsible.map((x: any) => x.id).sort()).toEqual([...t.responsible].sort());
      expect(a.subGoals.map((x: any) => x.id).sort()).toEqual([...t.subGoals].sort());
      for (const s of a.subGoals) expect(s.kind).toBe('SUB_GOAL');
      for (const o of a.objectives) expect(o.kind).toBe('STRATEGY_OBJECTIVE');
    }
    expect(r.atRisk.some((a: any) => a.objectives.length > 0)).toBe(true);
    // most exposed first
    const left = r.atRisk.map((a: any) => a.remaining.length);
    expect([...left].sort((x: number, y: number) => x - y)).toEqual(left);
    // one statement for the analysis, one batched node load per level, whatever the row count
    expect(queries.filter((q: string) => q === 'impactOfCut')).toHaveLength(1);
    expect(queries.filter((q: string) => q === 'atRiskOfCut')).toHaveLength(1);
    expect(queries.length).toBeLessThanOrEqual(5);
  });

  it('gives each touched service path the share of its participants the cut takes', async () => {
    const line = 'ks.line.ikaantyneet';
    const { data, errors } = await graphql(db, AT_RISK, { cut: [line, 'ks.partner.kumppanuus'] });
    expect(errors).toBeUndefined();
    const paths = data.impact.servicePaths;
    const [{ direct }] = await db.read<{ direct: string[] }>(cypher('testPathsOfLine', `
      MATCH (p:ServicePath)-[:HAS_PARTICIPANT]->(:Entity {id: $line}) RETURN collect(p.id) AS direct`), { line });
    expect(direct.length).toBeGreaterThan(0);
    for (const id of direct) expect(paths.map((p: any) => p.path.id)).toContain(id);
    for (const p of paths) {
      expect(p.path.kind).toBe('SERVICE_PATH');
      const ids = p.participants.map((x: any) => x.id);
      const lost = p.lost.map((x: any) => x.id);
      expect(lost.length).toBeGreaterThan(0);
      for (const l of lost) expect([line, 'ks.partner.kumppanuus']).toContain(l);
      expect([...lost, ...p.remaining.map((x: any) => x.id)].sort()).toEqual([...ids].sort());
      expect(p.shareLost).toBeCloseTo(lost.length / ids.length, 10);
    }
    const shares = paths.map((p: any) => p.shareLost);
    expect([...shares].sort((a: number, b: number) => b - a)).toEqual(shares);
  });

  it('fragility ranks units and partners by the measures only they take part in', async () => {
    const { data, errors } = await graphql(db, '{ fragility(regionId: "ks", first: 500) { node { id kind } orphans { id } carriesAlone { id kind } severity } }');
    expect(errors).toBeUndefined();
    const units = data.fragility.filter((f: any) => f.node.kind === 'RESPONSIBLE_UNIT' || f.node.kind === 'PARTNER');
    expect(units.length).toBeGreaterThan(0);
    const [u] = units;
    const measures = u.carriesAlone.filter((n: any) => n.kind === 'MEASURE').map((n: any) => n.id);
    expect(measures.length).toBeGreaterThan(0);
    // each of those measures has this unit as its only participant, on the database
    const rows = await db.read<{ id: string; parts: string[] }>(cypher('testParticipantsOf', `
      UNWIND $ids AS id MATCH (m:Measure {id: id})-[:INVOLVES]->(o:Entity) RETURN id, collect(o.id) AS parts`), { ids: measures });
    expect(rows).toHaveLength(measures.length);
    for (const row of rows) expect(row.parts).toEqual([u.node.id]);
    // and cutting the unit reports them at risk with nobody else left
    const cut = await graphql(db, AT_RISK, { cut: [u.node.id] });
    for (const id of measures) {
      const a = cut.data.impact.atRisk.find((x: any) => x.node.id === id);
      if (a) expect(a.remaining).toEqual([]);
      else expect(cut.data.impact.removedMeasures.map((x: any) => x.id)).toContain(id);
    }
  });

  it('exports the report as an Excel workbook: a sheet per section, the same rows, text never a formula', async () => {
    const cut = ['ks.unit.psykiatria', 'ks.line.vammaiset'];
    const { data } = await graphql(db, `query ($cut: [ID!]!) { impact(cut: $cut) { orphaned { node { title } } weakened { node { id } } atRisk { node { title } remaining { title } } servicePaths { path { title } shareLost } objectives { objective { title } before after shareLost } } }`, { cut });
    const res = await fetch(`${server.url}/impact.xlsx?cut=${cut.join(',')}&name=${encodeURIComponent('=Testi')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain('vaikutusanalyysi.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Yhteenveto', 'Tavoitteet', 'Ilman toimenpiteitä', 'Heikkenee', 'Vaarassa', 'Palvelupolut', 'Poistuvat toimenpiteet']);
    const body = (name: string) => wb.getWorksheet(name)!.getSheetValues().slice(3).filter(Boolean).map((r: any) => r.slice(1));
    expect(wb.getWorksheet('Yhteenveto')!.getCell('A1').value).toBe('Leikkausskenaario: =Testi'); // a string, not a formula
    const objectives = body('Tavoitteet');
    expect(objectives.map((r: any) => [r[1], r[2], r[3]])).toEqual(data.impact.objectives.map((o: any) => [o.objective.title, o.before, o.after]));
    expect(objectives.map((r: any) => r[4])).toEqual(data.impact.objectives.map((o: any) => o.shareLost));
    expect(body('Ilman toimenpiteitä').map((r: any) => r[1])).toEqual(data.impact.orphaned.map((i: any) => i.node.title));
    expect(body('Heikkenee')).toHaveLength(data.impact.weakened.length);
    const atRisk = body('Vaarassa');
    expect(atRisk.length).toBeGreaterThan(0);
    expect(atRisk.map((r: any) => r[1])).toEqual(data.impact.atRisk.map((a: any) => a.node.title));
    expect(atRisk.map((r: any) => r[3])).toEqual(data.impact.atRisk.map((a: any) => (a.remaining.length ? a.remaining.map((x: any) => x.title).join('; ') : 'ei muita osallistujia')));
    expect(body('Palvelupolut').map((r: any) => [r[0], r[3]])).toEqual(data.impact.servicePaths.map((p: any) => [p.path.title, p.shareLost]));
    expect((await fetch(`${server.url}/impact.xlsx?cut=nope`)).status).toBe(404);
  });

  it('lists what a cut can hold, grouped by kind, measures with their service line', async () => {
    const { data, errors } = await graphql(db, '{ cutCandidates(regionId: "ks") { node { id kind title } serviceLine { id } } }');
    expect(errors).toBeUndefined();
    const list = data.cutCandidates;
    const kinds = [...new Set(list.map((c: any) => c.node.kind))];
    expect(kinds).toEqual(['SERVICE_LINE', 'RESPONSIBLE_UNIT', 'PARTNER', 'PROGRAMME', 'MEASURE']);
    expect(list.map((c: any) => c.node.id)).toContain('ks.unit.psykiatria');
    const [{ n }] = await db.read<{ n: number }>(cypher('testMeasureCount', "MATCH (m:Measure {regionId: 'ks'}) RETURN count(m) AS n"));
    const measures = list.filter((c: any) => c.node.kind === 'MEASURE');
    expect(measures).toHaveLength(n);
    expect(measures.filter((c: any) => c.serviceLine?.id === 'ks.line.vammaiset').length).toBeGreaterThan(5);
  });

  it('compresses what it sends when the client accepts it', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' }, body: JSON.stringify({ query: '{ cutCandidates(regionId: "ks") { node { id title } } }' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await res.json()).data.cutCandidates.length).toBeGreaterThan(100);
    const br = await fetch(`${server.url}/map`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
  });
});
