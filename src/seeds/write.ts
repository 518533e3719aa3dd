/**
 * Stage 4 of the seed pipeline: write a plan in ONE transaction. MERGE on stable ids makes a
 * second load of the same seeds a no-op in content; seed-origin nodes and relationships that the
 * seeds no longer hold are pruned; anything created through the API (origin 'api') is kept.
 * A failure anywhere rolls the whole transaction back: the database stays as it was.
 */
import { missingIds } from '../../cypher/mutations.js';
import { pruneSeedNodes, pruneSeedRelationships, upsertSeedNodes, upsertSeedRelationships } from '../../cypher/seed.js';
import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/database.js';
import { recordChanges, SEED_AUTHOR, UNTRACKED, type Author, type Change } from '../history/record.js';
import { withSearchProperties } from '../search/terms.js';
import type { SeedPlan } from './plan.js';

export interface WriteReport {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  /** Change records written (one per node or relation created, changed or deleted). */
  changesRecorded: number;
}

const BATCH = 2_000;

export interface WriteOptions {
  /**
   * Runs first inside the one write transaction (an import's rule checks, under the nodes' locks);
   * throwing writes nothing, change records included (recordChanges stays the last statement).
   */
  beforeWrite?: (tx: ManagedTransaction) => Promise<void>;
  /** Remove seed-origin nodes and relationships the plan no longer holds (default true: npm run seed). An import does not prune. */
  prune?: boolean;
  /** Ids outside the plan that relations point at: checked inside the transaction, which fails if one is gone. */
  requireIds?: readonly string[];
  /** Transaction timeout, ms (default: the database's bulk timeout). */
  timeoutMs?: number;
  /** Who writes, for the change history (default: the seed reload). */
  author?: Author;
  /** The plan's rows already carry their search properties (an import's worker computed them). */
  searchPropertiesSet?: boolean;
}

export class MissingTargetsError extends Error {
  constructor(readonly ids: string[]) {
    super(`relation targets are no longer in the graph: ${ids.join(', ')}`);
    this.name = 'MissingTargetsError';
  }
}

export async function writePlan(db: Database, plan: SeedPlan, opts: WriteOptions = {}): Promise<WriteReport> {
  const prune = opts.prune ?? true;
  const report: WriteReport = { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, propertiesSet: 0, changesRecorded: 0 };
  const add = (c: ReturnType<import('neo4j-driver').ResultSummary['counters']['updates']>) => {
    report.nodesCreated += c.nodesCreated;
    report.nodesDeleted += c.nodesDeleted;
    report.relationshipsCreated += c.relationshipsCreated;
    report.relationshipsDeleted += c.relationshipsDeleted;
    report.propertiesSet += c.propertiesSet;
  };
  await db.writeTransaction(
    async (tx) => {
      if (opts.beforeWrite) await opts.beforeWrite(tx);
      if (opts.requireIds?.length) {
        const [row] = (await tx.run(missingIds.text, { ids: opts.requireIds })).records;
        const missing = row.get('missing') as string[];
        if (missing.length > 0) throw new MissingTargetsError(missing);
      }
      const changes: Change[] = [];
      const run = async (text: string, params: Record<string, unknown>) => {
        const result = await tx.run(text, params);
        add(result.summary.counters.updates());
        return result.records.map((r) => r.toObject() as Record<string, any>);
      };
      for (let i = 0; i < plan.nodes.length; i += BATCH) {
        // Search terms (words, base forms, compound parts) and period are computed as each node is written.
        const batch = plan.nodes.slice(i, i + BATCH);
        const rows = opts.searchPropertiesSet ? batch : batch.map((n) => ({ ...n, props: withSearchProperties(n.props) }));
        for (const row of await run(upsertSeedNodes.text, { rows, untracked: [...UNTRACKED] })) {
          changes.push({ target: 'NODE', change: row.before ? 'UPDATE' : 'CREATE', before: row.before, after: row.after });
        }
      }
      if (prune) {
        const keys = plan.relationships.map((r) => `${r.from}|${r.type}|${r.to}`);
        for (const row of await run(pruneSeedRelationships.text, { keys })) {
          changes.push({ target: 'RELATION', change: 'DELETE', from: row.from, type: row.type, to: row.to, regionId: row.regionId, kind: row.kind, before: row.before, after: null });
        }
        const gone = new Set<string>();
        for (const row of await run(pruneSeedNodes.text, { ids: plan.nodes.map((n) => n.id) })) {
          changes.push({ target: 'NODE', change: 'DELETE', before: row.before, after: null });
          for (const r of row.relations) {
            const key = `${r.from}|${r.type}|${r.to}`;
            if (gone.has(key)) continue; // between two pruned nodes: listed by both
            gone.add(key);
            changes.push({ target: 'RELATION', change: 'DELETE', from: r.from, type: r.type, to: r.to, regionId: r.regionId, kind: r.kind, before: r.props, after: null });
          }
        }
      }
      for (let i = 0; i < plan.relationships.length; i += BATCH) {
        for (const row of await run(upsertSeedRelationships.text, { rows: plan.relationships.slice(i, i + BATCH) })) {
          changes.push({ target: 'RELATION', change: row.before ? 'UPDATE' : 'CREATE', from: row.from, type: row.type, to: row.to, regionId: row.regionId, kind: row.kind, before: row.before, after: row.after });
        }
      }
      report.changesRecorded = await recordChanges(tx, opts.author ?? SEED_AUTHOR, changes);
    },
    { name: prune ? 'seedDatabase' : 'importSeedBundle', timeoutMs: opts.timeoutMs },
  );
  return report;
}
