/**
 * Issue 18's curation pass, on the real database: the matrix's evidence and its confirmation by an
 * editor; provenance flags on observations, periods, due dates and a sic; the indicators of a
 * region as a query and as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import type { RunningServer } from '../src/server.js';
import { seedDatabase } from '../src/seeds/index.js';
import { graphql, seededServer } from './support/db.js';
import { EDITOR, gqlAs, READER } from './support/secure.js';

const MATRIX = `{ servicePathMatrix(regionId: "ks") { rows { path { id version sources { locator locatorInferred } }
  cells { column { id } involved confidence rationale score evidence { id } runnerUp { id } runnerUpScore weak confirmedBy confirmedAt inferredRationale } } } }`;
const CONFIRM = `mutation ($p: ID!, $c: ID!, $v: Int) { confirmMatrixCell(pathId: $p, columnId: $c, expectedVersion: $v) {
  confirmed path { id version } cell { column { id } confidence rationale confirmedBy confirmedAt inferredRationale score weak } } }`;
const cellRel = cypher('testMatrixCell', 'MATCH (:ServicePath {id: $p})-[r:HAS_PARTICIPANT]->(:Entity {id: $c}) RETURN properties(r) AS r');

describe('the curation pass', () => {
  let db: Database;
  let server: RunningServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, server, close } = await seededServer());
  });
  afterAll(() => close());

  it('serves every inferred matrix cell with its score, evidence, runner-up and weak flag; the matrix is on slide 30, counted', async () => {
    const { data, errors } = await graphql(db, MATRIX);
    expect(errors).toBeUndefined();
    const rows = data.servicePathMatrix.rows;
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.path.sources[0]).toEqual({ locator: 'slide 30', locatorInferred: true });
      for (const c of r.cells.filter((x: any) => x.involved)) {
        expect(c.confidence).toBe('INFERRED');
        expect(c.score).toEqual(expect.any(Number));
        expect(c.runnerUp).not.toBeNull();
        expect(c.score).toBeGreaterThanOrEqual(c.runnerUpScore);
        if (c.weak) expect(c.rationale).toMatch(/^Heikko päättely/);
        else expect(c.score).toBeGreaterThan(c.runnerUpScore);
      }
      for (const c of r.cells.filter((x: any) => !x.involved)) expect(c).toMatchObject({ score: null, evidence: [], weak: false });
    }
    // path 4: the measure that founds the strong-support housing unit is evidence for Työikäiset
    const row4 = rows.find((r: any) => r.path.id === 'ks.path.4');
    const tyoikaiset = row4.cells.find((c: any) => c.column.id === 'ks.line.tyoikaiset');
    expect(tyoikaiset.evidence.map((n: any) => n.id)).toContain('ks.m.tyoikaiset.kv.03');
    // no Vammaiset measure backs Arkikuntoutus: not a cell any more
    expect(rows[0].cells.find((c: any) => c.column.id === 'ks.line.vammaiset').involved).toBe(false);
  });

  it('lets an editor confirm a cell: STATED, who and when; a reader may not; a reload keeps it', async () => {
    const p = 'ks.path.3';
    const c = 'ks.line.terveys';
    const before = (await graphql(db, MATRIX)).data.servicePathMatrix.rows.find((r: any) => r.path.id === p);
    const version = before.path.version;

    const refused = await gqlAs(db, READER, CONFIRM, { p, c, v: version });
    expect(refused.codes).toEqual(['FORBIDDEN']);
    expect((await db.read<{ r: any }>(cellRel, { p, c }))[0].r.confidence).toBe('INFERRED');

    const stale = await gqlAs(db, EDITOR, CONFIRM, { p, c, v: version + 5 });
    expect(stale.codes).toEqual(['CONFLICT']);
    const notACell = await gqlAs(db, EDITOR, CONFIRM, { p, c: 'ks.line.vammaiset', v: version });
    expect(notACell.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'columnId' });
    expect(notACell.errors?.[0].message).toContain('its cells are ks.line.tyoikaiset, ks.line.ikaantyneet, ks.line.terveys');

    const { data, errors } = await gqlAs(db, EDITOR, CONFIRM, { p, c, v: version });
    expect(errors).toBeUndefined();
    const cell = data.confirmMatrixCell.cell;
    expect(data.confirmMatrixCell).toMatchObject({ confirmed: true, path: { id: p, version: version + 1 } });
    expect(cell).toMatchObject({ column: { id: c }, confidence: 'STATED', rationale: null, confirmedBy: EDITOR.subject, weak: true });
    expect(Date.parse(cell.confirmedAt)).not.toBeNaN();
    expect(cell.inferredRationale).toMatch(/^Heikko päättely/);

    const again = await gqlAs(db, EDITOR, CONFIRM, { p, c });
    expect(again.data.confirmMatrixCell).toMatchObject({ confirmed: false, cell: { confirmedAt: cell.confirmedAt } });

    await seedDatabase(db);
    const [stored] = await db.read<{ r: any }>(cellRel, { p, c });
    expect(stored.r).toMatchObject({ confidence: 'STATED', confirmedBy: EDITOR.subject, confirmedAt: cell.confirmedAt, origin: 'api' });
  });

  it('says which observation slides were counted and which periods, values, due dates and targets are readings; flags the sic', async () => {
    const { data, errors } = await graphql(db, `{
      kirjaus: node(id: "ks.ind.toimeenpano.kirjaamiskattavuus") { ... on Indicator { observations { period periodInferred source { locator locatorInferred } } } }
      kotiutus: node(id: "ks.ind.toimeenpano.kotiutuminen-omaan-kotiin") { ... on Indicator { observations { period periodInferred valueInferred rationale } } }
      huoli: node(id: "ks.ind.toimeenpano.huoli-ilmoitusten-reagointiaika") { ... on Indicator { observations { valueInferred rationale } } }
      asuminen: node(id: "ks.ind.tyoikaiset.kv.tuettu-asuminen") { description ... on Indicator { target targetIsChange targetRationale } }
      arvio: node(id: "lu.assess.lanupe.kohdennetut.2") { ... on Assessment { text period periodInferred periodRationale } }
      plan: node(id: "lu.prog.palvelustrategia") { ... on Programme { period periodInferred } }
      laitos: node(id: "ks.m.ikaantyneet.uud.03") { ... on Measure { dueDate dueText dueDateInferred dueRationale } }
      linjaukset: node(id: "ks.prog.sote-jarjestamisen-linjaukset") { sources { quote sic note } }
      ihmis: node(id: "ks.sf.ihmislahtoiset-palvelut") { outgoing(types: ["HAS_GOAL"]) { confidence rationale node { id } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.kirjaus.observations.every((o: any) => o.source.locatorInferred && !o.periodInferred)).toBe(true);
    expect(data.kotiutus.observations[0]).toMatchObject({ period: '2025-H2', periodInferred: true, valueInferred: false, rationale: expect.stringContaining('07-12/2025') });
    expect(data.huoli.observations[0]).toMatchObject({ valueInferred: true, rationale: expect.stringContaining('yläraja') });
    expect(data.asuminen).toMatchObject({ target: 28, targetIsChange: true, description: 'lisäämme asumispalveluissa kotiin vietävää tuetun asumisen palvelua 28 % vuoden 2025 tasosta' });
    expect(data.arvio.text).toContain('tieto- ja neuvontakeskuksen');
    expect(data.arvio).toMatchObject({ period: '2024/2025', periodInferred: true, periodRationale: expect.stringContaining('ei ole painettu') });
    expect(data.plan).toEqual({ period: '2024/2025', periodInferred: true });
    expect(data.laitos).toMatchObject({ dueDate: '2026-12', dueText: 'Laitoshoidosta luovutaan 2026 aikana', dueDateInferred: true });
    const sic = data.linjaukset.sources.find((s: any) => s.sic);
    expect(sic).toMatchObject({ sic: '9.12.2026', quote: expect.stringContaining('9.12.2026'), note: expect.stringContaining('9.12.2025') });
    expect(data.linjaukset.sources.filter((s: any) => !s.sic).every((s: any) => s.note === null)).toBe(true);
    expect(data.ihmis.outgoing).toEqual([expect.objectContaining({ confidence: 'INFERRED', rationale: expect.any(String), node: { id: 'ks.goal.kustannusvaikuttavuus' } })]);
  });

  it('lists a region\'s indicators with targets and observations, filtered by service line and programme, in a constant number of round trips', async () => {
    const Q = `query ($r: ID!, $l: ID, $p: ID) { indicators(regionId: $r, serviceLineId: $l, programmeId: $p) {
      id target unit population observations { value period } measures { id } } }`;
    const all = await graphql(db, Q, { r: 'ks' });
    expect(all.errors).toBeUndefined();
    const ids = all.data.indicators.map((i: any) => i.id);
    expect(ids.length).toBeGreaterThan(40);
    expect([...ids].sort()).toEqual(ids);
    expect(all.roundTrips).toBeLessThanOrEqual(3);

    const line = (await graphql(db, Q, { r: 'ks', l: 'ks.line.tyoikaiset' })).data.indicators.map((i: any) => i.id);
    expect(line).toContain('ks.ind.tyoikaiset.kv.tuettu-asuminen');
    expect(line).not.toContain('ks.ind.toimeenpano.kirjaamiskattavuus');
    expect(line.every((id: string) => ids.includes(id))).toBe(true);

    const prog = (await graphql(db, Q, { r: 'ks', p: 'ks.prog.tieto-ohjelma' })).data.indicators;
    expect(prog.map((i: any) => i.id)).toContain('ks.ind.toimeenpano.kirjaamiskattavuus');
    expect(prog.find((i: any) => i.id === 'ks.ind.toimeenpano.kirjaamiskattavuus')).toMatchObject({ target: 94, unit: '%', observations: [{ value: 96.3, period: '2025' }, { value: 98.4, period: '2025-12' }] });
    expect(prog.map((i: any) => i.id)).not.toContain('ks.ind.tyoikaiset.kv.tuettu-asuminen');

    const both = (await graphql(db, Q, { r: 'ks', l: 'ks.line.tyoikaiset', p: 'ks.prog.tieto-ohjelma' })).data.indicators;
    expect(both).toEqual([]);
    for (const [vars, id] of [[{ r: 'nope' }, 'nope'], [{ r: 'ks', l: 'ks.prog.tieto-ohjelma' }, 'ks.prog.tieto-ohjelma'], [{ r: 'ks', p: 'no.such' }, 'no.such']] as const) {
      const { errors } = await graphql(db, Q, vars);
      expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', ids: [id] });
    }
  });

  it('exports the same indicators as CSV, one row per observation, with their provenance flags', async () => {
    const { data } = await graphql(db, '{ indicators(regionId: "ks", programmeId: "ks.prog.tieto-ohjelma") { id observations { value } } }');
    const res = await fetch(`${server.url}/indicators.csv?regionId=ks&programmeId=ks.prog.tieto-ohjelma`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    const head = lines[0].split(';');
    expect(head.slice(0, 4)).toEqual(['Tunniste', 'Nimi', 'Alue', 'Tavoite']);
    const expected = data.indicators.flatMap((i: any) => (i.observations.length ? i.observations.map(() => i.id) : [i.id]));
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(expected);
    const kirjaus = lines.find((l) => l.startsWith('ks.ind.toimeenpano.kirjaamiskattavuus;') && l.includes(';96,3;'))!.split(';');
    expect(kirjaus[head.indexOf('Tavoite')]).toBe('94');
    expect(kirjaus[head.indexOf('Sijainti laskettu')]).toBe('kyllä');
    expect((await fetch(`${server.url}/indicators.csv?regionId=nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/indicators.csv`)).status).toBe(400);
  });
});
