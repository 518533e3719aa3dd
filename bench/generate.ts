/**
 * The synthetic graph: the real, curated graph (every region, the national layer) multiplied.
 * Copy 0 is the seeds as they are; copy k (k >= 1) is the same nodes and relations with ids
 * `b<k>.<id>` (regions too: `b<k>.ks`), so each copy stands for one more county-year with the
 * real shape: regions x service lines x goals x sub-goals x measures x indicators x units,
 * service paths, programmes and assessments. Loaded with batched UNWIND writes, nodes first,
 * then relationships, each batch its own transaction (a bulk load, not an edit), two in flight.
 * The Finnish full-text index is dropped for the load and rebuilt afterwards: populating it once
 * costs far less than updating it per batch. Its rebuild is part of the reported time.
 */
import { applySchema } from '../src/db/connect.js';
import type { Database } from '../src/db/database.js';
import { readSeedBundle, SeedValidationError } from '../src/seeds/index.js';
import type { SeedPlan } from '../src/seeds/plan.js';
import { benchCreateNodes, benchCreateRelationships, benchDropFulltextIndex } from './cypher.js';

const BATCH = 10_000;
/** Write transactions in flight at once: one per core of the machine the targets are set for. */
const IN_FLIGHT = 2;

export interface LoadReport {
  copies: number;
  nodes: number;
  relationships: number;
  ms: number;
  /** Of ms: rebuilding the full-text index after the load. */
  indexMs: number;
  /** Nodes per second over the whole load (nodes and relationships): the conservative figure. */
  nodesPerSecond: number;
  /** Nodes per second of the node phase alone. */
  nodePhasePerSecond: number;
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


/** Rows of copy k, built lazily so that a million nodes never sit in memory at once. */
function* nodeRows(plan: SeedPlan, copies: number) {
  for (let k = 0; k < copies; k++) {
    for (const n of plan.nodes) {
      const props: Record<string, unknown> = { ...n.props, id: copyId(n.id, k), origin: 'bench' };
      if ('regionId' in props) props.regionId = copyId(props.regionId as string, k);
      yield { label: n.label, props };
    }
  }
}

function* relationshipRows(plan: SeedPlan, copies: number) {
  for (let k = 0; k < copies; k++) {
    for (const r of plan.relationships) {
      yield { from: copyId(r.from, k), to: copyId(r.to, k), type: r.type, props: { ...r.props, origin: 'bench' } };
    }
  }
}

async function writeInBatches<T>(db: Database, rows: Iterable<T>, statement: typeof benchCreateNodes, onBatch: (written: number) => void) {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (batch: T[]) => {
    const p: Promise<void> = db.write(statement, { rows: batch }).then(() => {
      inFlight.delete(p);
      written += batch.length;
      onBatch(written);
    });
    inFlight.add(p);
  };
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      send(batch);
      batch = [];
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
  }
  if (batch.length > 0) send(batch);
  await Promise.all(inFlight);
  return written;
}

/** Empties the database and loads `copies` copies of the plan; reports the load rate. */
export async function loadSynthetic(db: Database, plan: SeedPlan, copies: number, log: (line: string) => void = () => {}): Promise<LoadReport> {
  await db.deleteEverything();
  await db.write(benchDropFulltextIndex);
  const totalNodes = plan.nodes.length * copies;
  const totalRels = plan.relationships.length * copies;
  const started = Date.now();
  let lastLog = 0;
  const progress = (what: string, total: number) => (written: number) => {
    if (Date.now() - lastLog > 5_000 || written === total) {
      lastLog = Date.now();
      log(`  ${what}: ${written.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round(((Date.now() - started) / 1000) * 10) / 10} s)`);
    }
  };
  const nodes = await writeInBatches(db, nodeRows(plan, copies), benchCreateNodes, progress('nodes', totalNodes));
  const nodeMs = Date.now() - started;
  const relationships = await writeInBatches(db, relationshipRows(plan, copies), benchCreateRelationships, progress('relationships', totalRels));
  const indexStarted = Date.now();
  await applySchema(db); // recreates the full-text index and waits until it is online
  const ms = Date.now() - started;
  const indexMs = Date.now() - indexStarted;
  log(`  full-text index rebuilt in ${(indexMs / 1000).toFixed(1)} s`);
  const perSecond = (count: number, millis: number) => Math.round(count / (Math.max(millis, 1) / 1000));
  return {
    copies, nodes, relationships, ms, indexMs,
    nodesPerSecond: perSecond(nodes, ms),
    nodePhasePerSecond: perSecond(nodes, nodeMs),
    relationshipsPerSecond: perSecond(relationships, ms - nodeMs - indexMs),
  };
}
