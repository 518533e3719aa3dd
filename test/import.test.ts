/**
 * importSeedBundle: seed YAML through the validate + plan + write pipeline, in one transaction.
 * Problems name file, line and field and nothing is written; an import that fails halfway leaves
 * the graph as it was (here: a failure injected after the first batch; test/import-kill.test.ts
 * kills the importing process itself).
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { Database } from '../src/db/database.js';
import { importSeedBundle } from '../src/mutations/import.js';
import { graphCounts, seededDatabase } from './support/db.js';
import { measureYaml } from './support/bundle.js';
import { EDITOR, gqlAs, SOURCE } from './support/secure.js';

const IMPORT = `mutation ($files: [SeedFileInput!]!, $dryRun: Boolean, $expectedVersions: [ExpectedVersionInput!]) {
  importSeedBundle(files: $files, dryRun: $dryRun, expectedVersions: $expectedVersions) { written files entities relations nodesCreated relationshipsCreated problems { file line field message } }
}`;

const subGoalYaml = `apiVersion: strategygraph/v1
kind: SubGoal
metadata:
  id: ks.sg.import.1
  region: ks
  title: Tuotu alatavoite
relations:
  - type: CONTRIBUTES_TO
    target: ks.goal.kustannusvaikuttavuus
sources:
  - document: ${SOURCE.document}
    locator: ${SOURCE.locator}
    quote: ${SOURCE.quote}
`;

const countPrefix = cypher('testCountIdPrefix', 'MATCH (n:Entity) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n');

describe('importSeedBundle', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());
  const as = (variables: Record<string, unknown>) => gqlAs(db, EDITOR, IMPORT, variables);

  it('writes a valid bundle whose relations point into the graph, with origin API, and loads twice to the same graph', async () => {
    const files = [
      { name: 'import/a.yaml', text: subGoalYaml },
      { name: 'import/b.yaml', text: measureYaml('ks.m.import.1', undefined, '  - type: CONTRIBUTES_TO\n    target: ks.sg.import.1\n') },
    ];
    const first = await as({ files });
    expect(first.errors).toBeUndefined();
    expect(first.data.importSeedBundle).toEqual({ written: true, files: 2, entities: 2, relations: 3, nodesCreated: 2, relationshipsCreated: 3, problems: [] });
    const read = await gqlAs(db, null, '{ node(id: "ks.m.import.1") { origin version ... on Measure { contributesTo { id } responsible { id } } } }');
    expect(read.data.node).toEqual({ origin: 'API', version: 1, contributesTo: [{ id: 'ks.sg.import.1' }], responsible: [{ id: 'ks.line.lanupe' }] });

    const before = await graphCounts(db);
    // Updating existing nodes names their versions (the rule of every write).
    const again = await as({ files, expectedVersions: [{ id: 'ks.sg.import.1', version: 1 }, { id: 'ks.m.import.1', version: 1 }] });
    expect(again.data.importSeedBundle).toMatchObject({ written: true, nodesCreated: 0, relationshipsCreated: 0 });
    expect(await graphCounts(db)).toEqual(before);
    expect((await gqlAs(db, null, '{ node(id: "ks.m.import.1") { version } }')).data.node.version).toBe(1);

    // A changed entity gets a new version; an entity the bundle leaves out stays (imports never prune).
    const changed = await as({ files: [{ name: 'import/b.yaml', text: measureYaml('ks.m.import.1', 'Uusi otsikko') }], expectedVersions: [{ id: 'ks.m.import.1', version: 1 }] });
    expect(changed.data.importSeedBundle.written).toBe(true);
    expect((await gqlAs(db, null, '{ node(id: "ks.m.import.1") { version title } }')).data.node).toEqual({ version: 2, title: 'Uusi otsikko' });
    expect((await gqlAs(db, null, '{ node(id: "ks.sg.import.1") { id } }')).data.node).toEqual({ id: 'ks.sg.import.1' });
  });

  it('reports every problem with file, line and field, and writes nothing', async () => {
    const before = await graphCounts(db);
    const badQuote = measureYaml('ks.m.import.bad.1').replace(SOURCE.quote, 'Tätä lausetta ei ole missään asiakirjassa');
    const badTarget = measureYaml('ks.m.import.bad.2').replace('target: ks.line.lanupe', 'target: ks.line.no-such');
    const badYaml = 'apiVersion: strategygraph/v1\nkind: Measure\nmetadata: [unclosed\n';
    const good = measureYaml('ks.m.import.bad.3');
    const { data, errors } = await as({
      files: [
        { name: 'x/quote.yaml', text: badQuote },
        { name: 'x/target.yaml', text: badTarget },
        { name: 'x/broken.yaml', text: badYaml },
        { name: 'x/good.yaml', text: good },
      ],
    });
    expect(errors).toBeUndefined();
    const report = data.importSeedBundle;
    expect(report.written).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'x/quote.yaml', line: 13, field: 'sources[0].quote' }),
        expect.objectContaining({ file: 'x/target.yaml', line: 9, field: 'relations[0].target', message: 'unknown id "ks.line.no-such"' }),
        expect.objectContaining({ file: 'x/broken.yaml', field: '' }),
      ]),
    );
    expect(await graphCounts(db)).toEqual(before);
    const [row] = await db.read<{ n: number }>(countPrefix, { prefix: 'ks.m.import.bad.' });
    expect(row.n).toBe(0);
  });

  it('validates only on a dry run', async () => {
    const before = await graphCounts(db);
    const { data } = await as({ files: [{ name: 'dry.yaml', text: measureYaml('ks.m.import.dry.1') }], dryRun: true });
    expect(data.importSeedBundle).toMatchObject({ written: false, entities: 1, problems: [] });
    expect(await graphCounts(db)).toEqual(before);
  });

  it('leaves the graph as it was when the write fails after its first batch', async () => {
    // 2,500 entities: the writer upserts nodes in batches of 2,000, so one batch is written when the failure comes.
    const text = Array.from({ length: 2500 }, (_, i) => measureYaml(`ks.m.import.half.${i}`)).join('---\n');
    const before = await graphCounts(db);
    let runs = 0;
    const failing = new Database(db.driver, db.databaseName, db.options);
    failing.writeTransaction = (work, opts) =>
      db.writeTransaction(async (tx) => {
        const flaky = Object.create(tx) as ManagedTransaction;
        flaky.run = ((query: string, params?: Record<string, unknown>) => {
          runs += 1;
          if (runs === 3) throw new Error('injected failure in the middle of the import');
          return tx.run(query, params);
        }) as ManagedTransaction['run'];
        return work(flaky);
      }, opts);
    await expect(importSeedBundle(failing, [{ name: 'half.yaml', text }])).rejects.toThrow('injected failure');
    expect(runs).toBe(3); // missing-target check, first node batch, then the failure
    expect(await graphCounts(db)).toEqual(before);
    const [row] = await db.read<{ n: number }>(countPrefix, { prefix: 'ks.m.import.half.' });
    expect(row.n).toBe(0);
  });

  it('parses and validates a large bundle off the event loop: reads keep being answered meanwhile', async () => {
    // About 1 MiB of valid measures: seconds of YAML parsing and word-for-word quote matching.
    const docs: string[] = [];
    for (let i = 0; docs.join('---\n').length < 1_000_000; i++) docs.push(measureYaml(`ks.m.offthread.${i}`));
    const files = [{ name: 'import/large.yaml', text: docs.join('---\n') }];
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    let done = false;
    const importing = as({ files, dryRun: true }).finally(() => (done = true));
    let reads = 0;
    while (!done) {
      const r = await gqlAs(db, null, '{ node(id: "ks.line.lanupe") { id } }');
      expect(r.data.node).toEqual({ id: 'ks.line.lanupe' });
      reads += 1;
    }
    const result = await importing;
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(result.errors).toBeUndefined();
    expect(result.data.importSeedBundle).toMatchObject({ written: false, entities: docs.length, problems: [] });
    // On the event loop the longest pause would be the whole parse or validation; off it, a
    // pause is only the hand-over of the text and the plan.
    expect(reads).toBeGreaterThan(3);
    expect(maxGap).toBeLessThan(took / 3);
    expect(await db.read<{ n: number }>(countPrefix, { prefix: 'ks.m.offthread.' })).toEqual([{ n: 0 }]);
  });
});
