/**
 * Reading the change history: records as the statements of cypher/history.ts return them, pages
 * by cursor (Relay connections: newest first, the cursor is the record's commit sequence), and
 * the diff of a region between two instants, folded from the records between them.
 */
import { changesBetween, changesOfRegion, nodeVersion as nodeVersionStatement } from '../../cypher/history.js';
import type { Database, QueryLog } from '../db/database.js';
import { badInput } from '../errors.js';
import type { ChangeKind } from './record.js';

type Props = Record<string, unknown>;

/** A record as the statements return it (before/after as JSON text). */
export interface RawChange {
  seq: number;
  at: string;
  actor: string;
  role: string | null;
  operation: string;
  target: 'NODE' | 'RELATION';
  change: ChangeKind;
  nodeId: string | null;
  kind: string | null;
  regionId: string | null;
  from: string | null;
  type: string | null;
  to: string | null;
  version: number | null;
  fields: string[];
  before: string;
  after: string;
}

export interface FieldChange {
  field: string;
  /** Absent: the field was not there. */
  before?: unknown;
  after?: unknown;
}

export interface ChangeRecord extends Omit<RawChange, 'before' | 'after' | 'fields'> {
  fields: FieldChange[];
}

export function decode(raw: RawChange): ChangeRecord {
  const before = JSON.parse(raw.before || '{}') as Props;
  const after = JSON.parse(raw.after || '{}') as Props;
  const { before: _b, after: _a, fields, ...rest } = raw;
  return { ...rest, fields: (fields ?? []).map((f) => ({ field: f, ...(f in before ? { before: before[f] } : {}), ...(f in after ? { after: after[f] } : {}) })) };
}

export const MAX_PAGE = 200;

/** Cursors are opaque to clients: the record's sequence number, encoded. */
export const cursorOf = (seq: number) => Buffer.from(`change:${seq}`).toString('base64url');

export function seqOfCursor(cursor: string | null | undefined, field = 'after'): number | null {
  if (cursor === null || cursor === undefined) return null;
  const m = /^change:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput(`${field}: not a cursor of this list (use an endCursor this API returned)`, field);
  return Number(m[1]);
}

export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput(`first: 1-${MAX_PAGE}`, 'first');
  return n;
}

export interface Connection {
  edges: { cursor: string; node: ChangeRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page from rows fetched with one row more than asked (that row says there is a next page). */
export function connectionOf(rows: RawChange[], first: number): Connection {
  const page = rows.slice(0, first).map(decode);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node.seq), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursorOf(page[page.length - 1].seq) : null },
  };
}

function instant(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  // A date alone is that day's start in Finnish time would be a guess: take it as UTC midnight, and say so in the schema.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  if (Number.isNaN(Date.parse(iso)) || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(iso)) {
    throw badInput(`${field}: an ISO 8601 date (2025-12-09) or instant with its offset (2025-12-09T12:00:00Z)`, field);
  }
  return new Date(iso).toISOString();
}

export interface ChangesFilter {
  regionId: string;
  since?: string | null;
  until?: string | null;
  actor?: string | null;
  kinds?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

export async function regionChanges(db: Database, f: ChangesFilter, log?: QueryLog): Promise<Connection> {
  const first = pageSize(f.first);
  const rows = await db.read<{ record: RawChange }>(changesOfRegion, {
    regionId: f.regionId,
    before: seqOfCursor(f.after),
    since: instant(f.since, 'since'),
    until: instant(f.until, 'until'),
    actor: f.actor ?? null,
    kinds: f.kinds?.length ? [...f.kinds] : null,
    limit: first + 1,
  }, log);
  return connectionOf(rows.map((r) => r.record), first);
}

export interface NodeVersion {
  id: string;
  version: number;
  record: ChangeRecord;
  /** The node's properties at that version. */
  properties: Props;
}

export async function nodeVersion(db: Database, id: string, version: number, log?: QueryLog): Promise<NodeVersion | null> {
  const [row] = await db.read<{ record: RawChange; snapshot: string | null }>(nodeVersionStatement, { id, version }, log);
  if (!row?.snapshot) return null;
  return { id, version, record: decode(row.record), properties: JSON.parse(row.snapshot) as Props };
}

export interface NodeDiff {
  id: string;
  kind: string | null;
  title: string | null;
  fields: FieldChange[];
}

export interface RelationDiff {
  from: string;
  type: string;
  to: string;
  fields: FieldChange[];
}

export interface RegionDiff {
  from: string;
  to: string;
  nodesAdded: NodeDiff[];
  nodesRemoved: NodeDiff[];
  nodesChanged: NodeDiff[];
  relationsAdded: RelationDiff[];
  relationsRemoved: RelationDiff[];
  relationsChanged: RelationDiff[];
  /** How many records were folded. */
  changes: number;
}

interface Fold {
  first: ChangeRecord;
  last: ChangeRecord;
  /** Per field: the value at `from` (the first record's before) and at `to` (the last one's after). */
  fields: Map<string, FieldChange>;
  title: string | null;
}

/**
 * What differs between the instants `from` and `to` in a region: each node or relation's first
 * record in the interval tells whether it existed at `from` (not a CREATE), its last whether it
 * exists at `to` (not a DELETE); a field's value at `from` is the `before` of the first record
 * that touched it, at `to` the `after` of the last. Something created and deleted in between is
 * not in the diff, nor a field changed and changed back.
 */
export async function regionDiff(db: Database, regionId: string, from: string, to: string, log?: QueryLog): Promise<RegionDiff> {
  const fromIso = instant(from, 'from')!;
  const toIso = instant(to, 'to')!;
  if (fromIso > toIso) throw badInput('from: must not be later than to', 'from');
  const rows = await db.read<{ record: RawChange }>(changesBetween, { regionId, from: fromIso, to: toIso }, log);
  const folds = new Map<string, Fold>();
  for (const { record: raw } of rows) {
    const c = decode(raw);
    const key = c.target === 'NODE' ? `N|${c.nodeId}` : `R|${c.from}|${c.type}|${c.to}`;
    let f = folds.get(key);
    if (!f) folds.set(key, (f = { first: c, last: c, fields: new Map(), title: null }));
    f.last = c;
    for (const fc of c.fields) {
      const seen = f.fields.get(fc.field);
      if (!seen) f.fields.set(fc.field, { ...fc });
      else if ('after' in fc) seen.after = fc.after;
      else delete seen.after;
      if (fc.field === 'title' && typeof fc.after === 'string') f.title = fc.after;
      if (fc.field === 'title' && f.title === null && typeof fc.before === 'string') f.title = fc.before;
    }
  }
  const diff: RegionDiff = { from: fromIso, to: toIso, nodesAdded: [], nodesRemoved: [], nodesChanged: [], relationsAdded: [], relationsRemoved: [], relationsChanged: [], changes: rows.length };
  const sameValue = (a: FieldChange) => JSON.stringify(a.before) === JSON.stringify(a.after) && ('before' in a) === ('after' in a);
  for (const f of folds.values()) {
    const existedBefore = f.first.change !== 'CREATE';
    const existsAfter = f.last.change !== 'DELETE';
    if (!existedBefore && !existsAfter) continue;
    const fields = [...f.fields.values()].filter((x) => !sameValue(x)).sort((a, b) => a.field.localeCompare(b.field));
    if (existedBefore && existsAfter && fields.length === 0) continue;
    if (f.first.target === 'NODE') {
      const d: NodeDiff = { id: f.first.nodeId!, kind: f.first.kind, title: f.title, fields };
      (existedBefore ? (existsAfter ? diff.nodesChanged : diff.nodesRemoved) : diff.nodesAdded).push(d);
    } else {
      const d: RelationDiff = { from: f.first.from!, type: f.first.type!, to: f.first.to!, fields };
      (existedBefore ? (existsAfter ? diff.relationsChanged : diff.relationsRemoved) : diff.relationsAdded).push(d);
    }
  }
  for (const list of [diff.nodesAdded, diff.nodesRemoved, diff.nodesChanged]) list.sort((a, b) => a.id.localeCompare(b.id));
  for (const list of [diff.relationsAdded, diff.relationsRemoved, diff.relationsChanged]) list.sort((a, b) => `${a.from}|${a.type}|${a.to}`.localeCompare(`${b.from}|${b.type}|${b.to}`));
  return diff;
}
