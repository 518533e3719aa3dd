/** What every Node type resolves the same way, and helpers for walking relations through the loaders. */
import { kindOfNodeKind } from '../../model/vocabulary.js';
import type { NodeRecord, RelationProps, RelationRecord } from '../../model/records.js';
import type { Context } from '../context.js';

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
