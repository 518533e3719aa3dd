/**
 * Writes: create, update, delete, link, assess, observe, import; provenance required; origin and
 * version; optimistic concurrency (exactly one of two editors with the same version wins).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { seedDatabase } from '../src/seeds/index.js';
import { graphCounts, seededDatabase } from './support/db.js';
import { CREATE, DELETE, EDITOR, gqlAs, LINK, measureInput, SOURCE, UNLINK, UPDATE } from './support/secure.js';

const nodeCount = cypher('testNodesWithId', 'MATCH (n:Entity {id: $id}) RETURN count(n) AS n, collect(labels(n)) AS labels');

describe('mutations', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  const as = (query: string, variables: Record<string, unknown> = {}) => gqlAs(db, EDITOR, query, variables);

  it('creates a node with its provenance: origin API, version 1, readable at once', async () => {
    const { data, errors } = await as(CREATE, { input: measureInput('ks.m.test.create.1', { spec: { dueYear: 2027 } }) });
    expect(errors).toBeUndefined();
    expect(data.createNode).toMatchObject({ created: true, node: { id: 'ks.m.test.create.1', kind: 'MEASURE', version: 1, origin: 'API', region: { id: 'ks' }, sources: [SOURCE] } });
    const read = await as('{ node(id: "ks.m.test.create.1") { ... on Measure { dueYear version origin } } }');
    expect(read.data.node).toEqual({ dueYear: 2027, version: 1, origin: 'API' });
    const [row] = await db.read<{ n: number; labels: string[][] }>(nodeCount, { id: 'ks.m.test.create.1' });
    expect(row).toEqual({ n: 1, labels: [expect.arrayContaining(['Entity', 'Measure'])] });
  });

  it('refuses a create without valid provenance or with fields of another kind, and writes nothing', async () => {
    const before = await graphCounts(db);
    const cases: [Record<string, unknown>, string][] = [
      [measureInput('ks.m.test.bad.1', { sources: [] }), 'sources'],
      [measureInput('ks.m.test.bad.2', { sources: [{ ...SOURCE, quote: 'Näitä sanoja ei ole asiakirjassa lainkaan' }] }), 'sources[0].quote'],
      [measureInput('ks.m.test.bad.3', { sources: [{ ...SOURCE, document: '999_0000000000000000.txt' }] }), 'sources[0].document'],
      [measureInput('ks.m.test.bad.4', { sources: [{ ...SOURCE, locator: '' }] }), 'sources[0].locator'],
      [{ ...measureInput('ks.m.test.bad.5'), kind: 'SUB_GOAL', spec: { dueYear: 2027 } }, 'spec.dueYear'],
      [measureInput('KS M Test', {}), 'id'],
      [measureInput('ks.m.test.bad.6', { regionId: 'no-such-region' }), 'regionId'],
      [measureInput('ks.m.test.bad.7', { spec: { dueYear: 1800 } }), 'spec.dueYear'],
      [measureInput('ks.m.test.bad.8', { confidence: 'INFERRED' }), 'rationale'],
      [{ ...measureInput('ks.region.test'), kind: 'REGION' }, 'kind'],
      [measureInput('ks.m.test.bad.9', { description: 'x'.repeat(30_000) }), 'description'],
    ];
    for (const [input, field] of cases) {
      const { errors } = await as(CREATE, { input });
      expect(errors?.[0].extensions, JSON.stringify(input).slice(0, 200)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await graphCounts(db)).toEqual(before);
  });

  it('is idempotent on the client id: the same create again writes nothing, another create with that id is a CONFLICT', async () => {
    const input = measureInput('ks.m.test.idem.1');
    expect((await as(CREATE, { input })).data.createNode.created).toBe(true);
    const again = await as(CREATE, { input });
    expect(again.errors).toBeUndefined();
    expect(again.data.createNode).toMatchObject({ created: false, node: { id: 'ks.m.test.idem.1', version: 1 } });
    const other = await as(CREATE, { input: { ...input, title: 'Eri otsikko' } });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', id: 'ks.m.test.idem.1', currentVersion: 1 });
    const [row] = await db.read<{ n: number }>(nodeCount, { id: 'ks.m.test.idem.1' });
    expect(row.n).toBe(1);
  });

  it('creates a node with its relations in the same transaction, within the relation rules and the region', async () => {
    const subGoal = { id: 'ks.sg.test.rel.1', kind: 'SUB_GOAL', regionId: 'ks', title: 'Testialatavoite', sources: [SOURCE], relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' }, { type: 'IN_SERVICE_LINE', to: 'ks.line.lanupe' }] };
    expect((await as(CREATE, { input: subGoal })).errors).toBeUndefined();
    const measure = measureInput('ks.m.test.rel.1', { relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.sg.test.rel.1' }, { type: 'RESPONSIBLE', to: 'ks.line.lanupe', confidence: 'INFERRED', rationale: 'Testi.' }] });
    expect((await as(CREATE, { input: measure })).errors).toBeUndefined();
    const trace = await as('{ trace(id: "ks.m.test.rel.1") { objectives { number } } measure: node(id: "ks.m.test.rel.1") { ... on Measure { responsible { id } contributesTo { id } } } }');
    expect(trace.data.trace.objectives.map((o: { number: number }) => o.number)).toEqual(expect.arrayContaining([1, 4]));
    expect(trace.data.measure).toEqual({ responsible: [{ id: 'ks.line.lanupe' }], contributesTo: [{ id: 'ks.sg.test.rel.1' }] });

    const before = await graphCounts(db);
    const wrongKind = await as(CREATE, { input: measureInput('ks.m.test.rel.2', { relations: [{ type: 'HAS_GOAL', to: 'ks.goal.kustannusvaikuttavuus' }] }) });
    expect(wrongKind.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relations[0].type' });
    const wrongTarget = await as(CREATE, { input: measureInput('ks.m.test.rel.3', { relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.line.lanupe' }] }) });
    expect(wrongTarget.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relations[0].to' });
    const missing = await as(CREATE, { input: measureInput('ks.m.test.rel.4', { relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.sg.no-such' }] }) });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'relations[0].to' });
    expect(await graphCounts(db)).toEqual(before);
  });

  it('refuses a relation across regions', async () => {
    const regions = (await as('{ regions { id } }')).data.regions.map((r: { id: string }) => r.id).filter((id: string) => id !== 'ks');
    if (regions.length === 0) return; // only one region seeded yet
    const other = regions[0];
    expect((await as(CREATE, { input: { ...measureInput(`${other}.m.test.cross.1`), regionId: other } })).errors).toBeUndefined();
    const { errors } = await as(LINK, { input: { from: `${other}.m.test.cross.1`, type: 'RESPONSIBLE', to: 'ks.line.lanupe' } });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(errors?.[0].message).toContain('crosses regions');
  });

  it('updates with the expected version, refuses a stale one with CONFLICT, and checks the result like a create', async () => {
    await as(CREATE, { input: measureInput('ks.m.test.upd.1', { spec: { dueYear: 2026 } }) });
    const ok = await as(UPDATE, { input: { id: 'ks.m.test.upd.1', expectedVersion: 1, title: 'Uusi otsikko', description: 'Kuvaus' } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateNode).toEqual({ id: 'ks.m.test.upd.1', title: 'Uusi otsikko', version: 2, description: 'Kuvaus' });
    const stale = await as(UPDATE, { input: { id: 'ks.m.test.upd.1', expectedVersion: 1, title: 'Myöhässä' } });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', id: 'ks.m.test.upd.1', expectedVersion: 1, currentVersion: 2 });
    // null clears an optional field; a spec field is set or cleared one by one
    const cleared = await as(`mutation ($input: UpdateNodeInput!) { updateNode(input: $input) { version description ... on Measure { dueYear dueText } } }`, { input: { id: 'ks.m.test.upd.1', expectedVersion: 2, description: null, spec: { dueYear: null, dueText: 'vuonna 2027' } } });
    expect(cleared.data.updateNode).toEqual({ version: 3, description: null, dueYear: null, dueText: 'vuonna 2027' });
    const invalid = await as(UPDATE, { input: { id: 'ks.m.test.upd.1', expectedVersion: 3, spec: { readiness: 9 } } });
    expect(invalid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spec.readiness' });
    const read = await as('{ node(id: "ks.m.test.upd.1") { version title } }');
    expect(read.data.node).toEqual({ version: 3, title: 'Uusi otsikko' });
    const missing = await as(UPDATE, { input: { id: 'ks.m.no-such', expectedVersion: 1, title: 'x' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lets exactly one of two editors with the same expected version win; the other gets CONFLICT', async () => {
    await as(CREATE, { input: measureInput('ks.m.test.race.1') });
    let version = 1;
    for (let round = 0; round < 10; round++) {
      const editors = Array.from({ length: round < 5 ? 2 : 5 }, (_, i) => as(UPDATE, { input: { id: 'ks.m.test.race.1', expectedVersion: version, title: `Kierros ${round} muokkaaja ${i}` } }));
      const results = await Promise.all(editors);
      const winners = results.filter((r) => !r.errors);
      const losers = results.filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers.every((r) => r.codes[0] === 'CONFLICT')).toBe(true);
      expect(winners[0].data.updateNode.version).toBe(version + 1);
      version += 1;
    }
    expect((await as('{ node(id: "ks.m.test.race.1") { version } }')).data.node.version).toBe(11);
  });

  it('deletes with the expected version, with the node\'s relations', async () => {
    await as(CREATE, { input: measureInput('ks.m.test.del.1', { relations: [{ type: 'RESPONSIBLE', to: 'ks.line.lanupe' }] }) });
    const stale = await as(DELETE, { id: 'ks.m.test.del.1', v: 7 });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    const before = await graphCounts(db);
    const ok = await as(DELETE, { id: 'ks.m.test.del.1', v: 1 });
    expect(ok.data.deleteNode).toEqual({ id: 'ks.m.test.del.1', relationsRemoved: 1 });
    expect(await graphCounts(db)).toEqual({ nodes: before.nodes - 1, relationships: before.relationships - 1 });
    const again = await as(DELETE, { id: 'ks.m.test.del.1', v: 1 });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('links and unlinks within the relation rules', async () => {
    await as(CREATE, { input: measureInput('ks.m.test.link.1') });
    const link = { from: 'ks.m.test.link.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus', sources: [SOURCE] };
    expect((await as(LINK, { input: link })).data.link).toEqual({ created: true, type: 'CONTRIBUTES_TO', from: { id: 'ks.m.test.link.1' }, to: { id: 'ks.goal.kustannusvaikuttavuus' } });
    expect((await as(LINK, { input: link })).data.link.created).toBe(false);
    const concurrent = await Promise.all(Array.from({ length: 4 }, () => as(LINK, { input: { ...link, type: 'RESPONSIBLE', to: 'ks.line.lanupe', sources: null } })));
    expect(concurrent.filter((r) => r.data?.link.created)).toHaveLength(1);
    const rels = await as('{ node(id: "ks.m.test.link.1") { outgoing { type node { id } } } }');
    expect(rels.data.node.outgoing).toHaveLength(2);
    const wrong = await as(LINK, { input: { from: 'ks.goal.kustannusvaikuttavuus', type: 'RESPONSIBLE', to: 'ks.m.test.link.1' } });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const inferred = await as(LINK, { input: { from: 'ks.m.test.link.1', type: 'INVOLVES', to: 'ks.line.lanupe', confidence: 'INFERRED' } });
    expect(inferred.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rationale' });
    expect((await as(UNLINK, { input: { from: 'ks.m.test.link.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } })).errors).toBeUndefined();
    const again = await as(UNLINK, { input: { from: 'ks.m.test.link.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } });
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const missing = await as(LINK, { input: { ...link, to: 'ks.goal.no-such' } });
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('adds an assessment in the target\'s region, on its scale', async () => {
    await as(CREATE, { input: measureInput('ks.m.test.assess.1') });
    const ADD = `mutation ($input: AddAssessmentInput!) { addAssessment(input: $input) { created node { id version region { id } ... on Assessment { rating scaleMax target { id } } } } }`;
    const input = { id: 'ks.assess.test.1', targetId: 'ks.m.test.assess.1', title: 'Arvio', assessmentType: 'READINESS', scaleMin: 1, scaleMax: 5, rating: 4, sources: [SOURCE] };
    const { data, errors } = await as(ADD, { input });
    expect(errors).toBeUndefined();
    expect(data.addAssessment).toEqual({ created: true, node: { id: 'ks.assess.test.1', version: 1, region: { id: 'ks' }, rating: 4, scaleMax: 5, target: { id: 'ks.m.test.assess.1' } } });
    const listed = await as('{ assessments(regionId: "ks", targetId: "ks.m.test.assess.1") { id } }');
    expect(listed.data.assessments).toEqual([{ id: 'ks.assess.test.1' }]);
    const outOfScale = await as(ADD, { input: { ...input, id: 'ks.assess.test.2', rating: 7 } });
    expect(outOfScale.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    const noTarget = await as(ADD, { input: { ...input, id: 'ks.assess.test.3', targetId: 'ks.m.no-such' } });
    expect(noTarget.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('adds observations to an indicator: checked with an expected version, all kept without one', async () => {
    await as(CREATE, { input: { id: 'ks.ind.test.1', kind: 'INDICATOR', regionId: 'ks', title: 'Testimittari', sources: [SOURCE], spec: { unit: '%', target: 50 } } });
    const ADD = `mutation ($id: ID!, $o: ObservationInput!, $v: Int) { addObservation(indicatorId: $id, observation: $o, expectedVersion: $v) { version observations { value period unit source { document quote } } } }`;
    const first = await as(ADD, { id: 'ks.ind.test.1', o: { value: 12.5, period: '2025', source: SOURCE }, v: 1 });
    expect(first.errors).toBeUndefined();
    expect(first.data.addObservation).toEqual({ version: 2, observations: [{ value: 12.5, period: '2025', unit: '%', source: { document: SOURCE.document, quote: SOURCE.quote } }] });
    const stale = await as(ADD, { id: 'ks.ind.test.1', o: { value: 13, period: '2026', source: SOURCE }, v: 1 });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const parallel = await Promise.all([1, 2, 3, 4, 5].map((i) => as(ADD, { id: 'ks.ind.test.1', o: { value: i, period: `2026-0${i}`, source: SOURCE } })));
    expect(parallel.every((r) => !r.errors)).toBe(true);
    const read = await as('{ node(id: "ks.ind.test.1") { version ... on Indicator { observations { period } } } }');
    expect(read.data.node.version).toBe(7);
    expect(read.data.node.observations).toHaveLength(6);
    const badQuote = await as(ADD, { id: 'ks.ind.test.1', o: { value: 1, period: '2027', source: { ...SOURCE, quote: 'ei lähteessä ollenkaan tätä' } } });
    expect(badQuote.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'observation.quote' });
    const notIndicator = await as(ADD, { id: 'ks.line.lanupe', o: { value: 1, period: '2027', source: SOURCE } });
    expect(notIndicator.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    // a counted slide and a period that is a reading are kept as such; a reading needs its rationale
    const FLAGS = `mutation ($o: ObservationInput!) { addObservation(indicatorId: "ks.ind.test.1", observation: $o) { observations { period periodInferred rationale source { locatorInferred } } } }`;
    const noReason = await as(FLAGS, { o: { value: 2, period: '2027-H2', periodInferred: true, source: { ...SOURCE, locatorInferred: true } } });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'observation.rationale' });
    const flagged = await as(FLAGS, { o: { value: 2, period: '2027-H2', periodInferred: true, rationale: 'raportointikausi', source: { ...SOURCE, locatorInferred: true } } });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data.addObservation.observations.find((o: any) => o.period === '2027-H2')).toEqual({ period: '2027-H2', periodInferred: true, rationale: 'raportointikausi', source: { locatorInferred: true } });
  });

  it('gives seed nodes a version; a seed reload keeps API nodes and bumps only what it changes', async () => {
    const read = async (id: string) => (await as(`{ node(id: "${id}") { version origin title } }`)).data.node;
    const seedNode = await read('ks.goal.kustannusvaikuttavuus');
    expect(seedNode.origin).toBe('SEED');
    expect(seedNode.version).toBeGreaterThanOrEqual(1);
    // An editor changes a seed node; the reload restores the files' words as a new version.
    const edited = await as(UPDATE, { input: { id: 'ks.goal.kustannusvaikuttavuus', expectedVersion: seedNode.version, title: 'Muokattu' } });
    expect(edited.data.updateNode.version).toBe(seedNode.version + 1);
    await seedDatabase(db);
    expect(await read('ks.goal.kustannusvaikuttavuus')).toEqual({ ...seedNode, version: seedNode.version + 2 });
    expect((await read('ks.m.test.create.1')).origin).toBe('API');
    const untouched = await read('ks.line.lanupe');
    await seedDatabase(db);
    expect(await read('ks.line.lanupe')).toEqual(untouched);
  });
});
