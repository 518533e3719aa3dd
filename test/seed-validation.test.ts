/** The validator alone (no database): each rule reports file, line and field. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentLibrary, normalizeText } from '../src/seeds/documents.js';
import { DEFAULT_SEEDS_DIR } from '../src/seeds/index.js';
import { parseSeedFile } from '../src/seeds/read.js';
import { validateDocuments } from '../src/seeds/validate.js';

const library = new DocumentLibrary(path.join(DEFAULT_SEEDS_DIR, 'documents'));
const DOC = '000_9dec4d1a41e94955.txt';

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function problemsOf(yaml: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'seed-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 't.yaml');
  writeFileSync(file, yaml);
  const parsed = parseSeedFile(file, 't.yaml');
  return [...parsed.problems, ...validateDocuments(parsed.documents, library).problems];
}

const entity = (kind: string, id: string, body = '', quote = 'Kasvatamme perhehoidon osuutta', region = 'r') => `---
apiVersion: strategygraph/v1
kind: ${kind}
metadata:
  id: ${id}
  ${kind === 'Region' ? '' : `region: ${region}`}
  title: T
${body}sources:
  - document: ${DOC}
    quote: ${quote}
`;
const region = (id = 'r') => entity('Region', id);

describe('seed validation', () => {
  it('accepts a small valid bundle', () => {
    expect(problemsOf(region() + entity('Measure', 'r.m.1'))).toEqual([]);
  });

  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf('apiVersion: strategygraph/v1\nkind: [Measure\n');
    expect(problems[0]).toMatchObject({ file: 't.yaml', line: expect.any(Number) });
    expect(problems[0].message).toMatch(/^YAML:/);
  });

  it('reports an unknown kind and an unknown relation type on their lines', () => {
    const problems = problemsOf(region() + entity('Measur', 'r.m.1') + entity('Measure', 'r.m.2', 'relations:\n  - type: SERVES\n    target: r\n'));
    expect(problems).toContainEqual(expect.objectContaining({ line: 13, field: 'kind', message: expect.stringContaining('must be one of') }));
    expect(problems).toContainEqual(expect.objectContaining({ line: 29, field: 'relations[0].type' }));
  });

  it('reports an unknown target, a wrong endpoint kind, and a duplicate id', () => {
    const problems = problemsOf(
      region() +
        entity('Measure', 'r.m.1', 'relations:\n  - type: CONTRIBUTES_TO\n    target: r.sg.404\n  - type: SUPPORTS\n    target: r\n') +
        entity('Measure', 'r.m.1'),
    );
    expect(problems).toContainEqual(expect.objectContaining({ field: 'relations[0].target', message: 'unknown id "r.sg.404"' }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'relations[1].type', message: expect.stringContaining('SUPPORTS cannot start from a Measure') }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'metadata.id', message: expect.stringContaining('duplicate id "r.m.1"') }));
  });

  it('reports a quote that is not in the document', () => {
    const problems = problemsOf(region() + entity('Measure', 'r.m.1', '', 'Kasvatamme perhehoidon osuutta kolminkertaiseksi'));
    expect(problems).toEqual([expect.objectContaining({ field: 'sources[0].quote', message: expect.stringContaining('not found word for word') })]);
  });

  it('refuses a relation across regions', () => {
    const problems = problemsOf(
      region('a') + region('b') + entity('SubGoal', 'b.sg.1', '', undefined, 'b') +
        entity('Measure', 'a.m.1', 'relations:\n  - type: CONTRIBUTES_TO\n    target: b.sg.1\n', undefined, 'a'),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'relations[0].target', message: expect.stringContaining('crosses regions: this entity is in "a", "b.sg.1" in "b"') })]);
  });

  it('refuses an INFERRED relation without a rationale', () => {
    const problems = problemsOf(
      region() + entity('SubGoal', 'r.sg.1') + entity('Measure', 'r.m.1', 'relations:\n  - type: CONTRIBUTES_TO\n    target: r.sg.1\n    confidence: INFERRED\n'),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'relations[0].rationale', message: 'is required' })]);
  });

  it('checks that a matrix row has as many participants as x marks', () => {
    const problems = problemsOf(region() + entity('ServicePath', 'r.path.1', 'spec:\n  order: 1\n  marks: 2\n'));
    expect(problems).toEqual([expect.objectContaining({ field: 'spec.marks', message: 'the source row has 2 x marks but 0 HAS_PARTICIPANT relations are declared' })]);
  });

  it('normalises line breaks, runs of spaces and hyphens at line ends, and checks fragments in order', () => {
    expect(normalizeText('oikea-\naikaista   ja\n\nmonikanavaista')).toBe('oikea-aikaista ja monikanavaista');
    expect(library.findMissingFragment(DOC, 'Kasvatamme perhehoidon osuutta … Tehostamme perheiden jälleen yhdistämistä')).toBeNull();
    expect(library.findMissingFragment(DOC, 'Tehostamme perheiden jälleen yhdistämistä … Kasvatamme perhehoidon osuutta')).toBe('Kasvatamme perhehoidon osuutta');
  });

  it('keeps a compound-ellipsis hyphen and its space before a conjunction at a line end', () => {
    // the old rule joined every hyphen at a line end: "tieto-ja", "C-ja", "mielenterveys-ja"
    expect(normalizeText('tieto-\nja neuvontakeskuksen')).toBe('tieto- ja neuvontakeskuksen');
    expect(normalizeText('C-\n  ja D-tehtävissä')).toBe('C- ja D-tehtävissä');
    expect(normalizeText('asunnottomuus-\ntai häätö')).toBe('asunnottomuus- tai häätö');
    expect(normalizeText('Kunta-\nsekä järjestöt')).toBe('Kunta- sekä järjestöt');
    // a word that only starts like a conjunction is still joined
    expect(normalizeText('hoito-\njakso ja tai-\ntoimi')).toBe('hoito-jakso ja tai-toimi');
    // the three places the outside reading found, now matched as the documents print them
    expect(library.findMissingFragment('002_55772d27d0d39268.txt', 'tieto- ja neuvontakeskuksen')).toBeNull();
    expect(library.findMissingFragment('002_55772d27d0d39268.txt', 'tieto-ja neuvontakeskuksen')).not.toBeNull();
    expect(library.findMissingFragment('004_ba24b457ab77aaf7.txt', 'perustason mielenterveys- ja päihdehoitotyössä')).toBeNull();
  });

  it('finds text of the graph that glues a compound-ellipsis hyphen to its conjunction', () => {
    const problems = problemsOf(region() + entity('Measure', 'r.m.1', 'spec:\n  dueText: "C-ja D-tehtävissä"\n'));
    expect(problems).toEqual([
      expect.objectContaining({ field: 'spec.dueText', message: '"C-ja" glues a compound-ellipsis hyphen to its conjunction; the document has "C- ja"' }),
    ]);
    expect(library.findGluedEllipses('tieto- ja neuvonta, oikea-aikaista')).toEqual([]);
  });

  it('asks an observation at a counted slide to say so, a reading of its period to give a rationale, and a sic to be in its quote', () => {
    const obs = (extra: string) =>
      `spec:\n  observations:\n    - { value: 1, period: "2025", locator: slide 5, quote: "Kasvatamme perhehoidon osuutta"${extra} }\n`;
    const counted = (body: string) =>
      region() + entity('Indicator', 'r.ind.1', body, 'Kasvatamme perhehoidon osuutta\n    locator: slide 5\n    locatorInferred: true');
    expect(problemsOf(counted(obs('')))).toEqual([
      expect.objectContaining({ field: 'spec.observations[0].locator', message: expect.stringContaining('add locatorInferred: true') }),
    ]);
    expect(problemsOf(counted(obs(', locatorInferred: true')))).toEqual([]);
    expect(problemsOf(counted(obs(', locatorInferred: true, periodInferred: true')))).toEqual([
      expect.objectContaining({ field: 'spec.observations[0].rationale', message: 'is required' }),
    ]);
    const sic = (word: string) =>
      region() + entity('Measure', 'r.m.1', '', `Kasvatamme perhehoidon osuutta\n    sic: "${word}"\n    note: "lyöntivirhe"`);
    expect(problemsOf(sic('perhehoidon'))).toEqual([]);
    expect(problemsOf(sic('9.12.2026'))).toEqual([expect.objectContaining({ field: 'sources[0].sic', message: expect.stringContaining('is not in the quote') })]);
  });
});
