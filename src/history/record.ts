/**
 * Writing the change history. Every write path (the mutations, importSeedBundle, the seed reload)
 * describes what it created, changed or deleted as Changes and hands them to `recordChanges`
 * inside its own transaction, as its last statement: the records commit with the write or not at
 * all, so a write whose record cannot be written does not happen.
 *
 * A Change holds whole property maps; here they shrink to the fields that differ (bookkeeping such
 * as version, updatedAt or the seed file's line number is not a change of what the node says). An
 * update that changes no field writes no record. A node's record also keeps the node's whole
 * properties after the change (its snapshot), so that any version can be read back (nodeVersion)
 * and restored (revertNode).
 */
import type { ManagedTransaction } from 'neo4j-driver';
import { recordChanges as recordStatement } from '../../cypher/history.js';
import { SEARCH_PROPERTIES, WRITE_BOOKKEEPING } from '../model/vocabulary.js';

export type ChangeKind = 'CREATE' | 'UPDATE' | 'DELETE';
type Props = Record<string, unknown>;

export interface NodeChange {
  target: 'NODE';
  change: ChangeKind;
  /** The node's properties before (null when created) and after (null when deleted). */
  before: Props | null;
  after: Props | null;
}

export interface RelationChange {
  target: 'RELATION';
  change: ChangeKind;
  from: string;
  type: string;
  to: string;
  /** Region and kind of the relation's start node: where the change is listed. */
  regionId: string | null;
  kind: string | null;
  before: Props | null;
  after: Props | null;
}

export type Change = NodeChange | RelationChange;

/** Who wrote, and with which operation (a mutation's name, importSeedBundle, seedDatabase). */
export interface Author {
  /** As the audit properties name them: "editor key 2", a token's sub, "seed". */
  actor: string;
  role: string | null;
  operation: string;
}

export const SEED_AUTHOR: Author = { actor: 'seed', role: null, operation: 'seedDatabase' };

/**
 * Properties that are bookkeeping, not content: never listed as a changed field. Derived
 * properties (written from the content by the server) belong here too.
 */
export const UNTRACKED = new Set<string>(['version', 'seedFile', 'seedLine', ...WRITE_BOOKKEEPING, ...SEARCH_PROPERTIES]);

/** The content of a property map: bookkeeping left out. */
export function contentOf(props: Props | null | undefined): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) if (!UNTRACKED.has(k) && v !== null && v !== undefined) out[k] = v;
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose content differs, with their values before and after (absent: not there). */
export function changedFields(before: Props | null, after: Props | null): { fields: string[]; before: Props; after: Props } {
  const b = contentOf(before);
  const a = contentOf(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !same(b[k], a[k])).sort();
  return { fields, before: Object.fromEntries(fields.filter((k) => k in b).map((k) => [k, b[k]])), after: Object.fromEntries(fields.filter((k) => k in a).map((k) => [k, a[k]])) };
}

const regionOf = (p: Props) => (p.kind === 'REGION' ? (p.id as string) : ((p.regionId as string | undefined) ?? null));

function rowOf(c: Change): Props | null {
  const diff = changedFields(c.before, c.after);
  if (c.change === 'UPDATE' && diff.fields.length === 0) return null;
  const json = (p: Props) => JSON.stringify(p);
  if (c.target === 'NODE') {
    const node = (c.after ?? c.before)!;
    return {
      target: 'NODE', change: c.change, nodeId: node.id, kind: node.kind ?? null, regionId: regionOf(node),
      from: null, type: null, to: null, version: (c.after?.version as number | undefined) ?? (c.before?.version as number | undefined) ?? null,
      fields: diff.fields, before: json(diff.before), after: json(diff.after),
      snapshot: c.after ? json(withoutLock(c.after)) : null,
    };
  }
  return {
    target: 'RELATION', change: c.change, nodeId: null, kind: c.kind, regionId: c.regionId,
    from: c.from, type: c.type, to: c.to, version: null,
    fields: diff.fields, before: json(diff.before), after: json(diff.after), snapshot: null,
  };
}

function withoutLock(p: Props): Props {
  const { _lock, _new, ...rest } = p;
  return rest;
}

const BATCH = 2_000;

/** Writes the records of these changes in the caller's transaction; returns how many. */
export async function recordChanges(tx: ManagedTransaction, author: Author, changes: readonly Change[]): Promise<number> {
  const rows = changes.map(rowOf).filter((r): r is Props => r !== null);
  let recorded = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const result = await tx.run(recordStatement.text, { rows: rows.slice(i, i + BATCH), actor: author.actor, role: author.role, operation: author.operation });
    recorded += Number(result.records[0]?.get('recorded') ?? 0);
  }
  return recorded;
}
