/**
 * Stage 4 of the seed pipeline: write a plan in ONE transaction. MERGE on stable ids makes a
 * second load of the same seeds a no-op in content; seed-origin nodes and relationships that the
 * seeds no longer hold are pruned; anything created through the API (origin 'api') is kept.
 * A failure anywhere rolls the whole transaction back: the database stays as it was.
 */
import { missingIds } from '../../cypher/mutations.js';
import { pruneSeedNodes, pruneSeedRelationships, upsertSeedNodes, upsertSeedRelationships } from '../../cypher/seed.js';
import type { Database } from '../db/database.js';
import { withSearchProperties } from '../search/terms.js';
import type { SeedPlan } from './plan.js';

export interface WriteReport {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
}

const BATCH = 2_000;

export interface WriteOptions {
  /** Remove seed-origin nodes and relationships the plan no longer holds (default true: npm run seed). An import does not prune. */
  prune?: boolean;
  /** Ids outside the plan that relations point at: checked inside the transaction, which fails if one is gone. */
  requireIds?: readonly string[];
  /** Transaction timeout, ms (default: the database's bulk timeout). */
  timeoutMs?: number;
}

export class MissingTargetsError extends Error {
  constructor(readonly ids: string[]) {
    super(`relation targets are no longer in the graph: ${ids.join(', ')}`);
    this.name = 'MissingTargetsError';
  }
}

export async function writePlan(db: Database, plan: SeedPlan, opts: WriteOptions = {}): Promise<WriteReport> {
  const prune = opts.prune ?? true;
  const report: WriteReport = { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, propertiesSet: 0 };
  const add = (c: ReturnType<import('neo4j-driver').ResultSummary['counters']['updates']>) => {
    report.nodesCreated += c.nodesCreated;
    report.nodesDeleted += c.nodesDeleted;
    report.relationshipsCreated += c.relationshipsCreated;
    report.relationshipsDeleted += c.relationshipsDeleted;
    report.propertiesSet += c.propertiesSet;
  };
  await db.writeTransaction(
    async (tx) => {
      if (opts.requireIds?.length) {
        const [row] = (await tx.run(missingIds.text, { ids: opts.requireIds })).records;
        const missing = row.get('missing') as string[];
        if (missing.length > 0) throw new MissingTargetsError(missing);
      }
      for (let i = 0; i < plan.nodes.length; i += BATCH) {
        // Search terms (words, base forms, compound parts) and period are computed as each node is written.
        const rows = plan.nodes.slice(i, i + BATCH).map((n) => ({ ...n, props: withSearchProperties(n.props) }));
        add((await tx.run(upsertSeedNodes.text, { rows })).summary.counters.updates());
      }
      if (prune) {
        const keys = plan.relationships.map((r) => `${r.from}|${r.type}|${r.to}`);
        add((await tx.run(pruneSeedRelationships.text, { keys })).summary.counters.updates());
        add((await tx.run(pruneSeedNodes.text, { ids: plan.nodes.map((n) => n.id) })).summary.counters.updates());
      }
      for (let i = 0; i < plan.relationships.length; i += BATCH) {
        add((await tx.run(upsertSeedRelationships.text, { rows: plan.relationships.slice(i, i + BATCH) })).summary.counters.updates());
      }
    },
    { name: prune ? 'seedDatabase' : 'importSeedBundle', timeoutMs: opts.timeoutMs },
  );
  return report;
}
