/**
 * npm run export (issue 16): what editors wrote through the API comes out as seed YAML valid
 * against seeds/seed.schema.json, and round-trips: export, empty database, seed plus import of
 * the export, the same graph.
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cypher } from '../cypher/named.js';
import { PROJECT_ROOT } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { importSeedBundle } from '../src/mutations/import.js';
import { linkNodes } from '../src/mutations/operations.js';
import { exportApiEntities, type ApiExport } from '../src/seeds/export.js';
import { seedDatabase } from '../src/seeds/index.js';
import { measureYaml } from './support/bundle.js';
import { emptyDatabase, graphCounts, seededDatabase } from './support/db.js';
import { SOURCE } from './support/secure.js';

/** The whole graph, minus the bookkeeping an import sets anew (who, when, the file's name). */
const wholeGraph = cypher(
  'testWholeGraph',
  `MATCH (n:Entity) OPTIONAL MATCH (n)-[r]->(m:Entity)
   WITH n, r, m ORDER BY n.id, type(r), m.id
   RETURN n.id AS id, labels(n) AS labels, properties(n) AS props,
          [x IN collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), to: m.id, props: properties(r)} END) WHERE x IS NOT NULL] AS out
   ORDER BY id`,
);
const BOOKKEEPING = ['createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'createHash', 'seedFile', 'seedLine'];
const strip = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([k]) => !BOOKKEEPING.includes(k)));

async function snapshot(db: Database) {
  const rows = await db.read<{ id: string; labels: string[]; props: Record<string, unknown>; out: { type: string; to: string; props: Record<string, unknown> }[] }>(wholeGraph);
  return rows.map((r) => ({ ...r, labels: [...r.labels].sort(), props: strip(r.props), out: r.out.map((o) => ({ ...o, props: strip(o.props) })) }));
}

const BUNDLE = [
  measureYaml('ks.m.export.1', 'Viety toimenpide yksi', 'spec:\n  dueYear: 2027\n  dueText: "aloitetaan 2027"\n'),
  measureYaml(
    'ks.m.export.2',
    'Viety toimenpide kaksi',
    `  - type: CONTRIBUTES_TO\n    target: ks.sg.lanupe.kv.2\n    confidence: INFERRED\n    rationale: "Päätelty: sama tavoite kuin rivillä yksi"\n`,
  ),
].join('---\n');

describe('npm run export', () => {
  let db: Database;
  let exported: ApiExport;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    db = await seededDatabase();
    const report = await importSeedBundle(db, [{ name: 'editors.yaml', text: BUNDLE }]);
    expect(report.problems).toEqual([]);
    await linkNodes(db, { from: 'ks.m.export.1', type: 'INVOLVES', to: 'ks.unit.lastensuojelu', sources: [SOURCE] } as never, { subject: 'editor:test' });
    await linkNodes(db, { from: 'ks.m.lanupe.kv.09', type: 'INVOLVES', to: 'ks.unit.sote-tilannekeskus', confidence: 'INFERRED', rationale: 'testi' } as never, { subject: 'editor:test' });
    before = await snapshot(db);
    exported = await exportApiEntities(db);
  });
  afterAll(() => db?.close());

  it('writes every API node and its relations as seed YAML, valid against seed.schema.json, with versions', () => {
    expect(exported.nodes).toBe(2);
    expect(exported.relations).toBe(4); // two RESPONSIBLE, one CONTRIBUTES_TO, one INVOLVES
    expect(exported.files.map((f) => f.name)).toEqual(['ks.yaml']);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'seeds', 'seed.schema.json'), 'utf8')));
    const docs = parseAllDocuments(exported.files[0].text).map((d) => d.toJS());
    expect(docs).toHaveLength(2);
    for (const doc of docs) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(exported.files[0].text).toMatch(/^# ks\.m\.export\.1: version 1/m);
    expect(docs[1].relations).toContainEqual({ type: 'CONTRIBUTES_TO', target: 'ks.sg.lanupe.kv.2', confidence: 'INFERRED', rationale: 'Päätelty: sama tavoite kuin rivillä yksi' });
    expect(docs[0].spec).toEqual({ dueYear: 2027, dueText: 'aloitetaan 2027' });
  });

  it('lists API relations between seed nodes apart (the seed files cannot hold them)', () => {
    expect(exported.linksFromSeedNodes).toEqual([
      { from: 'ks.m.lanupe.kv.09', type: 'INVOLVES', to: 'ks.unit.sote-tilannekeskus', confidence: 'INFERRED', rationale: 'testi', sources: [], createdBy: 'editor:test', createdAt: expect.any(String) },
    ]);
  });

  it('round-trips: empty database, seed plus import of the export, the same graph', async () => {
    await emptyDatabase(db);
    expect((await graphCounts(db)).nodes).toBe(0);
    await seedDatabase(db);
    const report = await importSeedBundle(db, exported.files);
    expect(report.problems).toEqual([]);
    const after = await snapshot(db);
    // API links between seed nodes are outside the seed format: compare without them.
    const apiLinkKeys = new Set(exported.linksFromSeedNodes.map((l) => `${l.from}|${l.type}|${l.to}`));
    const withoutSeedLinks = (s: typeof before) => s.map((n) => ({ ...n, out: n.out.filter((o) => !apiLinkKeys.has(`${n.id}|${o.type}|${o.to}`)) }));
    expect(withoutSeedLinks(after)).toEqual(withoutSeedLinks(before));
    expect(after.filter((n) => n.props.origin === 'api').map((n) => n.id)).toEqual(['ks.m.export.1', 'ks.m.export.2']);
  });
});
