/**
 * The change history on the real database: every kind of write leaves exactly its records; a
 * refused or failed write leaves none; records follow commit order; versions read back and revert
 * exactly; diff between two instants; records survive a seed reload; pages by cursor; loaders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { seedDatabase } from '../src/seeds/index.js';
import { startServer } from '../src/server.js';
import { seededDatabase } from './support/db.js';
import { CREATE, DELETE, EDITOR, gqlAs, LINK, measureInput, SOURCE, UNLINK, UPDATE } from './support/secure.js';

const recordsOf = cypher('testChangeRecordsOf', `
MATCH (c:ChangeRecord) WHERE c.nodeId = $id OR c.fromId = $id OR c.toId = $id
RETURN c.seq AS seq, c.target AS target, c.change AS change, c.operation AS operation, c.actor AS actor, c.fields AS fields,
  c.before AS before, c.after AS after, c.version AS version, c.relType AS type ORDER BY c.seq`);
const countRecords = cypher('testCountChangeRecords', `
MATCH (c:ChangeRecord) RETURN count(c) AS all,
  count(CASE WHEN c.target = 'NODE' AND c.change = 'CREATE' THEN 1 END) AS nodeCreates,
  count(CASE WHEN c.target = 'RELATION' AND c.change = 'CREATE' THEN 1 END) AS relationCreates`);
const countGraphRaw = cypher('testCountEntities', 'CALL () { MATCH (n:Entity) RETURN count(n) AS nodes } CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS rels } RETURN nodes, rels');
const dbNow = cypher('testDatabaseNow', 'RETURN toString(datetime.realtime()) AS now');

const HISTORY = `query ($id: ID!, $first: Int, $after: String) { history(id: $id, first: $first, after: $after) {
  edges { cursor node { sequence at actor role operation change target nodeId kind version relation { from type to } fields { field before after } } }
  pageInfo { hasNextPage endCursor } } }`;

describe('change history', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  const as = (query: string, variables: Record<string, unknown> = {}) => gqlAs(db, EDITOR, query, variables);
  const records = (id: string) => db.read<{ seq: number; target: string; change: string; operation: string; actor: string; fields: string[]; before: string; after: string; version: number | null; type: string | null }>(recordsOf, { id });
  const total = async () => (await db.read<{ all: number; nodeCreates: number; relationCreates: number }>(countRecords))[0];
  const now = async () => (await db.read<{ now: string }>(dbNow))[0].now;

  it('a first seed load records one creation per node and per relation, by "seed"; a reload that changes nothing records nothing', async () => {
    const [graph] = await db.read<{ nodes: number; rels: number }>(countGraphRaw);
    const counts = await total();
    expect(counts.nodeCreates).toBe(graph.nodes);
    expect(counts.relationCreates).toBe(graph.rels);
    expect(counts.all).toBe(graph.nodes + graph.rels);
    const [first] = await records('ks.goal.kustannusvaikuttavuus');
    expect(first).toMatchObject({ target: 'NODE', change: 'CREATE', operation: 'seedDatabase', actor: 'seed', version: 1 });
    expect(JSON.parse(first.after).title).toBeTypeOf('string');
    const { report } = await seedDatabase(db);
    expect(report.changesRecorded).toBe(0);
    expect((await total()).all).toBe(counts.all);
  });

  it('createNode records the node and its relations once; the same create again records nothing', async () => {
    const input = measureInput('ks.m.hist.1', { relations: [{ type: 'RESPONSIBLE', to: 'ks.line.lanupe' }] });
    expect((await as(CREATE, { input })).data.createNode.created).toBe(true);
    expect((await as(CREATE, { input })).data.createNode.created).toBe(false);
    const rows = await records('ks.m.hist.1');
    expect(rows.map((r) => [r.target, r.change, r.operation, r.actor])).toEqual([
      ['NODE', 'CREATE', 'createNode', 'test editor'],
      ['RELATION', 'CREATE', 'createNode', 'test editor'],
    ]);
    expect(JSON.parse(rows[0].after)).toMatchObject({ title: 'Testitoimenpide ks.m.hist.1', kind: 'MEASURE', regionId: 'ks' });
    expect(rows[0].before).toBe('{}');
    expect(rows[1].type).toBe('RESPONSIBLE');
  });

  it('updateNode records only the fields it changed, word for word; refused writes record nothing', async () => {
    const before = (await total()).all;
    const stale = await as(UPDATE, { input: { id: 'ks.m.hist.1', expectedVersion: 7, title: 'Ei näin' } });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const bad = await as(UPDATE, { input: { id: 'ks.m.hist.1', expectedVersion: 1, sources: [{ ...SOURCE, quote: 'sanoja joita asiakirjassa ei ole' }] } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const missingTarget = await as(CREATE, { input: measureInput('ks.m.hist.bad', { relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.sg.no-such' }] }) });
    expect(missingTarget.errors).toBeDefined();
    expect((await total()).all).toBe(before);

    const ok = await as(UPDATE, { input: { id: 'ks.m.hist.1', expectedVersion: 1, title: 'Uusi otsikko', description: 'Kuvaus' } });
    expect(ok.errors).toBeUndefined();
    const last = (await records('ks.m.hist.1')).at(-1)!;
    expect(last).toMatchObject({ target: 'NODE', change: 'UPDATE', operation: 'updateNode', version: 2, fields: ['description', 'title'] });
    expect(JSON.parse(last.before)).toEqual({ title: 'Testitoimenpide ks.m.hist.1' });
    expect(JSON.parse(last.after)).toEqual({ title: 'Uusi otsikko', description: 'Kuvaus' });
    expect((await total()).all).toBe(before + 1);
  });

  it('reads every version back and reverts to one exactly, as a new recorded version', async () => {
    const v1 = await as('{ nodeVersion(id: "ks.m.hist.1", version: 1) { version title change { operation actor } fields { field value } } }');
    expect(v1.data.nodeVersion).toMatchObject({ version: 1, title: 'Testitoimenpide ks.m.hist.1', change: { operation: 'createNode', actor: 'test editor' } });
    expect(v1.data.nodeVersion.fields.find((f: { field: string }) => f.field === 'description')).toBeUndefined();
    expect((await as('{ nodeVersion(id: "ks.m.hist.1", version: 9) { version } }')).data.nodeVersion).toBeNull();

    const staleRevert = await as('mutation { revertNode(id: "ks.m.hist.1", toVersion: 1, expectedVersion: 1) { version } }');
    expect(staleRevert.errors?.[0].extensions?.code).toBe('CONFLICT');
    const reverted = await as('mutation { revertNode(id: "ks.m.hist.1", toVersion: 1, expectedVersion: 2) { version title description } }');
    expect(reverted.errors).toBeUndefined();
    expect(reverted.data.revertNode).toEqual({ version: 3, title: 'Testitoimenpide ks.m.hist.1', description: null });
    const v1Fields = Object.fromEntries(v1.data.nodeVersion.fields.map((f: { field: string; value: string }) => [f.field, f.value]));
    const v3 = await as('{ nodeVersion(id: "ks.m.hist.1", version: 3) { fields { field value } } }');
    const v3Fields = Object.fromEntries(v3.data.nodeVersion.fields.map((f: { field: string; value: string }) => [f.field, f.value]));
    for (const k of ['title', 'sources', 'sourceQuotes', 'kind', 'regionId']) if (k in v1Fields) expect(v3Fields[k], k).toBe(v1Fields[k]);
    expect(v3Fields.description).toBeUndefined();
    const last = (await records('ks.m.hist.1')).at(-1)!;
    expect(last).toMatchObject({ operation: 'revertNode', version: 3, fields: ['description', 'title'] });
  });

  it('link, unlink, addObservation and deleteNode each leave their records; delete records the relations it removed', async () => {
    await as(LINK, { input: { from: 'ks.m.hist.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } });
    await as(LINK, { input: { from: 'ks.m.hist.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } }); // exists: nothing
    await as(UNLINK, { input: { from: 'ks.m.hist.1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } });
    const del = await as(DELETE, { id: 'ks.m.hist.1', v: 3 });
    expect(del.errors).toBeUndefined();
    const rows = await records('ks.m.hist.1');
    expect(rows.slice(-4).map((r) => [r.target, r.change, r.operation, r.type])).toEqual([
      ['RELATION', 'CREATE', 'link', 'CONTRIBUTES_TO'],
      ['RELATION', 'DELETE', 'unlink', 'CONTRIBUTES_TO'],
      ['NODE', 'DELETE', 'deleteNode', null],
      ['RELATION', 'DELETE', 'deleteNode', 'RESPONSIBLE'],
    ]);
    expect(JSON.parse(rows.at(-2)!.before).title).toBe('Testitoimenpide ks.m.hist.1');

    await as(CREATE, { input: { id: 'ks.ind.hist.1', kind: 'INDICATOR', regionId: 'ks', title: 'Historiamittari', sources: [SOURCE], spec: { unit: '%' } } });
    const ADD = `mutation ($o: ObservationInput!) { addObservation(indicatorId: "ks.ind.hist.1", observation: $o) { version } }`;
    await as(ADD, { o: { value: 5, period: '2025', source: SOURCE } });
    const obs = (await records('ks.ind.hist.1')).at(-1)!;
    expect(obs).toMatchObject({ change: 'UPDATE', operation: 'addObservation', version: 2 });
    expect(obs.fields.length).toBeGreaterThan(0);
  });

  it('concurrent editors: records are in commit order (each record starts from the state the one before it left)', async () => {
    const ADD = `mutation ($o: ObservationInput!) { addObservation(indicatorId: "ks.ind.hist.1", observation: $o) { version } }`;
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => as(ADD, { o: { value: i, period: `2026-0${i}`, source: SOURCE } })));
    expect(results.every((r) => !r.errors)).toBe(true);
    const rows = (await records('ks.ind.hist.1')).filter((r) => r.operation === 'addObservation');
    expect(rows.map((r) => r.version)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < rows.length; i++) {
      const observationsField = rows[i].fields.find((f) => /observation/i.test(f));
      expect(observationsField).toBeDefined();
      expect(JSON.parse(rows[i].before)[observationsField!]).toEqual(JSON.parse(rows[i - 1].after)[observationsField!]);
    }
    const seqs = rows.map((r) => r.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('history pages newest first by cursor; Node.history goes through one loader round trip for many nodes', async () => {
    const page1 = await as(HISTORY, { id: 'ks.ind.hist.1', first: 3 });
    expect(page1.errors).toBeUndefined();
    const h1 = page1.data.history;
    expect(h1.edges).toHaveLength(3);
    expect(h1.pageInfo.hasNextPage).toBe(true);
    const page2 = await as(HISTORY, { id: 'ks.ind.hist.1', first: 100, after: h1.pageInfo.endCursor });
    const all = [...h1.edges, ...page2.data.history.edges].map((e: { node: { sequence: number } }) => e.node.sequence);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(8); // the creation, one observation, six concurrent ones
    expect(page2.data.history.pageInfo.hasNextPage).toBe(false);
    const bad = await as(HISTORY, { id: 'ks.ind.hist.1', after: 'not-a-cursor' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const ids = ['ks.goal.kustannusvaikuttavuus', 'ks.line.lanupe', 'ks.ind.hist.1', 'ks.objective.1'];
    const many = await as(`{ nodes(ids: ${JSON.stringify(ids)}) { id history(first: 2) { edges { node { change operation } } } } }`);
    expect(many.errors).toBeUndefined();
    expect(many.data.nodes.filter(Boolean).every((n: { history: { edges: unknown[] } }) => n.history.edges.length > 0)).toBe(true);
    expect(many.roundTrips).toBe(2);
  });

  it('changes filters a region by actor, kinds and time; diff tells what was added, removed and changed between two instants', async () => {
    const t0 = await now();
    await as(CREATE, { input: measureInput('ks.m.hist.added', { relations: [{ type: 'RESPONSIBLE', to: 'ks.line.lanupe' }] }) });
    await as(CREATE, { input: measureInput('ks.m.hist.gone') });
    await as(UPDATE, { input: { id: 'ks.m.hist.added', expectedVersion: 1, title: 'Lisätty ja muutettu' } });
    const target = await as('{ node(id: "ks.goal.kustannusvaikuttavuus") { version title } }');
    await as(UPDATE, { input: { id: 'ks.goal.kustannusvaikuttavuus', expectedVersion: target.data.node.version, description: 'Uusi kuvaus' } });
    await as(LINK, { input: { from: 'ks.m.hist.added', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } });
    const t1 = await now();
    await as(DELETE, { id: 'ks.m.hist.gone', v: 1 });
    await as(UNLINK, { input: { from: 'ks.m.hist.added', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' } });
    const t2 = await now();

    const DIFF = `query ($from: String!, $to: String!) { diff(regionId: "ks", from: $from, to: $to) {
      changeCount nodesAdded { id title } nodesRemoved { id } nodesChanged { id fields { field before after } }
      relationsAdded { from type to } relationsRemoved { from type to } relationsChanged { from } } }`;
    const d1 = (await as(DIFF, { from: t0, to: t1 })).data.diff;
    expect(d1.nodesAdded.map((n: { id: string }) => n.id)).toEqual(['ks.m.hist.added', 'ks.m.hist.gone']);
    expect(d1.nodesAdded[0].title).toBe('Lisätty ja muutettu');
    expect(d1.nodesRemoved).toEqual([]);
    expect(d1.nodesChanged).toEqual([{ id: 'ks.goal.kustannusvaikuttavuus', fields: [{ field: 'description', before: null, after: '"Uusi kuvaus"' }] }]);
    expect(d1.relationsAdded).toEqual([
      { from: 'ks.m.hist.added', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' },
      { from: 'ks.m.hist.added', type: 'RESPONSIBLE', to: 'ks.line.lanupe' },
    ]);
    const d2 = (await as(DIFF, { from: t1, to: t2 })).data.diff;
    expect(d2.nodesRemoved).toEqual([{ id: 'ks.m.hist.gone' }]);
    expect(d2.relationsRemoved).toEqual([{ from: 'ks.m.hist.added', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus' }]);
    expect(d2.nodesAdded).toEqual([]);
    // Across both: the link came and went, the node came and went: neither is in the diff.
    const d3 = (await as(DIFF, { from: t0, to: t2 })).data.diff;
    expect(d3.nodesAdded.map((n: { id: string }) => n.id)).toEqual(['ks.m.hist.added']);
    expect(d3.relationsAdded).toEqual([{ from: 'ks.m.hist.added', type: 'RESPONSIBLE', to: 'ks.line.lanupe' }]);
    expect(d3.nodesRemoved).toEqual([]);
    expect(d3.relationsRemoved).toEqual([]);

    const CHANGES = `query ($since: String, $until: String, $actor: String, $kinds: [NodeKind!]) { changes(regionId: "ks", since: $since, until: $until, actor: $actor, kinds: $kinds, first: 50) { edges { node { operation actor kind nodeId } } } }`;
    const sinceT1 = (await as(CHANGES, { since: t1 })).data.changes.edges.map((e: { node: { operation: string } }) => e.node.operation);
    expect(sinceT1).toEqual(['unlink', 'deleteNode']);
    const goals = (await as(CHANGES, { since: t0, until: t2, kinds: ['STRATEGY_GOAL'] })).data.changes.edges;
    expect(goals.map((e: { node: { nodeId: string } }) => e.node.nodeId)).toEqual(['ks.goal.kustannusvaikuttavuus']);
    expect((await as(CHANGES, { since: t0, actor: 'seed' })).data.changes.edges).toEqual([]);
    const badDate = await as(CHANGES, { since: 'eilen' });
    expect(badDate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
  });

  it('records survive a seed reload, which records its own restoring of API-edited seed words', async () => {
    const before = (await total()).all;
    const { report } = await seedDatabase(db);
    const after = (await total()).all;
    expect(after).toBe(before + report.changesRecorded);
    expect(report.changesRecorded).toBe(1); // the goal's description, put back to the files' words
    const last = (await records('ks.goal.kustannusvaikuttavuus')).at(-1)!;
    expect(last).toMatchObject({ change: 'UPDATE', operation: 'seedDatabase', actor: 'seed', fields: ['description'] });
    expect(JSON.parse(last.before)).toEqual({ description: 'Uusi kuvaus' });
  });

  it('exports a region\'s change log as CSV, one row per changed field with the words before and after', async () => {
    const server = await startServer({ db, dbDescription: 'test database', port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${server.url.replace(/\/graphql$/, '')}/changes.csv?regionId=ks&since=2020-01-01`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const body = await res.text();
      const lines = body.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('Aika (UTC);Tekijä;Rooli;Toiminto;Muutos;Kohde;Tunniste;Laji;Kenttä;Ennen;Jälkeen');
      expect(lines.some((l) => l.includes(';test editor;editor;updateNode;muutettu;solmu;ks.m.hist.added;MEASURE;title;Testitoimenpide ks.m.hist.added;Lisätty ja muutettu'))).toBe(true);
      expect(lines.some((l) => l.includes(';unlink;poistettu;suhde;ks.m.hist.added -[CONTRIBUTES_TO]-> ks.goal.kustannusvaikuttavuus;'))).toBe(true);
      const bad = await fetch(`${server.url.replace(/\/graphql$/, '')}/changes.csv?regionId=ks&since=eilen`);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('since');
    } finally {
      await server.stop();
    }
  });

  it('no operation of the API writes or removes records', async () => {
    const { data } = await as('{ __schema { mutationType { fields { name } } } }');
    const names = data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n: string) => /change|history|record/i.test(n))).toEqual([]);
  });
});
