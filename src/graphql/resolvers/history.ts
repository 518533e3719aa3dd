/** The change history (schema/history.graphql; the work is in src/history/), and revertNode. */
import { connectionOf, nodeVersion, pageSize, regionChanges, regionDiff, seqOfCursor, type ChangeRecord, type FieldChange } from '../../history/read.js';
import { revertNode } from '../../mutations/operations.js';
import type { NodeRecord } from '../../model/records.js';
import { KINDS } from '../../model/vocabulary.js';
import { requireEditor } from '../../security/auth.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/types.js';

/** A node's history page through the loader: one round trip for all the nodes of a level. */
async function historyOf(ctx: Context, id: string, first: number | null | undefined, after: string | null | undefined) {
  const n = pageSize(first);
  const rows = await ctx.loaders.history.load({ id, limit: n + 1, before: seqOfCursor(after) });
  return connectionOf(rows, n);
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

const nodeHistory = {
  history: (n: NodeRecord, args: { first?: number | null; after?: string | null }, ctx: Context) => historyOf(ctx, n.id, args.first, args.after),
};

export const historyResolvers: Resolvers = {
  Query: {
    history: (_, { id, first, after }, ctx) => historyOf(ctx, id, first, after),
    changes: (_, args, ctx) => regionChanges(ctx.db, args, ctx.log),
    diff: (_, { regionId, from, to }, ctx) => regionDiff(ctx.db, regionId, from, to, ctx.log),
    nodeVersion: (_, { id, version }, ctx) => nodeVersion(ctx.db, id, version, ctx.log),
  },
  Mutation: {
    revertNode: async (_, { id, toVersion, expectedVersion }, ctx) => {
      requireEditor(ctx.principal);
      const node = await revertNode(ctx.db, id, toVersion, expectedVersion, { subject: ctx.principal!.subject, role: ctx.principal!.role }, { log: ctx.log });
      return ctx.loaders.prime([node])[0];
    },
  },
  Change: {
    id: (c: ChangeRecord) => `change:${c.seq}`,
    sequence: (c: ChangeRecord) => c.seq,
    kind: (c: ChangeRecord) => (c.kind ?? null) as never,
    relation: (c: ChangeRecord) => (c.target === 'RELATION' ? { from: c.from!, type: c.type!, to: c.to! } : null),
  },
  FieldChange: {
    before: (f: FieldChange) => json(f.before),
    after: (f: FieldChange) => json(f.after),
  },
  NodeVersion: {
    change: (v) => v.record,
    title: (v) => String(v.properties.title ?? ''),
    fields: (v) => Object.entries(v.properties).sort(([a], [b]) => a.localeCompare(b)).map(([field, value]) => ({ field, value: JSON.stringify(value) })),
  },
  GraphDiff: {
    changeCount: (d) => d.changes,
  },
  NodeDiff: {
    kind: (d) => (d.kind ?? null) as never,
  },
  ...Object.fromEntries(KINDS.map((kind) => [kind, nodeHistory])),
};
