/**
 * Summary records (src/model/records.ts, SUMMARY_PROPERTIES): statements that return many nodes
 * leave the heavy properties in the database, and resolvers fetch them only when selected. These
 * tests hold that a node answers every field the same whether it was reached as a summary or
 * looked up in full, and that the heavy fields cost one batched round trip per level.
 */
import { buildSchema, getNamedType, isEnumType, isInterfaceType, isObjectType, isScalarType, isUnionType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import type { Database } from '../src/db/database.js';
import { loadTypeDefs } from '../src/graphql/schema.js';
import { createContext } from '../src/graphql/context.js';
import { defaultSecurityConfig, DEFAULT_LIMITS } from '../src/security/config.js';
import { MAX_IDS } from '../src/security/limits.js';
import { createApollo } from '../src/server.js';
import { fromValues } from '../src/model/records.js';
import { graphql, seededDatabase } from './support/db.js';

/** The every-field queries below are far beyond the public limits on cost, aliases and tokens: a server of their own. */
const unlimited = { ...defaultSecurityConfig(), limits: { ...DEFAULT_LIMITS, maxCost: 1e12, maxAliases: 1e5, maxTokens: 1e6 } };
const apollo = createApollo([], unlimited);
async function everything(db: Database, query: string, variables: Record<string, unknown>, contextValue = createContext(db, { security: unlimited })) {
  const response = await apollo.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
  return { data: response.body.singleResult.data as any, errors: response.body.singleResult.errors, queries: contextValue.log.queries };
}

/** Every field of a type that needs no arguments, down through objects that are not nodes (sources, status, observations). */
function selectionOf(schema: GraphQLSchema, type: GraphQLObjectType, depth = 0): string {
  const parts: string[] = [];
  // Aliased by type at the top: types share field names with different nullability (number: Int! / Int).
  const as = (name: string) => (depth === 0 ? `${type.name}_${name}: ${name}` : name);
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => a.type.toString().endsWith('!'))) continue;
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) parts.push(as(field.name));
    else if (isObjectType(named) && !named.getInterfaces().some((i) => i.name === 'Node') && depth < 3) {
      const inner = selectionOf(schema, named, depth + 1);
      if (inner) parts.push(`${as(field.name)} { ${inner} }`);
    }
    else if (isInterfaceType(named) || isUnionType(named) || isObjectType(named)) continue; // nodes: compared on their own
  }
  return parts.join(' ');
}

function everyNodeField(schema: GraphQLSchema): string {
  const nodeTypes = schema.getPossibleTypes(schema.getType('Node') as never) as GraphQLObjectType[];
  return nodeTypes.map((t) => `... on ${t.name} { ${selectionOf(schema, t)} }`).join('\n');
}

describe('summary records', () => {
  let db: Database;
  let ids: string[];
  let fields: string;
  beforeAll(async () => {
    db = await seededDatabase();
    fields = everyNodeField(buildSchema(loadTypeDefs().join('\n')));
    ids = (await db.read<{ id: string }>(cypher('testAllNodeIds', 'MATCH (n:Entity) RETURN n.id AS id ORDER BY id'))).map((r) => r.id);
  });
  afterAll(() => db.close());

  it('answer every field of every node as its full record does', async () => {
    expect(fields).toContain('Measure_sources: sources { document locator locatorInferred quote sic note }');
    const full = new Map<string, unknown>();
    const reached = new Map<string, unknown>();
    for (let i = 0; i < ids.length; i += MAX_IDS) {
      const chunk = ids.slice(i, i + MAX_IDS);
      const direct = await everything(db, `query ($ids: [ID!]!) { nodes(ids: $ids) { id ${fields} } }`, { ids: chunk });
      expect(direct.errors).toBeUndefined();
      for (const n of direct.data.nodes) full.set(n.id, n);
      // The same nodes as neighbours: outgoing/incoming return summaries.
      const viaRelations = await everything(
        db,
        `query ($ids: [ID!]!) { nodes(ids: $ids) { outgoing { node { id ${fields} } } incoming { node { id ${fields} } } } }`,
        { ids: chunk },
      );
      expect(viaRelations.errors).toBeUndefined();
      for (const n of viaRelations.data.nodes) for (const r of [...n.outgoing, ...n.incoming]) reached.set(r.node.id, r.node);
    }
    expect(full.size).toBe(ids.length);
    expect(reached.size).toBeGreaterThan(ids.length * 0.95);
    for (const [id, node] of reached) expect(node, id).toEqual(full.get(id));
    // The heavy fields did come through: quotes and programme lists are not empty.
    const quoted = [...reached.entries()].filter(([, n]) => Object.entries(n as object).some(([k, v]) => k.endsWith('_sources') && (v as { quote: string }[]).some((s) => s.quote.length > 20)));
    expect(quoted.length).toBeGreaterThan(ids.length * 0.9);
  });

  it('whatever a partial record holds, it answers every field as the full record does', async () => {
    const rows = await db.read<{ id: string; kind: string; title: string }>(cypher('testAllNodeHeads', 'MATCH (n:Entity) RETURN n.id AS id, n.kind AS kind, n.title AS title ORDER BY id'));
    const keys = ['id', 'kind', 'title'];
    const holds = new Set(keys);
    for (let i = 0; i < rows.length; i += MAX_IDS) {
      const chunk = rows.slice(i, i + MAX_IDS);
      const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ${fields} } }`;
      const full = await everything(db, query, { ids: chunk.map((r) => r.id) });
      // The same nodes, when the request's cache already holds only their id, kind and title.
      const context = createContext(db, { security: unlimited });
      for (const r of chunk) context.loaders.node.prime(r.id, fromValues(keys, holds, [r.id, r.kind, r.title]));
      const partial = await everything(db, query, { ids: chunk.map((r) => r.id) }, context);
      expect(partial.errors).toBeUndefined();
      expect(partial.data).toEqual(full.data);
      expect(context.log.queries.filter((q) => q === 'nodesByIds').length).toBeGreaterThan(0);
    }
  });

  it('cost one batched round trip per level, and only when a query selects what summaries leave out', async () => {
    const tree = (measureFields: string, subGoalFields: string) => `query { serviceLine(id: "ks.line.ikaantyneet") { goals { subGoals { id ${subGoalFields}
      measures { id title ${measureFields} indicators { id title } responsible { id title } } } } } }`;
    const light = await graphql(db, tree('dueYear', 'number'));
    expect(light.errors).toBeUndefined();
    expect(light.queries).toEqual(['nodesByIds', 'serviceLineTrees']);

    const heavy = await graphql(db, tree('description sources { quote }', 'sources { quote }'));
    expect(heavy.errors).toBeUndefined();
    // One more round trip for the sub-goals' full records, one for the measures', however many there are.
    expect(heavy.queries).toEqual(['nodesByIds', 'serviceLineTrees', 'nodesByIds', 'nodesByIds']);
    const measures = heavy.data.serviceLine.goals.flatMap((g: any) => g.subGoals.flatMap((sg: any) => sg.measures));
    expect(measures.length).toBeGreaterThan(20);
    expect(measures.every((m: any) => m.sources.length > 0 && m.sources.every((s: any) => s.quote.length > 0))).toBe(true);
  });

  it("give a service line's tree, whatever it selects, the same answers as full records", async () => {
    const all = `id ... on Node { ${fields} }`;
    const query = `query { serviceLine(id: "ks.line.vammaiset") { goals { strategyGoal { ${all} objectives { ${all} } }
      subGoals { ${all} measures { ${all} indicators { ${all} } responsible { ${all} } involves { ${all} } } } } } }`;
    const tree = await everything(db, query, {});
    expect(tree.errors).toBeUndefined();
    expect(tree.queries.slice(0, 2)).toEqual(['nodesByIds', 'serviceLineTrees']);
    expect(tree.queries).not.toContain('goalsOfServiceLines');
    // Every node object in the tree, without the lists of nodes the tree query nests in it.
    const NESTED = new Set(['objectives', 'subGoals', 'measures', 'indicators', 'responsible', 'involves', 'strategyGoal', 'goals', 'serviceLine']);
    const inTree = new Map<string, Record<string, unknown>>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string') inTree.set(o.id, Object.fromEntries(Object.entries(o).filter(([k]) => !NESTED.has(k))));
      Object.entries(o).forEach(([k, x]) => NESTED.has(k) && walk(x));
    };
    walk(tree.data.serviceLine.goals);
    expect(inTree.size).toBeGreaterThan(50);
    const ids = [...inTree.keys()];
    for (let i = 0; i < ids.length; i += MAX_IDS) {
      const full = await everything(db, `query ($ids: [ID!]!) { nodes(ids: $ids) { id ${fields} } }`, { ids: ids.slice(i, i + MAX_IDS) });
      for (const n of full.data.nodes) expect(inTree.get(n.id), n.id).toEqual(n);
    }
  });

  it('serve trace and search with the root and hits answering their heavy fields', async () => {
    const trace = await graphql(db, 'query { trace(id: "ks.m.lanupe.uud.01") { root { id sources { quote } } nodes { id title description sources { quote } } } }');
    expect(trace.errors).toBeUndefined();
    expect(trace.queries[0]).toBe('traceToObjectives');
    expect(trace.queries.length).toBeLessThanOrEqual(2);
    expect(trace.data.trace.root.sources[0].quote.length).toBeGreaterThan(10);
    expect(trace.data.trace.nodes.every((n: any) => n.sources.length > 0 && n.sources[0].quote.length > 0)).toBe(true);

    const search = await graphql(db, 'query { search(text: "perhehoito") { node { id title sources { quote } } } }');
    expect(search.errors).toBeUndefined();
    expect(search.data.search.length).toBeGreaterThan(0);
    expect(search.data.search.every((h: any) => h.node.sources[0].quote.length > 0)).toBe(true);
    expect(search.queries).toEqual(['searchByTerms', 'nodesByIds']);
  });
});
