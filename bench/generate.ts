/**
 * The synthetic graph: the real, curated graph (every region, the national layer) multiplied.
 * Copy 0 is the seeds as they are; copy k (k >= 1) is the same nodes and relations with ids
 * `b<k>.<id>` (regions too: `b<k>.ks`), so each copy stands for one more county-year with the
 * real shape: regions x service lines x goals x sub-goals x measures x indicators x units,
 * service paths, programmes and assessments. Loaded with batched UNWIND writes: each batch is
 * a few whole copies, nodes and their relationships in one statement (relationships find their
 * ends by position, bench/cypher.ts), each batch its own transaction (a bulk load, not an edit),
 * two in flight. The constraint and indexes are dropped for the load and built again after:
 * populating them once costs far less than updating them per row. The rebuild is part of the
 * reported time.
 */
import { applySchema } from '../src/db/connect.js';
import type { Database } from '../src/db/database.js';
import { readSeedBundle, SeedValidationError } from '../src/seeds/index.js';
import type { SeedPlan } from '../src/seeds/plan.js';
import { KINDS, RELATION_TYPES } from '../src/model/vocabulary.js';
import { benchCreateCopies, benchDropSchema } from './cypher.js';
import { withSearchProperties } from '../src/search/terms.js';

/** About this many nodes per transaction (whole copies: 10 of the ~920-node graph). */
const BATCH_NODES = 10_000;
/** Write transactions in flight at once: one per core of the machine the targets are set for. */
const IN_FLIGHT = 2;

export interface LoadReport {
  copies: number;
  nodes: number;
  relationships: number;
  ms: number;
  /** Of ms: building the constraint and indexes again after the load. */
  indexMs: number;
  /** Nodes per second over the whole load (relationships and the schema rebuild included). */
  nodesPerSecond: number;
  /** Relationships per second over the whole load. */
  relationshipsPerSecond: number;
}

/** The validated seed plan (throws when the seeds do not validate). */
export function seedPlan(): SeedPlan {
  const { bundle, problems } = readSeedBundle();
  if (problems.length > 0) throw new SeedValidationError(problems);
  return bundle.plan;
}

/** How many copies of the real graph make about `targetNodes` nodes. */
export function copiesFor(plan: SeedPlan, targetNodes: number): number {
  return Math.max(1, Math.round(targetNodes / plan.nodes.length));
}

function copyId(id: string, k: number): string {
  return k === 0 ? id : `b${k}.${id}`;
}


/** One transaction's rows, in the shape of benchCreateCopies: nodes by label, relationships by type. */
interface Batch {
  nodes: Record<string, unknown>[][];
  rels: { from: number; to: number; props: Record<string, unknown> }[][];
  nodeCount: number;
  relCount: number;
}

const labelIndex = (label: string) => {
  const i = KINDS.indexOf(label);
  if (i < 0) throw new Error(`unknown label ${label}`);
  return i;
};
const typeIndex = (type: string) => {
  const i = RELATION_TYPES.indexOf(type);
  if (i < 0) throw new Error(`unknown relationship type ${type}`);
  return i;
};

/** Batches of whole copies, built lazily so that a million nodes never sit in memory at once. */
function* copyBatches(plan: SeedPlan, copies: number): Generator<Batch> {
  const labelOf = plan.nodes.map((n) => labelIndex(n.label));
  const typeOf = plan.relationships.map((r) => typeIndex(r.type));
  const indexOfId = new Map(plan.nodes.map((n, i) => [n.id, i]));
  const at = (id: string) => {
    const i = indexOfId.get(id);
    if (i === undefined) throw new Error(`relationship end ${id} is not a node of the plan`);
    return i;
  };
  const fromOf = plan.relationships.map((r) => at(r.from));
  const toOf = plan.relationships.map((r) => at(r.to));
  const perBatch = Math.max(1, Math.floor(BATCH_NODES / plan.nodes.length));
  // Each copy says the same words: its search terms (as writePlan adds them) are computed once.
  const searchProps = plan.nodes.map((n) => withSearchProperties(n.props));
  for (let first = 0; first < copies; first += perBatch) {
    const last = Math.min(copies, first + perBatch);
    const nodes: Record<string, unknown>[][] = KINDS.map(() => []);
    const rels: Batch['rels'] = RELATION_TYPES.map(() => []);
    // Where node i of copy k will sit in its label's list; the statement concatenates the lists in KINDS order.
    const slot: number[][] = [];
    for (let k = first; k < last; k++) {
      slot.push(
        plan.nodes.map((n, i) => {
          const props: Record<string, unknown> = { ...searchProps[i], id: copyId(n.id, k), origin: 'bench' };
          if ('regionId' in props) props.regionId = copyId(props.regionId as string, k);
          return nodes[labelOf[i]].push(props) - 1;
        }),
      );
    }
    const offsets: number[] = [];
    nodes.reduce((sum, list, i) => ((offsets[i] = sum), sum + list.length), 0);
    const position = (copy: number, node: number) => offsets[labelOf[node]] + slot[copy][node];
    for (let c = 0; c < last - first; c++) {
      plan.relationships.forEach((r, j) => {
        rels[typeOf[j]].push({ from: position(c, fromOf[j]), to: position(c, toOf[j]), props: { ...r.props, origin: 'bench' } });
      });
    }
    yield { nodes, rels, nodeCount: (last - first) * plan.nodes.length, relCount: (last - first) * plan.relationships.length };
  }
}

/** Writes the batches, IN_FLIGHT transactions at a time; reports after each. */
async function writeBatches(db: Database, batches: Iterable<Batch>, onBatch: (nodes: number, rels: number) => void) {
  let nodes = 0;
  let rels = 0;
  const inFlight = new Set<Promise<void>>();
  for (const batch of batches) {
    const p: Promise<void> = db.write(benchCreateCopies, { nodes: batch.nodes, rels: batch.rels }).then(() => {
      inFlight.delete(p);
      nodes += batch.nodeCount;
      rels += batch.relCount;
      onBatch(nodes, rels);
    });
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { nodes, rels };
}

/** Empties the database and loads `copies` copies of the plan; reports the load rate. */
export async function loadSynthetic(db: Database, plan: SeedPlan, copies: number, log: (line: string) => void = () => {}): Promise<LoadReport> {
  await db.deleteEverything();
  for (const statement of benchDropSchema) await db.write(statement);
  const totalNodes = plan.nodes.length * copies;
  const started = Date.now();
  let lastLog = 0;
  const { nodes, rels: relationships } = await writeBatches(db, copyBatches(plan, copies), (written, rels) => {
    if (Date.now() - lastLog > 5_000 || written === totalNodes) {
      lastLog = Date.now();
      log(`  ${written.toLocaleString('en')} / ${totalNodes.toLocaleString('en')} nodes, ${rels.toLocaleString('en')} relationships (${Math.round(((Date.now() - started) / 1000) * 10) / 10} s)`);
    }
  });
  const indexStarted = Date.now();
  // The constraint and indexes again, waiting until they are online: at 1M nodes populating the
  // full-text index can outlast applySchema's usual 120 s, so the bulk load waits up to an hour.
  await applySchema(db, { awaitSeconds: 3600 });
  const ms = Date.now() - started;
  const indexMs = Date.now() - indexStarted;
  log(`  constraint and indexes built in ${(indexMs / 1000).toFixed(1)} s`);
  const perSecond = (count: number) => Math.round(count / (Math.max(ms, 1) / 1000));
  return { copies, nodes, relationships, ms, indexMs, nodesPerSecond: perSecond(nodes), relationshipsPerSecond: perSecond(relationships) };
}
