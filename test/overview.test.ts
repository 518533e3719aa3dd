/**
 * The map's overview and support trees on the real seeded database: the counts are the lists the
 * documents give, trees follow the rules of each kind, filters keep what they say and the nodes
 * above it, and round trips grow with the tree's depth, not with its rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { graphql, seededDatabase, seededServer } from './support/db.js';

const OVERVIEW = `query ($regionId: ID!, $year: Int) { overview(regionId: $regionId, year: $year) {
  year region { id }
  objectives { objective { id number } strategyGoals { id } subGoals { id } measures { id } indicators { id } }
  programmes { id status { overall } }
  dueThisYear { id ... on Measure { dueYear } } dueNextYear { id ... on Measure { dueYear } }
  coverage { subGoalsWithoutMeasures { id } counts { measures } }
} }`;

const TREE = `query ($id: ID!, $filter: SupportTreeFilter, $depth: Int) { supportTree(id: $id, filter: $filter, depth: $depth) {
  root { id } ancestors { id kind } truncated
  entries { node { id kind ... on Measure { dueYear } } parentId depth relation direction confidence rationale }
  facets { serviceLines { id } units { id } dueYears kinds }
} }`;

describe('overview and support trees', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  it('gives each objective the goals that support it, their sub-goals, measures and indicators, as the graph holds them', async () => {
    const { data, errors } = await graphql(db, OVERVIEW, { regionId: 'ks', year: 2026 });
    expect(errors).toBeUndefined();
    const o = data.overview;
    expect(o.year).toBe(2026);
    expect(o.objectives.map((x: any) => x.objective.number)).toEqual([1, 2, 3, 4]);
    const rows = await db.read<{ number: number; goals: number; subGoals: number; measures: number }>(cypher('testOverviewCounts', `
      MATCH (o:StrategyObjective {regionId: 'ks'})
      RETURN o.number AS number,
        COUNT { MATCH (g:StrategyGoal)-[:SUPPORTS]->(o) } AS goals,
        COUNT { MATCH (sg:SubGoal)-[:CONTRIBUTES_TO]->(:StrategyGoal)-[:SUPPORTS]->(o) RETURN DISTINCT sg } AS subGoals,
        COUNT { MATCH (m:Measure)-[:CONTRIBUTES_TO]->(t) WHERE (t)-[:SUPPORTS]->(o) OR (t)-[:CONTRIBUTES_TO]->(:StrategyGoal)-[:SUPPORTS]->(o) RETURN DISTINCT m } AS measures
      ORDER BY number`));
    for (const r of rows) {
      const x = o.objectives.find((y: any) => y.objective.number === r.number);
      expect([x.strategyGoals.length, x.subGoals.length, x.measures.length]).toEqual([r.goals, r.subGoals, r.measures]);
      expect(x.measures.length).toBeGreaterThan(0);
    }
    // Goal 'kustannusvaikuttavuus' supports objectives 1 and 4 (000, slide 2).
    expect(o.objectives[0].strategyGoals.map((g: any) => g.id)).toContain('ks.goal.kustannusvaikuttavuus');
    expect(o.dueThisYear.length).toBeGreaterThan(0);
    for (const m of o.dueThisYear) expect(m.dueYear).toBe(2026);
    for (const m of o.dueNextYear) expect(m.dueYear).toBe(2027);
    expect(o.programmes.length).toBeGreaterThan(0);
    expect(o.programmes.some((p: any) => p.status.overall === 'UNKNOWN')).toBe(true);
    expect(o.coverage.counts.measures).toBeGreaterThanOrEqual(166);
  });

  it('says a region has no objectives rather than inventing them, and names an unknown region', async () => {
    const lu = await graphql(db, OVERVIEW, { regionId: 'lu' });
    expect(lu.errors).toBeUndefined();
    expect(lu.data.overview.objectives).toEqual([]);
    const bad = await graphql(db, OVERVIEW, { regionId: 'nowhere' });
    expect(bad.errors?.[0].message).toContain('nowhere');
  });

  it('draws what supports an objective: goals > sub-goals > measures > who carries them, in tree order', async () => {
    const { data, errors } = await graphql(db, TREE, { id: 'ks.objective.1' });
    expect(errors).toBeUndefined();
    const t = data.supportTree;
    expect(t.root.id).toBe('ks.objective.1');
    expect(t.ancestors).toEqual([]);
    const e = t.entries;
    expect(e[0]).toMatchObject({ depth: 0, parentId: null, relation: null });
    // Each entry's parent is the nearest shallower entry before it.
    for (let i = 1; i < e.length; i++) {
      const parent = e.slice(0, i).reverse().find((p: any) => p.depth === e[i].depth - 1);
      expect(parent.node.id).toBe(e[i].parentId);
    }
    const goals = e.filter((x: any) => x.depth === 1 && x.node.kind === 'STRATEGY_GOAL').map((x: any) => x.node.id).sort();
    expect(goals).toEqual(['ks.goal.kustannusvaikuttavuus', 'ks.goal.tieto']);
    const measure = e.find((x: any) => x.node.kind === 'MEASURE');
    expect(measure).toMatchObject({ depth: 3, relation: 'CONTRIBUTES_TO', direction: 'OUT' });
    const carrier = e.find((x: any) => x.depth === 4 && x.relation === 'RESPONSIBLE');
    expect(carrier.direction).toBe('IN');
    expect(t.facets.kinds).toEqual(expect.arrayContaining(['STRATEGY_GOAL', 'SUB_GOAL', 'MEASURE']));
    expect(t.facets.dueYears).toContain(2026);
  });

  it('shows what a unit owns or takes part in, and one route up for the breadcrumbs', async () => {
    const unit = await graphql(db, TREE, { id: 'ks.unit.psykiatria' });
    expect(unit.errors).toBeUndefined();
    const kids = unit.data.supportTree.entries.filter((x: any) => x.depth === 1);
    expect(kids.length).toBeGreaterThan(0);
    for (const k of kids) expect(['RESPONSIBLE', 'INVOLVES', 'PART_OF']).toContain(k.relation);
    const [row] = await db.read<{ n: number }>(cypher('testUnitMeasures', `MATCH (:ResponsibleUnit {id: 'ks.unit.psykiatria'})<-[:RESPONSIBLE|INVOLVES]-(m:Measure) RETURN count(DISTINCT m) AS n`));
    expect(kids.filter((k: any) => k.node.kind === 'MEASURE').length).toBe(row.n);

    const m = await graphql(db, TREE, { id: 'ks.m.lanupe.kv.01', depth: 1 });
    const up = m.data.supportTree.ancestors;
    expect(up[0].kind).toBe('STRATEGY_OBJECTIVE');
    expect(up.at(-1).kind).toBe('SUB_GOAL');
  });

  it('filters measures by due year, service line, unit, kind and confidence, keeping the nodes above them', async () => {
    const all = (await graphql(db, TREE, { id: 'ks.objective.1' })).data.supportTree;
    const due = (await graphql(db, TREE, { id: 'ks.objective.1', filter: { dueYear: 2026 } })).data.supportTree;
    const measures = due.entries.filter((x: any) => x.node.kind === 'MEASURE');
    expect(measures.length).toBeGreaterThan(0);
    expect(measures.length).toBeLessThan(all.entries.filter((x: any) => x.node.kind === 'MEASURE').length);
    for (const x of measures) expect(x.node.dueYear).toBe(2026);
    // Every kept entry's parent is kept.
    const ids = new Set(due.entries.map((x: any) => x.node.id));
    for (const x of due.entries.slice(1)) expect(ids.has(x.parentId)).toBe(true);
    // The facets are those of the whole tree.
    expect(due.facets).toEqual(all.facets);

    const line = (await graphql(db, TREE, { id: 'ks.objective.1', filter: { serviceLineId: 'ks.line.lanupe' } })).data.supportTree;
    const lm = line.entries.filter((x: any) => x.node.kind === 'MEASURE');
    expect(lm.length).toBeGreaterThan(0);
    for (const x of lm) expect(x.node.id.startsWith('ks.m.lanupe.')).toBe(true);

    const kinds = (await graphql(db, TREE, { id: 'ks.objective.1', filter: { kinds: ['SUB_GOAL'] } })).data.supportTree;
    expect(new Set(kinds.entries.slice(1).map((x: any) => x.node.kind))).toEqual(new Set(['STRATEGY_GOAL', 'SUB_GOAL']));

    const inferred = (await graphql(db, TREE, { id: 'ks.unit.psykiatria', filter: { confidence: 'INFERRED' } })).data.supportTree;
    // What is kept is inferred, or lies above something inferred.
    const parents = new Set(inferred.entries.map((x: any) => x.parentId));
    for (const x of inferred.entries.slice(1)) if (!parents.has(x.node.id)) expect(x.confidence).toBe('INFERRED');

    const bad = await graphql(db, TREE, { id: 'ks.objective.1', depth: 9 });
    expect(bad.errors?.[0].message).toContain('depth');
  });

  it('costs one round trip per level, whatever the number of rows (x-strategy-graph-stats)', async () => {
    const { server, close } = await seededServer();
    try {
      const stats = async (id: string, depth: number) => {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-strategy-graph-stats': '1' },
          body: JSON.stringify({ query: '{ supportTree(id: "' + id + '", depth: ' + depth + ') { ancestors { id } entries { node { id title } } } }' }),
        });
        const body = await res.json();
        return { rows: body.data.supportTree.entries.length as number, trips: body.extensions.queryStats.roundTrips as number };
      };
      const big = await stats('ks.objective.1', 4);
      const small = await stats('ks.sg.lanupe.kv.1', 4);
      expect(big.rows).toBeGreaterThan(10 * small.rows);
      // root + one per level + facets + route up
      expect(big.trips).toBeLessThanOrEqual(1 + 4 + 2);
      expect(small.trips).toBeLessThanOrEqual(big.trips);
      const shallow = await stats('ks.objective.1', 2);
      expect(shallow.trips).toBeLessThan(big.trips);

      const ov = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-strategy-graph-stats': '1' },
        body: JSON.stringify({ query: '{ overview(regionId: "ks") { objectives { measures { id title } indicators { id } } programmes { id status { overall } } coverage { counts { measures } } } }' }),
      });
      const body = await ov.json();
      expect(body.extensions.queryStats.roundTrips).toBeLessThanOrEqual(3);
    } finally {
      await close();
    }
  });
});
