/** What every Node type resolves the same way, and helpers for walking relations through the loaders. */
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { kindOfNodeKind } from '../../model/vocabulary.js';
import type { NodeRecord, RelationProps, RelationRecord } from '../../model/records.js';
import type { Context } from '../context.js';
import type { RelatedKey } from '../loaders.js';

export function typeNameOf(node: NodeRecord): string {
  const name = kindOfNodeKind(node.kind);
  if (!name) throw new Error(`node ${node.id} has an unknown kind ${node.kind}`);
  return name;
}

export function sourcesOf(r: RelationProps) {
  const docs = r.sourceDocuments ?? [];
  return docs.map((document, i) => ({
    document,
    locator: r.sourceLocators?.[i] || null,
    locatorInferred: r.sourceLocatorsInferred?.[i] ?? false,
    quote: r.sourceQuotes?.[i] ?? '',
  }));
}

export async function relations(
  ctx: Context,
  id: string,
  direction: 'OUT' | 'IN',
  types: readonly string[] | null,
  kinds: readonly string[] | null = null,
): Promise<RelationRecord[]> {
  return ctx.loaders.related.load({ id, direction, types, kinds });
}

export async function neighbours(
  ctx: Context,
  id: string,
  direction: 'OUT' | 'IN',
  types: readonly string[] | null,
  kinds: readonly string[] | null = null,
): Promise<NodeRecord[]> {
  return (await relations(ctx, id, direction, types, kinds)).map((r) => r.node);
}

/** Field resolvers shared by every type that implements Node. */
export const nodeFields = {
  confidence: (n: NodeRecord) => n.confidence ?? 'STATED',
  rationale: (n: NodeRecord) => n.rationale ?? null,
  description: (n: NodeRecord) => n.description ?? null,
  sources: (n: NodeRecord) => sourcesOf(n),
  region: (n: NodeRecord, _: unknown, ctx: Context) =>
    n.regionId && n.kind !== 'REGION' ? ctx.loaders.node.load(n.regionId) : null,
  outgoing: (n: NodeRecord, args: { types?: readonly string[] | null }, ctx: Context) => relations(ctx, n.id, 'OUT', args.types?.length ? args.types : null),
  incoming: (n: NodeRecord, args: { types?: readonly string[] | null }, ctx: Context) => relations(ctx, n.id, 'IN', args.types?.length ? args.types : null),
};

/** A list property that may be absent on the node. */
export const list = (key: string) => (n: NodeRecord) => (n[key] as string[] | undefined) ?? [];

/** The other ends of the relations a named spec describes (loaders.ts, TREE_RELATIONS). */
export function neighboursVia(ctx: Context, id: string, spec: Omit<RelatedKey, 'id'>): Promise<NodeRecord[]> {
  return neighbours(ctx, id, spec.direction, spec.types, spec.kinds);
}

/**
 * True when the operation selects `path` below the field being resolved (through fragments and
 * inline fragments): lets a resolver fetch a whole subtree at once only when it will be used.
 * Kinds are compared as strings, so a second copy of graphql-js cannot fool it.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let sets: readonly SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    const visit = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.kind === 'Field') {
          if (sel.name.value === name && sel.selectionSet) next.push(sel.selectionSet);
        } else if (sel.kind === 'InlineFragment') {
          visit(sel.selectionSet);
        } else {
          const fragment = info.fragments[sel.name.value];
          if (fragment) visit(fragment.selectionSet);
        }
      }
    };
    sets.forEach(visit);
    if (next.length === 0) return false;
    sets = next;
  }
  return true;
}
