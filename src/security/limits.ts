/**
 * Limits on what one GraphQL operation may ask for, computed from the document before anything
 * runs (a graphql-js validation rule, so a refused operation never reaches a resolver or the
 * database). Refusals carry the code QUERY_TOO_COMPLEX and say which measure, its value and the
 * limit.
 *
 *   depth   the deepest nesting of fields; the root field is depth 1. Introspection fields
 *           (__schema, __type and below) do not count towards depth, only towards cost.
 *   cost    GitHub's node limit: every field that returns objects counts the objects it may
 *           return, given its parents. A list field multiplies by its page size: its `first`
 *           argument (a literal; for a variable, that field's maximum), the length of a literal
 *           `ids` list, or for lists without either the default page size (10) or the field's
 *           hint (LIST_SIZE_HINTS). `a { b { c } }` with a and b lists of 10 costs 10 + 100.
 *   aliases the number of aliased fields, fragments expanded.
 *
 * Fragment cycles are left to graphql-js's own rule; fragment expansion is capped so that a
 * document cannot make the rule itself slow. The schema is read without graphql-js's instanceof
 * helpers (isListType...), so the rule also works when two copies of graphql are loaded (vitest
 * loads the ESM build, Apollo the CommonJS one).
 */
import {
  GraphQLError,
  Kind,
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from './config.js';

export type Measure = 'depth' | 'cost' | 'aliases' | 'batch' | 'points';

export class QueryTooComplexError extends GraphQLError {
  constructor(
    readonly measure: Measure,
    readonly actual: number,
    readonly limit: number,
    nodes?: ASTNode | readonly ASTNode[],
  ) {
    const what = { depth: 'nests fields', cost: 'may return', aliases: 'uses', batch: 'holds', points: 'costs' }[measure];
    const unit = { depth: 'levels deep', cost: 'nodes', aliases: 'aliases', batch: 'operations', points: 'points, more than a whole budget' }[measure];
    super(`The ${measure === 'batch' ? 'request' : 'operation'} ${what} ${formatCount(actual)} ${unit}; the limit is ${limit}. Ask for less, or split it.`, {
      nodes,
      extensions: { code: 'QUERY_TOO_COMPLEX', measure, actual: Number.isFinite(actual) ? actual : null, limit },
    });
    this.name = 'QueryTooComplexError';
  }
}

const formatCount = (n: number) => (Number.isFinite(n) ? String(n) : 'more than 10^15');

/**
 * Largest page a `first` argument may ask for, per field (the resolvers refuse larger ones with
 * BAD_USER_INPUT). A variable `first` is costed at this maximum.
 */
export const MAX_PAGE_SIZE: Record<string, number> = {
  'Query.search': 100,
  'Query.compare': 50,
  'Query.fragility': 500,
};

/**
 * Lists known to run long, costed above the default page size (the seeded graph: 920 nodes, a
 * node has on average 2 incoming relations, the busiest 80; Keski-Suomi has 262 measures).
 */
export const LIST_SIZE_HINTS: Record<string, number> = {
  'Query.measures': 300,
  '*.incoming': 100,
  'ServiceLine.measures': 100,
  'Programme.measures': 100,
  'BenefitGoal.contributors': 50,
};

/** Most ids `nodes(ids:)` takes (resolver-enforced); a variable list is costed at this. */
export const MAX_IDS = 100;

/** Most ids `compare(regionIds:)` takes (resolver-enforced). */
export const MAX_REGION_IDS = 50;
/** Most ids `impact(cut:)` takes (resolver-enforced; /impact.csv too). */
export const MAX_CUT = 500;

/**
 * Points: what an operation costs the database, charged against the client's budget
 * (src/security/budget.ts). An operation costs 1, plus 1 per 100 nodes of its node cost, plus
 * each expensive field's price below, which grows with its inputs. A list argument given as a
 * variable is priced at its value when the variables are known (budget), at its maximum when
 * not (validation).
 *
 * Rule: 1 point is about 2 ms of one request's time on the 10k-node synthetic graph (bench/cost.ts;
 * docs/SECURITY.md, "Cost model", has the table). Measured there, one client, medians of 3 on a
 * shared 2-core machine (noisy; prices are rounded up):
 *   impact      1 id 56 ms, 100 ids 225 ms, 388 ids 2,028 ms      -> 10 + 2.5 per id
 *   fragility   first 5..500: 4.8-8.4 s (the region's whole graph) -> 2,500 + 2 per first
 *   trace       12 ms                                              -> 5
 *   search      26-44 ms (1-3 words, first 20-100)                 -> 10 + 2 per word + first / 10
 *   compare     1 region 52 ms, every region 121 ms                -> 10 + (5 + 2 per word) per region + first
 * The seed graph (920 nodes) costs less (impact 388 ids 1.3 s, fragility 0.5 s); the prices follow
 * the larger graph so that a county's growth does not turn them into a bargain.
 */
export const FIELD_POINTS: Record<string, (args: ArgValues) => number> = {
  'Query.impact': (a) => 10 + 2.5 * count(a.cut, MAX_CUT),
  'Query.fragility': (a) => 2_500 + 2 * num(a.first, 50, 500),
  'Query.trace': () => 5,
  'Query.search': (a) => 10 + 2 * words(a.text) + Math.ceil(num(a.first, 20, 100) / 10),
  // Without regionIds: every region (21 wellbeing services counties and Helsinki).
  'Query.compare': (a) => 10 + (5 + 2 * words(a.theme)) * count(a.regionIds, MAX_REGION_IDS, 22) + num(a.first, 10, 50),
};

/**
 * Flat points of the other CSV exports (not measured by bench/cost.ts; set from their work):
 * /changes.csv reads up to 250 pages of 200 change records, like 250 `changes(first: 200)`
 * queries at 1 + 2 + ~1 points each would cost; /indicators.csv is one `indicators` list with
 * its observations.
 */
export const EXPORT_POINTS = { changesCsv: 1_000, indicatorsCsv: 20 } as const;

/** Points of GET /impact.csv?cut=...: the impact field's price plus the operation's 1. */
export function impactPoints(cut: unknown): number {
  const ids = ([] as unknown[]).concat(cut ?? []).flatMap((v) => String(v).split(',')).filter((s) => s.trim());
  return 1 + FIELD_POINTS['Query.impact']({ cut: ids });
}

export type ArgValues = Record<string, unknown>;
const count = (v: unknown, max: number, missing = 1) => (Array.isArray(v) ? Math.min(v.length, max) : v === undefined ? missing : v === VARIABLE ? max : 1);
const num = (v: unknown, fallback: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(v, max)) : v === VARIABLE ? max : fallback);
const words = (v: unknown) => (typeof v === 'string' ? Math.max(1, Math.min(v.split(/\s+/u).filter(Boolean).length, 50)) : v === VARIABLE ? 50 : 1);
/** An argument given as a variable whose value is not known. */
const VARIABLE = Symbol('variable');

/** Work budget of the rule itself: selections visited, fragments expanded. */
const MAX_VISITS = 50_000;

export interface OperationMeasures {
  depth: number;
  cost: number;
  aliases: number;
  /** What it costs against the budget (FIELD_POINTS). */
  points: number;
}

export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const m = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name), limits);
      if (m.depth > limits.maxDepth) context.reportError(new QueryTooComplexError('depth', m.depth, limits.maxDepth, operation));
      else if (m.cost > limits.maxCost) context.reportError(new QueryTooComplexError('cost', m.cost, limits.maxCost, operation));
      else if (m.aliases > limits.maxAliases) context.reportError(new QueryTooComplexError('aliases', m.aliases, limits.maxAliases, operation));
      return false;
    },
  });
}

type FragmentLookup = (name: string) => FragmentDefinitionNode | undefined | null;

/** The fields of an object or interface type; null for unions and leaves. */
type Composite = { name: string; getFields?: () => Record<string, FieldDef> };
interface FieldDef {
  name: string;
  type: GraphQLType;
  args: readonly { name: string; defaultValue?: unknown }[];
}

const namedOf = (type: GraphQLType): GraphQLNamedType => {
  let t = type as { ofType?: GraphQLType };
  while (t.ofType) t = t.ofType as { ofType?: GraphQLType };
  return t as GraphQLNamedType;
};
/** [X] or [X]!: a list (printed types are unambiguous: "[Measure!]!"). */
const isList = (type: GraphQLType) => String(type).startsWith('[');
/** Object, interface or union: a type with a selection set. */
const isComposite = (type: unknown): type is Composite => !!type && typeof type === 'object' && ('getInterfaces' in type || 'getTypes' in type);

/** Depth, cost and aliases of one operation (see the module comment). */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: FragmentLookup,
  limits: Pick<QueryLimits, 'defaultListSize'>,
  variables?: Record<string, unknown>,
): OperationMeasures {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const state = { depth: 0, cost: 0, aliases: 0, visits: 0, stack: new Set<string>(), fieldPoints: 0 };
  if (!root) return { depth: 0, cost: 0, aliases: 0, points: 1 };

  const walk = (selectionSet: SelectionSetNode, parent: Composite, multiplier: number, depth: number, introspection: boolean) => {
    for (const selection of selectionSet.selections) {
      if (++state.visits > MAX_VISITS) {
        state.cost = Infinity;
        return;
      }
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) state.aliases += 1;
        const name = selection.name.value;
        const inIntrospection = introspection || name === '__schema' || name === '__type';
        const fieldDepth = inIntrospection ? depth : depth + 1;
        state.depth = Math.max(state.depth, fieldDepth);
        const def = fieldOf(schema, parent, name);
        const price = def && FIELD_POINTS[`${parent.name}.${name}`];
        if (price) state.fieldPoints += multiplier * price(argValues(selection, variables));
        if (!def || !selection.selectionSet) continue;
        const named = namedOf(def.type);
        if (!isComposite(named)) continue;
        const nodes = multiplier * listSize(parent, def, selection, limits.defaultListSize);
        state.cost += nodes;
        walk(selection.selectionSet, named, nodes, fieldDepth, inIntrospection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, isComposite(typed) ? typed : parent, multiplier, depth, introspection);
      } else {
        const name = selection.name.value;
        const frag = fragment(name);
        if (!frag || state.stack.has(name)) continue;
        const typed = schema.getType(frag.typeCondition.name.value);
        state.stack.add(name);
        walk(frag.selectionSet, isComposite(typed) ? typed : parent, multiplier, depth, introspection);
        state.stack.delete(name);
      }
      if (!Number.isFinite(state.cost)) return;
    }
  };
  walk(operation.selectionSet, root as unknown as Composite, 1, 0, false);
  const points = 1 + Math.ceil(state.cost / 100) + Math.ceil(state.fieldPoints);
  return { depth: state.depth, cost: state.cost, aliases: state.aliases, points: Number.isFinite(points) ? points : Infinity };
}

/** A field's literal arguments, variables resolved when known (VARIABLE when not). */
function argValues(node: FieldNode, variables?: Record<string, unknown>): ArgValues {
  const out: ArgValues = {};
  const value = (v: import('graphql').ValueNode): unknown => {
    switch (v.kind) {
      case Kind.VARIABLE:
        return variables && v.name.value in variables ? variables[v.name.value] : VARIABLE;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(v.value);
      case Kind.STRING:
        return v.value;
      case Kind.LIST:
        return v.values.map(value);
      case Kind.NULL:
        return undefined;
      default:
        return null;
    }
  };
  for (const a of node.arguments ?? []) out[a.name.value] = value(a.value);
  return out;
}

function fieldOf(schema: GraphQLSchema, parent: Composite, name: string): FieldDef | undefined {
  if (parent === (schema.getQueryType() as unknown) && (name === '__schema' || name === '__type')) {
    const type = schema.getType(name === '__schema' ? '__Schema' : '__Type');
    return type ? { name, type, args: [] } : undefined;
  }
  return parent.getFields?.()[name]; // unions have only __typename
}

/** How many objects a field may return per parent object. */
function listSize(parent: Composite, def: FieldDef, node: FieldNode, defaultListSize: number): number {
  if (!isList(def.type)) return 1;
  const coordinate = `${parent.name}.${def.name}`;
  const arg = (name: string) => node.arguments?.find((a) => a.name.value === name)?.value;
  if (def.args.some((a) => a.name === 'first')) {
    const value = arg('first');
    if (value?.kind === Kind.INT) return Math.max(0, Number(value.value));
    if (value?.kind === Kind.VARIABLE) return MAX_PAGE_SIZE[coordinate] ?? defaultListSize;
    const declared = def.args.find((a) => a.name === 'first')?.defaultValue;
    return typeof declared === 'number' ? declared : defaultListSize;
  }
  if (def.args.some((a) => a.name === 'ids')) {
    const value = arg('ids');
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) return MAX_IDS;
    return 1; // a single id coerced to a list
  }
  return LIST_SIZE_HINTS[coordinate] ?? LIST_SIZE_HINTS[`*.${def.name}`] ?? defaultListSize;
}
