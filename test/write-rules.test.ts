/**
 * Writes under one set of rules (the outside test's medium findings): imports keep kinds, regions
 * and versions as updateNode does and never touch a Region; deleteNode refuses a node others depend
 * on unless asked to cascade, and the loser of two concurrent deletes gets NOT_FOUND; quotes must
 * hold words; text refuses control characters and bidi overrides; CSV cells cannot start formulas.
 * The change history agrees: a refused write records nothing, a cascade records what it removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.js';
import { cell, impactCsv } from '../src/http/impact-csv.js';
import { forbiddenCharacter, thinQuote } from '../src/model/text.js';
import { measureYaml } from './support/bundle.js';
import { graphCounts, seededDatabase } from './support/db.js';
import { CREATE, EDITOR, gqlAs, LINK, measureInput, SOURCE } from './support/secure.js';

const IMPORT = `mutation ($files: [SeedFileInput!]!, $dryRun: Boolean, $expectedVersions: [ExpectedVersionInput!]) {
  importSeedBundle(files: $files, dryRun: $dryRun, expectedVersions: $expectedVersions) { written nodesCreated problems { file line field message } }
}`;
const HISTORY = `query ($id: ID!) { history(id: $id, first: 200) { edges { node { sequence operation change target nodeId relation { from type to } } } } }`;
const DELETE = `mutation ($id: ID!, $v: Int!, $cascade: Boolean) { deleteNode(id: $id, expectedVersion: $v, cascade: $cascade) { id relationsRemoved dependents orphaned } }`;

describe('write rules', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());
  const as = (query: string, variables: Record<string, unknown>) => gqlAs(db, EDITOR, query, variables);
  type Rec = { sequence: number; operation: string; change: string; target: string; nodeId: string | null; relation: { from: string; type: string; to: string } | null };
  const history = async (id: string): Promise<Rec[]> => (await gqlAs(db, null, HISTORY, { id })).data.history.edges.map((e: { node: Rec }) => e.node);
  const version = async (id: string) => (await gqlAs(db, null, `{ node(id: "${id}") { version kind region { id } } }`)).data.node;

  describe('importSeedBundle', () => {
    it('needs the current version of a node it updates, or answers CONFLICT and writes nothing', async () => {
      const files = [{ name: 'v.yaml', text: measureYaml('ks.m.rules.v1') }];
      expect((await as(IMPORT, { files })).data.importSeedBundle).toMatchObject({ written: true, nodesCreated: 1 });
      const changed = [{ name: 'v.yaml', text: measureYaml('ks.m.rules.v1', 'Toisen editorin otsikko') }];
      const before = await graphCounts(db);
      const missing = await as(IMPORT, { files: changed });
      expect(missing.codes).toEqual(['CONFLICT']);
      expect(missing.errors?.[0].extensions).toMatchObject({ id: 'ks.m.rules.v1', currentVersion: 1 });
      const stale = await as(IMPORT, { files: changed, expectedVersions: [{ id: 'ks.m.rules.v1', version: 7 }] });
      expect(stale.codes).toEqual(['CONFLICT']);
      expect(stale.errors?.[0].extensions).toMatchObject({ expectedVersion: 7, currentVersion: 1 });
      expect(await graphCounts(db)).toEqual(before);
      expect((await version('ks.m.rules.v1')).version).toBe(1);
      const dry = await as(IMPORT, { files: changed, dryRun: true });
      expect(dry.data.importSeedBundle.problems).toEqual([expect.objectContaining({ file: 'v.yaml', field: 'expectedVersions' })]);
      // The refusals and the dry run recorded nothing: only the first import's creation.
      expect((await history('ks.m.rules.v1')).filter((r) => r.target === 'NODE')).toEqual([expect.objectContaining({ operation: 'importSeedBundle', change: 'CREATE', nodeId: 'ks.m.rules.v1' })]);
      const ok = await as(IMPORT, { files: changed, expectedVersions: [{ id: 'ks.m.rules.v1', version: 1 }] });
      expect(ok.data.importSeedBundle.written).toBe(true);
      expect((await version('ks.m.rules.v1')).version).toBe(2);
      expect((await history('ks.m.rules.v1')).filter((r) => r.target === 'NODE').map((r) => `${r.operation} ${r.change}`)).toEqual(['importSeedBundle UPDATE', 'importSeedBundle CREATE']);
    });

    it('refuses to change a kind or a region, or to touch a Region', async () => {
      await as(IMPORT, { files: [{ name: 'k.yaml', text: measureYaml('ks.m.rules.k1') }] });
      const recorded = await history('ks.m.rules.k1');
      const ksLatest = (await history('ks'))[0]?.sequence;
      const asPartner = `apiVersion: strategygraph/v1
kind: Partner
metadata:
  id: ks.m.rules.k1
  region: ks
  title: Kumppani
sources:
  - document: ${SOURCE.document}
    locator: ${SOURCE.locator}
    quote: ${SOURCE.quote}
`;
      const kind = await as(IMPORT, { files: [{ name: 'k.yaml', text: asPartner }], expectedVersions: [{ id: 'ks.m.rules.k1', version: 1 }] });
      expect(kind.data.importSeedBundle.written).toBe(false);
      expect(kind.data.importSeedBundle.problems).toEqual([expect.objectContaining({ file: 'k.yaml', field: 'kind', message: expect.stringMatching(/may not change its kind/) })]);
      expect((await version('ks.m.rules.k1')).kind).toBe('MEASURE');

      const regions = (await gqlAs(db, null, '{ regions { id } }')).data.regions.map((r: { id: string }) => r.id).filter((id: string) => id !== 'ks');
      const moved = measureYaml('ks.m.rules.k1').replace('region: ks', `region: ${regions[0]}`).replace(/relations:\n.*\n.*\n/, '');
      const region = await as(IMPORT, { files: [{ name: 'k.yaml', text: moved }], expectedVersions: [{ id: 'ks.m.rules.k1', version: 1 }] });
      expect(region.data.importSeedBundle.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'metadata.region', message: expect.stringMatching(/may not move it/) })]));
      expect((await version('ks.m.rules.k1')).region.id).toBe('ks');

      const regionYaml = `apiVersion: strategygraph/v1
kind: Region
metadata:
  id: ks
  title: Keski-Suomi uudelleen
sources:
  - document: ${SOURCE.document}
    locator: ${SOURCE.locator}
    quote: ${SOURCE.quote}
`;
      const ks = await as(IMPORT, { files: [{ name: 'r.yaml', text: regionYaml }], expectedVersions: [{ id: 'ks', version: 1 }] });
      expect(ks.data?.importSeedBundle?.written ?? false).toBe(false);
      expect(JSON.stringify(ks.data?.importSeedBundle?.problems ?? ks.errors)).toMatch(/Region/);
      expect((await gqlAs(db, null, '{ node(id: "ks") { title } }')).data.node.title).not.toBe('Keski-Suomi uudelleen');
      // None of the three refused imports left a change record.
      expect(await history('ks.m.rules.k1')).toEqual(recorded);
      expect((await history('ks'))[0]?.sequence).toBe(ksLatest);
    });
  });

  describe('deleteNode', () => {
    it('refuses a node others depend on and names the orphans; deletes with cascade', async () => {
      const goal = measureInput('ks.sg.rules.d1', { kind: 'SUB_GOAL', title: 'Poistettava alatavoite' });
      expect((await as(CREATE, { input: goal })).errors).toBeUndefined();
      const m = measureInput('ks.m.rules.d1', { relations: [{ type: 'CONTRIBUTES_TO', to: 'ks.sg.rules.d1' }] });
      expect((await as(CREATE, { input: m })).errors).toBeUndefined();
      const refused = await as(DELETE, { id: 'ks.sg.rules.d1', v: 1 });
      expect(refused.codes).toEqual(['HAS_DEPENDENTS']);
      expect(refused.errors?.[0].extensions).toMatchObject({ dependents: ['ks.m.rules.d1'], orphaned: ['ks.m.rules.d1'] });
      expect(refused.errors?.[0].message).toMatch(/orphaned/);
      expect(await version('ks.sg.rules.d1')).not.toBeNull();
      expect((await history('ks.sg.rules.d1')).filter((r) => r.change === 'DELETE')).toEqual([]);
      const cascaded = await as(DELETE, { id: 'ks.sg.rules.d1', v: 1, cascade: true });
      expect(cascaded.data.deleteNode).toEqual({ id: 'ks.sg.rules.d1', relationsRemoved: 1, dependents: ['ks.m.rules.d1'], orphaned: ['ks.m.rules.d1'] });
      expect(await version('ks.sg.rules.d1')).toBeNull();
      // The cascade's transaction recorded the node and the relation it removed.
      const deleted = (await history('ks.sg.rules.d1')).filter((r) => r.operation === 'deleteNode');
      expect(deleted).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ change: 'DELETE', target: 'NODE', nodeId: 'ks.sg.rules.d1' }),
          expect.objectContaining({ change: 'DELETE', target: 'RELATION', relation: { from: 'ks.m.rules.d1', type: 'CONTRIBUTES_TO', to: 'ks.sg.rules.d1' } }),
        ]),
      );
      expect(deleted).toHaveLength(2);
      expect((await history('ks.m.rules.d1')).filter((r) => r.operation === 'deleteNode').map((r) => r.relation)).toEqual([{ from: 'ks.m.rules.d1', type: 'CONTRIBUTES_TO', to: 'ks.sg.rules.d1' }]);
    });

    it('answers NOT_FOUND to the loser of two concurrent deletes', async () => {
      expect((await as(CREATE, { input: measureInput('ks.m.rules.race') })).errors).toBeUndefined();
      const results = await Promise.all([as(DELETE, { id: 'ks.m.rules.race', v: 1 }), as(DELETE, { id: 'ks.m.rules.race', v: 1 })]);
      const codes = results.map((r) => r.codes[0] ?? 'OK').sort();
      expect(codes).toEqual(['NOT_FOUND', 'OK']);
    });
  });

  describe('provenance and text', () => {
    it('refuses quotes without words, in createNode, link and import', async () => {
      for (const quote of ['   ', ' … ', 'ja ', 'ja … toiminnan suunnitteluvaihe', '2027']) {
        const r = await as(CREATE, { input: measureInput(`ks.m.rules.q${quote.length}`, { sources: [{ ...SOURCE, quote }] }) });
        expect(r.codes, JSON.stringify(quote)).toEqual(['BAD_USER_INPUT']);
        expect(JSON.stringify(r.errors?.[0].extensions?.problems)).toMatch(/two words/);
      }
      const link = await as(LINK, { input: { from: 'ks.m.rules.v1', type: 'CONTRIBUTES_TO', to: 'ks.goal.kustannusvaikuttavuus', sources: [{ ...SOURCE, quote: 'ja ' }] } });
      expect(link.codes).toEqual(['BAD_USER_INPUT']);
      const imported = await as(IMPORT, { files: [{ name: 'q.yaml', text: measureYaml('ks.m.rules.q').replace(SOURCE.quote, '" … "') }] });
      expect(imported.data.importSeedBundle.problems).toEqual([expect.objectContaining({ field: 'sources[0].quote', message: expect.stringMatching(/two words/) })]);
      // What passes: two words, or one word of six letters or more.
      expect(thinQuote('suunnitteluvaihe')).toBeNull();
      expect(thinQuote('nuorisokodin toiminnan … aloitetaan 2027')).toBeNull();
      expect(thinQuote('ja')).toMatch(/two words/);
    });

    it('refuses control characters, bidi overrides and isolates in text fields', async () => {
      for (const title of ['Otsikko\u0000', 'Otsikko \u202Egnp.exe', 'Otsikko \u2066x\u2069', 'Otsikko \u001b[31mpunainen', 'Otsikko\u0085']) {
        const r = await as(CREATE, { input: measureInput('ks.m.rules.c1', { title }) });
        expect(r.codes, JSON.stringify(title)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors?.[0].extensions?.field).toBe('title');
      }
      expect(forbiddenCharacter('Rivi 1\nRivi 2\tsarake')).toBeNull();
      const imported = await as(IMPORT, { files: [{ name: 'c.yaml', text: measureYaml('ks.m.rules.c2', '"Otsikko \\u202E"') }] });
      expect(imported.data.importSeedBundle.problems).toEqual([expect.objectContaining({ field: 'metadata.title', message: expect.stringMatching(/bidirectional/) })]);
    });
  });

  describe('CSV export', () => {
    it('neutralises formulas behind leading white space and format characters', () => {
      for (const start of ['=', '+', '-', '@', ' =', '\u00a0=', '\u200b=', '\ufeff=', '\u3000=', '\uff1d', '\uff0b', ' \uff20', '\t', '\r']) {
        const value = `${start}HYPERLINK("http://x")`;
        expect(cell(value).replace(/^"/, ''), JSON.stringify(start)).toMatch(/^'/);
      }
      expect(cell('Kotihoito')).toBe('Kotihoito');
      const csv = impactCsv({ orphaned: [], weakened: [], singlePointsOfFailure: [], objectives: [], cut: [], removedMeasures: [] } as never);
      expect(csv.startsWith('\uFEFFOsio;')).toBe(true);
    });
  });
});
