/** The first GraphQL contract: regions, node, objectives, errors, and round trips bounded by depth. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import type { RunningServer } from '../src/server.js';
import { graphql, seededDatabase, seededServer } from './support/db.js';

describe('GraphQL: regions, nodes, objectives', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  it('lists the regions', async () => {
    const { data, errors } = await graphql(db, '{ regions { id kind title shortName region { id } } }');
    expect(errors).toBeUndefined();
    expect(data.regions).toContainEqual({ id: 'ks', kind: 'REGION', title: 'Keski-Suomen hyvinvointialue', shortName: 'Keski-Suomi', region: null });
  });

  it('returns the four objectives of Keski-Suomi with the goals that support them', async () => {
    const { data, errors } = await graphql(db, `query ($r: ID!) { objectives(regionId: $r) { number title strategyGoals { id } region { id } } }`, { r: 'ks' });
    expect(errors).toBeUndefined();
    expect(data.objectives.map((o: any) => o.number)).toEqual([1, 2, 3, 4]);
    const goalsOf = (n: number) => data.objectives[n - 1].strategyGoals.map((g: any) => g.id).sort();
    // The document's own mapping: kustannusvaikuttavuus 1, 4; uudistuminen 2, 3, 4; kumppanuus 2, 3, 4; tieto 1, 2.
    expect(goalsOf(1)).toEqual(['ks.goal.kustannusvaikuttavuus', 'ks.goal.tieto']);
    expect(goalsOf(2)).toEqual(['ks.goal.kumppanuus', 'ks.goal.tieto', 'ks.goal.uudistuminen']);
    expect(goalsOf(3)).toEqual(['ks.goal.kumppanuus', 'ks.goal.uudistuminen']);
    expect(goalsOf(4)).toEqual(['ks.goal.kumppanuus', 'ks.goal.kustannusvaikuttavuus', 'ks.goal.uudistuminen']);
    expect(data.objectives[0].region).toEqual({ id: 'ks' });
  });

  it('resolves any node by id through the Node interface, with its sources', async () => {
    const { data } = await graphql(db, `{
      goal: node(id: "ks.goal.tieto") { __typename id kind ... on StrategyGoal { objectives { number } successFactors { title } } sources { document locator locatorInferred quote } }
      line: node(id: "ks.line.ikaantyneet") { __typename ... on ServiceLine { desiredChange matrixColumn } }
      none: node(id: "no.such.node") { id }
    }`);
    expect(data.goal).toMatchObject({ __typename: 'StrategyGoal', kind: 'STRATEGY_GOAL', objectives: [{ number: 1 }, { number: 2 }], successFactors: [{ title: 'Tieto' }] });
    expect(data.goal.sources[0]).toMatchObject({ document: '000_9dec4d1a41e94955.txt', locator: 'slide 2', locatorInferred: true });
    expect(data.line).toEqual({ __typename: 'ServiceLine', desiredChange: 'Turvallinen arki yhteisöissä ja oikea-aikainen tuki tukevat kotona asumista.', matrixColumn: 3 });
    expect(data.none).toBeNull();
  });

  it('answers an unknown region with NOT_FOUND', async () => {
    const { errors } = await graphql(db, '{ objectives(regionId: "xx") { id } }');
    expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(errors?.[0].message).toContain('xx');
  });

  it('resolves a nested query in round trips bounded by its depth, not its rows', async () => {
    const query = `{ regions { objectives { number strategyGoals { id
      successFactors { id programmes { id } }
      objectives { number } } } } }`;
    const { data, errors, roundTrips, queries } = await graphql(db, query);
    expect(errors).toBeUndefined();
    const goalRows = data.regions.flatMap((r: any) => r.objectives.flatMap((o: any) => o.strategyGoals));
    expect(goalRows.length).toBeGreaterThanOrEqual(10); // 4 objectives x their goals
    // regions, objectives, strategyGoals, then successFactors and objectives side by side, then programmes
    expect(queries).toEqual(['allRegions', 'objectivesByRegion', 'incomingRelations', expect.any(String), expect.any(String), 'incomingRelations']);
    expect(roundTrips).toBe(6);
  });
});

describe('HTTP server', () => {
  let server: RunningServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ server, close } = await seededServer());
  });
  afterAll(() => close());

  it('reports health with the database reachable', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
  });

  it('serves /graphql and reports round trips on request', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-strategy-graph-stats': '1' },
      body: JSON.stringify({ query: '{ objectives(regionId: "ks") { number } }' }),
    });
    const body = await res.json();
    expect(body.data.objectives).toHaveLength(4);
    expect(body.extensions.queryStats).toEqual({ roundTrips: 2, queries: ['nodesByIds', 'objectivesByRegion'] });
  });
});
