/**
 * The service-path matrix argued from the graph's own evidence (src/seeds/matrix-evidence.ts):
 * the stored cells agree with the recomputed scores, and the check refuses a cell that is not
 * among its row's top x, a stale score, and a tie that is not called weak. No database.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentLibrary } from '../src/seeds/documents.js';
import { DEFAULT_SEEDS_DIR } from '../src/seeds/index.js';
import { isAmongTop, matrixEvidence, WEIGHT } from '../src/seeds/matrix-evidence.js';
import { discoverSeedFiles, parseSeedFile, type ParsedDocument } from '../src/seeds/read.js';
import type { SeedEntity } from '../src/seeds/types.js';
import { validateDocuments } from '../src/seeds/validate.js';

const library = new DocumentLibrary(path.join(DEFAULT_SEEDS_DIR, 'documents'));
const base = path.dirname(DEFAULT_SEEDS_DIR);

function seedDocuments(): ParsedDocument[] {
  return discoverSeedFiles(DEFAULT_SEEDS_DIR).flatMap((f) => parseSeedFile(f, path.relative(base, f)).documents);
}
const entityOf = (docs: ParsedDocument[], id: string) => docs.map((d) => d.data as SeedEntity).find((e) => e.metadata?.id === id)!;
/** The documents with their data deep-copied: each case edits its own copy. */
const copyOf = (docs: ParsedDocument[]) => docs.map((d) => ({ ...d, data: structuredClone(d.data) }));
const cellOf = (e: SeedEntity, target: string) => e.relations!.find((r) => r.type === 'HAS_PARTICIPANT' && r.target === target)!;

describe('the matrix argued from evidence', () => {
  const docs = seedDocuments();
  const entities = docs.map((d) => d.data as SeedEntity);
  const rows = matrixEvidence(entities, 'ks');

  it('scores every path against all six columns, and every stored cell is among its row\'s top x', () => {
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.cells).toHaveLength(6);
      const path = entityOf(docs, row.pathId);
      const chosen = path.relations!.filter((r) => r.type === 'HAS_PARTICIPANT');
      expect(chosen).toHaveLength(row.marks);
      for (const c of chosen) expect(isAmongTop(row, c.target), `${row.pathId} ${c.target}`).toBe(true);
    }
  });

  it('counts the graph\'s own links: path 4 (the strong-support housing unit) from the measure that founds it', () => {
    const row = rows.find((r) => r.pathId === 'ks.path.4')!;
    const tyoikaiset = row.cells.find((c) => c.column.id === 'ks.line.tyoikaiset')!;
    // ks.m.tyoikaiset.kv.03 founds the unit and ADVANCES the path; its words name health care, social care and older people's services
    expect(tyoikaiset.advancing).toContain('ks.m.tyoikaiset.kv.03');
    expect(row.cells.find((c) => c.column.id === 'ks.line.ikaantyneet')!.involving).toContain('ks.m.tyoikaiset.kv.03');
    expect(tyoikaiset.score).toBe(WEIGHT.advances * tyoikaiset.advancing.length + WEIGHT.names * tyoikaiset.naming.length + WEIGHT.involves * tyoikaiset.involving.length);
    expect(row.margin).toBeGreaterThan(0);
  });

  it('says where the evidence does not separate two columns, and no Vammaiset measure backs Arkikuntoutus', () => {
    const row1 = rows.find((r) => r.pathId === 'ks.path.1')!;
    expect(row1.cells.find((c) => c.column.id === 'ks.line.vammaiset')!.score).toBe(0);
    expect(row1.margin).toBe(0);
    const weak = cellOf(entityOf(docs, 'ks.path.1'), row1.tiedAtBoundary.find((t) => entityOf(docs, 'ks.path.1').relations!.some((r) => r.target === t))!);
    expect(weak.evidence?.weak).toBe(true);
    expect(weak.rationale).toMatch(/^Heikko päättely/);
  });

  it('passes the check as stored, and fails it for a column below the top x, a stale score or an unflagged tie', () => {
    expect(validateDocuments(docs, library).problems).toEqual([]);

    const below = copyOf(docs);
    const cell = cellOf(entityOf(below, 'ks.path.1'), 'ks.line.lanupe');
    cell.target = 'ks.line.vammaiset';
    expect(validateDocuments(below, library).problems).toContainEqual(
      expect.objectContaining({ file: 'seeds/keski-suomi/service-paths.yaml', field: 'relations[2].target', message: expect.stringContaining('below the row\'s top 3') }),
    );

    const stale = copyOf(docs);
    cellOf(entityOf(stale, 'ks.path.9'), 'ks.line.terveys').evidence!.score += 1;
    expect(validateDocuments(stale, library).problems).toContainEqual(expect.objectContaining({ field: 'relations[0].evidence.score', message: expect.stringContaining("the graph's evidence scores") }));

    const silent = copyOf(docs);
    delete cellOf(entityOf(silent, 'ks.path.1'), 'ks.line.lanupe').evidence!.weak;
    expect(validateDocuments(silent, library).problems).toContainEqual(expect.objectContaining({ field: 'relations[2].evidence.weak', message: expect.stringContaining('does not separate') }));
  });
});

describe("the README's evidence table", () => {
  it('is the table the seeds give today', async () => {
    const { readFileSync } = await import('node:fs');
    const { evidenceTable } = await import('../src/seeds/matrix-table.js');
    const readme = readFileSync(path.join(base, 'README.md'), 'utf8');
    const docs = discoverSeedFiles(DEFAULT_SEEDS_DIR).flatMap((f) => parseSeedFile(f, path.relative(base, f)).documents);
    expect(readme).toContain(evidenceTable(docs.map((d) => d.data as SeedEntity), 'ks'));
  });
});
