/**
 * npx tsx src/seeds/matrix-table.ts [regionId]: the service-path matrix's evidence table as
 * Markdown (the README's), recomputed from the seed files: each column's score, the stored cells
 * marked x, and each row's margin (the x-th best score minus the next; 0 = a weak inference).
 */
import { readSeedBundle } from './index.js';
import { matrixEvidence, type RowEvidence } from './matrix-evidence.js';
import type { SeedEntity } from './types.js';

export function evidenceTable(entities: SeedEntity[], regionId: string): string {
  const rows = matrixEvidence(entities, regionId);
  if (rows.length === 0) return '';
  const columns = [...rows[0].cells].sort((a, b) => a.column.order - b.column.order).map((c) => c.column);
  const chosenOf = (r: RowEvidence) => new Set(entities.find((e) => e.metadata.id === r.pathId)!.relations!.filter((x) => x.type === 'HAS_PARTICIPANT').map((x) => x.target));
  const weakOf = (r: RowEvidence) => entities.find((e) => e.metadata.id === r.pathId)!.relations!.filter((x) => x.evidence?.weak).map((x) => x.target);
  const out = [
    `| # | path | x | ${columns.map((c) => c.title).join(' | ')} | margin | weak cells |`,
    `| ---: | --- | ---: | ${columns.map(() => '---:').join(' | ')} | ---: | --- |`,
  ];
  for (const r of rows) {
    const chosen = chosenOf(r);
    const byId = new Map(r.cells.map((c) => [c.column.id, c]));
    const cells = columns.map((c) => (chosen.has(c.id) ? `**${byId.get(c.id)!.score}** x` : String(byId.get(c.id)!.score)));
    const weak = weakOf(r).map((id) => columns.find((c) => c.id === id)!.title);
    out.push(`| ${r.order} | ${r.title} | ${r.marks} | ${cells.join(' | ')} | ${r.margin} | ${weak.join(', ') || '—'} |`);
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bundle, problems } = readSeedBundle();
  if (problems.length) {
    console.error(`${problems.length} problem(s) in the seeds: run npm run seed -- --check`);
    process.exit(1);
  }
  console.log(evidenceTable(bundle.entities.map((e) => e.entity), process.argv[2] ?? 'ks'));
}
