/**
 * Hostile and careless queries: depth, cost (GitHub's node limit model) and alias limits refuse an
 * operation with QUERY_TOO_COMPLEX before any database round trip; page sizes are capped; a
 * request that runs out of time answers TIMEOUT and its Neo4j transaction is ended.
 */
import { buildSchema, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { QueryTimeoutError, type Database } from '../src/db/database.js';
import { createContext } from '../src/graphql/context.js';
import { loadTypeDefs } from '../src/graphql/schema.js';
import { DEFAULT_LIMITS } from '../src/security/config.js';
import { measureOperation } from '../src/security/limits.js';
import { createApollo } from '../src/server.js';
import { seededDatabase } from './support/db.js';
import { defaultTestSecurity, EDITOR, gqlAs } from './support/secure.js';

const slowStatement = cypher('testSlowStatement', 'UNWIND range(1, 4000000000) AS x WITH x WHERE x % 7 = 100 RETURN count(x) AS n');
const openTransactions = cypher('testOpenSlowTransactions', "SHOW TRANSACTIONS YIELD metaData WHERE metaData.statement = 'testSlowStatement' RETURN count(*) AS n");

describe('query limits', () => {
  let db: Database;
  beforeAll(async () => {
    db = await seededDatabase();
  });
  afterAll(() => db.close());

  const run = (query: string, variables: Record<string, unknown> = {}) => gqlAs(db, null, query, variables);

  function expectRefused(result: Awaited<ReturnType<typeof run>>, measure: string) {
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measure, limit: expect.any(Number) });
    expect(result.status).toBe(400);
    expect(result.roundTrips).toBe(0);
    expect(JSON.stringify(result.errors)).not.toMatch(/stack|MATCH|neo4j/i);
  }

  it('refuses an operation nested too deep', async () => {
    const hop = (inner: string) => `outgoing { node { ${inner} } }`;
    const query = `{ node(id: "ks") { ${hop(hop(hop(hop(hop('id')))))} } }`;
    const result = await run(query);
    expectRefused(result, 'depth');
    expect(result.errors?.[0].extensions).toMatchObject({ actual: 12, limit: DEFAULT_LIMITS.maxDepth });
    // the same depth hidden in fragments
    const viaFragments = await run(`{ node(id: "ks") { ...A } } fragment A on Node { outgoing { node { ...B } } } fragment B on Node { outgoing { node { ...C } } }
      fragment C on Node { outgoing { node { ...D } } } fragment D on Node { outgoing { node { ...E } } } fragment E on Node { outgoing { node { id } } }`);
    expectRefused(viaFragments, 'depth');
  });

  it('refuses an operation that may return too many nodes', async () => {
    const query = `{ regions { serviceLines { measures { responsible { ... on ServiceLine { measures { involves { id } } } } } } } }`;
    const result = await run(query);
    expectRefused(result, 'cost');
    expect(result.errors?.[0].extensions?.actual).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    const wide = `{ ${Array.from({ length: 25 }, (_, i) => `s${i}: search(text: "hoito", first: 100) { node { incoming { node { id } } } }`).join(' ')} }`;
    expectRefused(await run(wide), 'cost');
  });

  it('refuses too many aliases', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: regions { id }`).join(' ')} }`;
    expectRefused(await run(query), 'aliases');
    const ok = await run(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: regions { id }`).join(' ')} }`);
    expect(ok.errors).toBeUndefined();
  });

  it('measures without being slowed down by fragment bombs or cycles', async () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ${i < 29 ? `...F${i + 1} ...F${i + 1}` : 'regions { id }'} }`).join('\n');
    const started = Date.now();
    const bomb = await run(`{ ...F0 }\n${fragments}`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(bomb.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(bomb.roundTrips).toBe(0);
    const cycle = await run('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A regions { id } }');
    expect(cycle.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(cycle.roundTrips).toBe(0);
  });

  it('costs lists by their first argument, ids, hints and the default page size', () => {
    const schema = buildSchema(loadTypeDefs().join('\n'));
    const cost = (q: string) => {
      const doc = parse(q);
      const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as never;
      return measureOperation(schema, op, () => undefined, DEFAULT_LIMITS);
    };
    expect(cost('{ search(text: "x", first: 5) { node { id } } }')).toEqual({ depth: 3, cost: 5 + 5, aliases: 0, points: expect.any(Number) });
    expect(cost('query ($n: Int) { search(text: "x", first: $n) { score } }').cost).toBe(100); // a variable: the field's maximum
    expect(cost('{ search(text: "x") { score } }').cost).toBe(20); // the schema's default
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { id } }').cost).toBe(3);
    expect(cost('{ regions { objectives { id } } }').cost).toBe(10 + 100);
    expect(cost('{ node(id: "x") { incoming { node { id } } } }').cost).toBe(1 + 100 + 100);
    expect(cost('{ __schema { types { name } } }')).toMatchObject({ depth: 0, cost: 11 });
  });

  it('keeps page sizes within their maximum', async () => {
    expect((await run('{ search(text: "hoito", first: 101) { score } }')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect((await run('{ fragility(regionId: "ks", first: 501) { severity } }')).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const ids = Array.from({ length: 101 }, (_, i) => `x${i}`);
    const many = await run('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(many.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(many.roundTrips).toBe(0);
  });

  it('answers TIMEOUT when the request has run out of time, without touching the database', async () => {
    const apollo = createApollo([], defaultTestSecurity);
    const contextValue = createContext(db, { deadline: Date.now() - 1, principal: EDITOR });
    const response = await apollo.executeOperation({ query: '{ regions { id } }' }, { contextValue });
    expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0].extensions?.code).toBe('TIMEOUT');
    expect(contextValue.log.roundTrips).toBe(0);
    expect(response.http.status).toBe(504);
  });

  it('ends the Neo4j transaction of a statement that outlives the deadline', async () => {
    const started = Date.now();
    await expect(db.withDeadline(Date.now() + 300).read(slowStatement)).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500); // the client is answered at the deadline
    // Neo4j ends the transaction at its timeout (checked every ~2 s by the server's monitor).
    const session = db.driver.session({ database: db.databaseName });
    try {
      let open = 1;
      const until = Date.now() + 15_000;
      while (open > 0 && Date.now() < until) {
        open = (await session.run(openTransactions.text)).records[0].get('n') as number;
        if (open > 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(open).toBe(0);
    } finally {
      await session.close();
    }
  });
});
