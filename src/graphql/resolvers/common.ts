/** What every Node type resolves the same way, and helpers for walking relations through the loaders. */
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { kindOfNodeKind } from '../../model/vocabulary.js';
import { isSummaryProperty, type NodeRecord, type RelationProps, type RelationRecord } from '../../model/records.js';
import type { Context } from '../context.js';
import type { RelatedKey, TreeProjection } from '../loaders.js';

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
    sic: r.sourceSics?.[i] || null,
    note: r.sourceNotes?.[i] || null,
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

/**
 * A record that holds `key`: the record in hand, or, when it is a partial record that leaves
 * `key` out (a summary or a look-ahead's projection, src/model/records.ts), the node's full
 * record. Full records come through loaders.details, so all the nodes of one level that need
 * them cost one round trip together, and none when the query selects only what summaries hold.
 */
export function recordWith(ctx: Context, n: NodeRecord, key: string): NodeRecord | Promise<NodeRecord> {
  if (!n.__holds || n.__holds.has(key)) return n;
  return ctx.loaders.details.load(n.id).then((full) => full ?? n);
}

/** One property of a node, whether the record in hand is full or a summary (see recordWith). */
export function propertyOf(ctx: Context, n: NodeRecord, key: string): unknown {
  const r = recordWith(ctx, n, key);
  return r instanceof Promise ? r.then((full) => full[key]) : r[key];
}

export const mapValue = <T, U>(v: T | Promise<T>, f: (x: T) => U): U | Promise<U> => (v instanceof Promise ? v.then(f) : f(v));

/**
 * Resolvers of one property, read through propertyOf: every field of a Node type that shows a
 * property uses one of these (or recordWith), so a partial record can never answer wrongly.
 */
export const value =
  <T>(key: string, absent?: T) =>
  (n: NodeRecord, _: unknown, ctx: Context): T | Promise<T> =>
    mapValue(propertyOf(ctx, n, key), (v) => (v ?? absent) as T);
export const str = (key: string) => value<string | null>(key, null);
export const num = (key: string) => value<number | null>(key, null);
export const list = (key: string) => value<string[]>(key, []);

/** Field resolvers shared by every type that implements Node. */
export const nodeFields = {
  confidence: value<'STATED' | 'INFERRED'>('confidence', 'STATED'),
  rationale: str('rationale'),
  description: str('description'),
  sources: (n: NodeRecord, _: unknown, ctx: Context) => mapValue(recordWith(ctx, n, 'sourceDocuments'), sourcesOf),
  region: async (n: NodeRecord, _: unknown, ctx: Context): Promise<NodeRecord | null> => {
    const regionId = await propertyOf(ctx, n, 'regionId');
    return typeof regionId === 'string' && n.kind !== 'REGION' ? ctx.loaders.node.load(regionId) : null;
  },
  outgoing: (n: NodeRecord, args: { types?: readonly string[] | null }, ctx: Context) => relations(ctx, n.id, 'OUT', args.types?.length ? args.types : null),
  incoming: (n: NodeRecord, args: { types?: readonly string[] | null }, ctx: Context) => relations(ctx, n.id, 'IN', args.types?.length ? args.types : null),
};

/** The other ends of the relations a named spec describes (loaders.ts, TREE_RELATIONS). */
export function neighboursVia(ctx: Context, id: string, spec: Omit<RelatedKey, 'id'>): Promise<NodeRecord[]> {
  return neighbours(ctx, id, spec.direction, spec.types, spec.kinds);
}

/**
 * The names of the fields the operation selects at `path` below the field being resolved
 * (through fragments and inline fragments, of any type), or null when it does not go there:
 * lets a resolver fetch a whole subtree at once, and only what it will show. Kinds are compared
 * as strings, so a second copy of graphql-js cannot fool it.
 */
export function fieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  let sets: readonly SelectionSetNode[] = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  const each = (set: SelectionSetNode, visit: (field: { name: string; set?: SelectionSetNode }) => void) => {
    for (const sel of set.selections) {
      if (sel.kind === 'Field') visit({ name: sel.name.value, set: sel.selectionSet });
      else if (sel.kind === 'InlineFragment') each(sel.selectionSet, visit);
      else {
        const fragment = info.fragments[sel.name.value];
        if (fragment) each(fragment.selectionSet, visit);
      }
    }
  };
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    for (const set of sets) each(set, (f) => f.name === name && f.set && next.push(f.set));
    if (next.length === 0) return null;
    sets = next;
  }
  const names = new Set<string>();
  for (const set of sets) each(set, (f) => names.add(f.name));
  return names;
}

/** True when the operation selects `path` below the field being resolved (see fieldsAt). */
export const selects = (info: GraphQLResolveInfo, path: readonly string[]) => fieldsAt(info, path) !== null;

/**
 * Every partial record holds these: id, kind and title are resolved by the default resolver,
 * and the others order lists (compareNodes). Id must stay first (summaryId).
 */
const BASE_KEYS = ['id', 'kind', 'title', 'order', 'number', 'matrixColumn', 'part'];

/**
 * The properties to fetch for nodes whose selected fields are `fields`: the base keys and every
 * selected field that is a short property of the same name (and regionId for region). What is
 * left out is read later through propertyOf, so a field missing here costs a round trip, never
 * a wrong answer.
 */
export function keysFor(fields: ReadonlySet<string> | null): string[] {
  const keys = new Set(BASE_KEYS);
  for (const f of fields ?? []) {
    if (isSummaryProperty(f)) keys.add(f);
    if (f === 'region') keys.add('regionId');
  }
  return [...keys];
}

/** What a service line's tree look-ahead fetches for this selection of `ServiceLine.goals`. */
export function treeProjection(info: GraphQLResolveInfo): TreeProjection {
  const at = (...path: string[]) => fieldsAt(info, path);
  const objectives = at('strategyGoal', 'objectives');
  const responsible = at('subGoals', 'measures', 'responsible');
  const involves = at('subGoals', 'measures', 'involves');
  return {
    goal: keysFor(at('strategyGoal')),
    objective: objectives && keysFor(objectives),
    subGoal: keysFor(at('subGoals')),
    measure: keysFor(at('subGoals', 'measures')),
    indicator: keysFor(at('subGoals', 'measures', 'indicators')),
    party: keysFor(new Set([...(responsible ?? []), ...(involves ?? [])])),
    involves: involves !== null,
  };
}
