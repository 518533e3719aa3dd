/**
 * Keski-Suomi's service strategy (000) in the graph: every bullet a measure that traces to the
 * objectives its goal supports, Finnish search, the service-path matrix, the service-line tree
 * in bounded round trips, and coverage.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { DEFAULT_SEEDS_DIR } from '../src/seeds/index.js';
import { graphql, seededDatabase } from './support/db.js';

const DOC = '000_9dec4d1a41e94955.txt';
/** The document's own mapping of strategy goals to objectives (slide 2). */
const OBJECTIVES_OF_GOAL: Record<string, number[]> = {
  'ks.goal.kustannusvaikuttavuus': [1, 4],
  'ks.goal.uudistuminen': [2, 3, 4],
  'ks.goal.kumppanuus': [2, 3, 4],
  'ks.goal.tieto': [1, 2],
};

const TRACE = `query ($id: ID!) { trace(id: $id) {
  root { id } objectives { number } paths inferred
  nodes { id kind } edges { from to type confidence } } }`;

describe('the service strategy of Keski-Suomi', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  it('holds one measure for every bullet of the document', async () => {
    const bullets = (readFileSync(path.join(DEFAULT_SEEDS_DIR, 'documents', DOC), 'utf8').match(/•/g) ?? []).length;
    const [row] = await db.read<{ n: number }>(
      cypher('testCountMeasuresOf000', 'MATCH (m:Measure {regionId: "ks"}) WHERE $doc IN m.sourceDocuments AND m.id STARTS WITH "ks.m." AND NOT m.id STARTS WITH "ks.m.tsk." RETURN count(m) AS n'),
      { doc: DOC },
    );
    expect(bullets).toBe(166);
    expect(row.n).toBe(bullets);
  });

  it('traces every measure to exactly the objectives its strategy goal supports', async () => {
    const measures = await db.read<{ id: string; goals: string[] }>(
      cypher('testMeasuresWithGoals', `
        MATCH (m:Measure {regionId: "ks"})-[:CONTRIBUTES_TO]->(:SubGoal)-[:CONTRIBUTES_TO]->(g:StrategyGoal)
        WHERE m.id STARTS WITH "ks.m." AND NOT m.id STARTS WITH "ks.m.tsk."
        RETURN m.id AS id, collect(DISTINCT g.id) AS goals`),
    );
    expect(measures.length).toBe(166);
    const wrong: string[] = [];
    for (const m of measures) {
      const { data, errors } = await graphql(db, TRACE, { id: m.id });
      expect(errors).toBeUndefined();
      const expected = [...new Set(m.goals.flatMap((g) => OBJECTIVES_OF_GOAL[g]))].sort();
      const got = data.trace.objectives.map((o: any) => o.number);
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${m.id}: ${got} (expected ${expected})`);
      for (const p of data.trace.paths) {
        expect(p[0]).toBe(m.id);
        expect(p[p.length - 1]).toMatch(/^ks\.objective\.[1-4]$/);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('traces a measure with its sub-goal, goal, service line and the slide it was stated on', async () => {
    const { data } = await graphql(db, `{
      search(text: "perhehoito", kinds: [MEASURE], regionId: "ks") { score node { id title sources { document locator quote } } } }`);
    expect(data.search.length).toBeGreaterThan(0);
    const hit = data.search.find((h: any) => /perhehoidon osuutta/.test(h.node.title));
    expect(hit).toBeDefined();
    expect(hit.node.sources[0]).toMatchObject({ document: DOC, locator: 'slide 6' });
    const { data: t } = await graphql(db, TRACE, { id: hit.node.id });
    expect(t.trace.objectives.map((o: any) => o.number)).toEqual([2, 3, 4]);
    const kinds = new Set(t.trace.nodes.map((n: any) => n.kind));
    for (const k of ['MEASURE', 'SUB_GOAL', 'STRATEGY_GOAL', 'STRATEGY_OBJECTIVE', 'SERVICE_LINE']) expect(kinds).toContain(k);
    expect(t.trace.nodes.map((n: any) => n.id)).toContain('ks.line.lanupe');
    expect(t.trace.paths.every((p: string[]) => p[0] === hit.node.id)).toBe(true);
    expect(t.trace.inferred).toBe(false);
  });

  it('finds measures by inflected Finnish words', async () => {
    const titlesFor = async (text: string) => {
      const { data, errors } = await graphql(db, `query ($t: String!) { search(text: $t, regionId: "ks") { node { title description } } }`, { t: text });
      expect(errors).toBeUndefined();
      return data.search.map((h: any) => `${h.node.title} ${h.node.description ?? ''}`);
    };
    expect((await titlesFor('perhehoito')).some((t: string) => /perhehoidon|perhehoitoa/.test(t))).toBe(true);
    expect((await titlesFor('lastensuojelu')).some((t: string) => /lastensuojelun/.test(t))).toBe(true);
    expect((await titlesFor('omalääkärimalli')).some((t: string) => /omalääkärimallia|omalääkärimallin/.test(t))).toBe(true);
    expect((await titlesFor('asumisyksikkö')).some((t: string) => /asumisyksikön/.test(t))).toBe(true);
  });

  it('filters search by kind and region and ranks best first', async () => {
    const { data } = await graphql(db, '{ search(text: "laatupoikkeamia", kinds: [MEASURE], first: 50) { score node { id kind region { id } } } }');
    expect(data.search.length).toBe(5); // the recurring quality bullet, once per service line
    expect(data.search.every((h: any) => h.node.kind === 'MEASURE' && h.node.region.id === 'ks')).toBe(true);
    const scores = data.search.map((h: any) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('takes search text as words, never as query syntax', async () => {
    for (const text of ['perhehoito AND', '"perhehoito', 'perhehoito~2 OR *:*', ') ( [ ] { } ^ \\ / : !', 'x'.repeat(5000), '\u0000\u0007perhe\nhoito', '']) {
      const { errors } = await graphql(db, 'query ($t: String!) { search(text: $t) { node { id } } }', { t: text });
      expect(errors).toBeUndefined();
    }
    const { errors } = await graphql(db, '{ search(text: "perhehoito", first: 1000) { node { id } } }');
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers trace of an unknown id with NOT_FOUND', async () => {
    const { errors } = await graphql(db, TRACE, { id: 'ks.m.nothing' });
    expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('serves the service-path matrix: 10 rows with 3,3,3,3,2,4,4,5,1,5 inferred cells', async () => {
    const { data, errors } = await graphql(db, `{ servicePathMatrix(regionId: "ks") {
      columns { id title order }
      rows { involvedCount path { id title marks } cells { column { id } involved confidence rationale } } } }`);
    expect(errors).toBeUndefined();
    const m = data.servicePathMatrix;
    expect(m.columns.map((c: any) => c.title)).toEqual([
      'Lasten, nuorten ja perheiden palvelut', 'Työikäisten palvelut', 'Ikääntyneiden palvelut', 'Vammaisten palvelut', 'Terveyspalvelut', 'Kumppanuus',
    ]);
    expect(m.rows.map((r: any) => r.path.title)[0]).toBe('Arkikuntoutus');
    expect(m.rows.map((r: any) => r.cells.filter((c: any) => c.involved).length)).toEqual([3, 3, 3, 3, 2, 4, 4, 5, 1, 5]);
    expect(m.rows.map((r: any) => r.path.marks)).toEqual([3, 3, 3, 3, 2, 4, 4, 5, 1, 5]);
    for (const r of m.rows) {
      expect(r.cells).toHaveLength(6);
      for (const c of r.cells) {
        if (c.involved) expect(c).toMatchObject({ confidence: 'INFERRED', rationale: expect.any(String) });
        else expect(c).toMatchObject({ confidence: null, rationale: null });
      }
    }
    // The strong-support housing unit: the measure names health care, social care and older people's services.
    const row4 = m.rows[3].cells.filter((c: any) => c.involved).map((c: any) => c.column.id);
    expect(row4).toEqual(['ks.line.tyoikaiset', 'ks.line.ikaantyneet', 'ks.line.terveys']);
  });

  it('traces a service path to the partnership goal, marked inferred', async () => {
    const { data } = await graphql(db, TRACE, { id: 'ks.path.1' });
    expect(data.trace.objectives.map((o: any) => o.number)).toEqual([2, 3, 4]);
    expect(data.trace.inferred).toBe(true);
    expect(data.trace.edges).toContainEqual({ from: 'ks.path.1', to: 'ks.goal.kumppanuus', type: 'CONTRIBUTES_TO', confidence: 'INFERRED' });
  });

  it('says so when a node reaches no objective', async () => {
    const { data } = await graphql(db, TRACE, { id: 'ks.prog.henkilostoohjelma' });
    expect(data.trace.objectives).toEqual([]);
    expect(data.trace.paths).toEqual([]);
    expect(data.trace.nodes.map((n: any) => n.id)).toContain('ks.sf.henkilosto');
  });

  it('draws a service line tree in round trips bounded by its depth', async () => {
    const { data, errors, roundTrips } = await graphql(db, `{ serviceLine(id: "ks.line.tyoikaiset") {
      title desiredChange
      goals { strategyGoal { id objectives { number } }
        subGoals { id title
          measures { id title dueYear
            indicators { id target unit comparator }
            responsible { id }
            involves { id title } } } } } }`);
    expect(errors).toBeUndefined();
    const line = data.serviceLine;
    expect(line.goals.map((g: any) => g.strategyGoal.id)).toEqual([
      'ks.goal.kustannusvaikuttavuus', 'ks.goal.uudistuminen', 'ks.goal.kumppanuus', 'ks.goal.tieto',
    ]);
    const measures = line.goals.flatMap((g: any) => g.subGoals.flatMap((s: any) => s.measures));
    expect(measures.length).toBeGreaterThan(20);
    expect(measures.every((m: any) => m.responsible.some((r: any) => r.id === 'ks.line.tyoikaiset'))).toBe(true);
    // node, goals, then per level one statement per relation field: objectives+subGoals' measures... bounded, not per row
    expect(roundTrips).toBeLessThanOrEqual(8);
  });

  it('looks ahead: a tree down to the measures is one statement, with the same answer as level by level', async () => {
    const tree = await graphql(db, `{ serviceLine(id: "ks.line.ikaantyneet") { goals { strategyGoal { id objectives { number } }
      subGoals { id measures { id title indicators { id target } responsible { id } involves { id } } } } } }`);
    expect(tree.errors).toBeUndefined();
    expect(tree.queries).toEqual(['nodesByIds', 'serviceLineTrees']);
    const subGoals = tree.data.serviceLine.goals.flatMap((g: any) => g.subGoals);
    expect(subGoals.flatMap((s: any) => s.measures).length).toBeGreaterThan(20);
    // The same sub-goals through nodes(ids), which resolves level by level through the loaders.
    const levels = await graphql(db, `query ($ids: [ID!]!) { nodes(ids: $ids) { id
      ... on SubGoal { measures { id title indicators { id target } responsible { id } involves { id } } } } }`, { ids: subGoals.map((s: any) => s.id) });
    expect(levels.queries).not.toContain('serviceLineTrees');
    expect(levels.data.nodes).toEqual(subGoals);
    // Without measures in the selection there is nothing to look ahead for.
    const shallow = await graphql(db, '{ serviceLine(id: "ks.line.ikaantyneet") { goals { strategyGoal { id } subGoals { id } } } }');
    expect(shallow.queries).toEqual(['nodesByIds', 'goalsOfServiceLines']);
  });

  it('reports coverage gaps for the region', async () => {
    const { data, errors } = await graphql(db, `{ coverage(regionId: "ks") {
      subGoalsWithoutMeasures { id } measuresWithoutResponsible { id } measuresWithoutIndicator { id }
      strategyGoalsWithoutSubGoals { id } objectivesWithoutGoals { id }
      inferredEdges { from to type } counts { measures measuresWithIndicator subGoals subGoalsWithMeasures } } }`);
    expect(errors).toBeUndefined();
    const c = data.coverage;
    expect(c.measuresWithoutResponsible.filter((m: any) => !m.id.startsWith('ks.m.tsk.'))).toEqual([]);
    expect(c.objectivesWithoutGoals).toEqual([]);
    expect(c.strategyGoalsWithoutSubGoals).toEqual([]);
    expect(c.counts.measures).toBeGreaterThanOrEqual(166);
    expect(c.counts.measuresWithIndicator).toBeGreaterThan(0);
    expect(c.counts.measures - c.counts.measuresWithIndicator).toBe(c.measuresWithoutIndicator.length);
    expect(c.inferredEdges.filter((e: any) => e.type === 'HAS_PARTICIPANT')).toHaveLength(33);
  });
});
