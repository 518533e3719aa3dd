/** Errors reach clients with stable codes and without internals. */
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { freePort } from '../src/db/embedded.js';
import { formatError } from '../src/graphql/format-error.js';
import { graphql } from './support/db.js';
import { GraphQLError } from 'graphql';

describe('errors', () => {
  const dbs: Database[] = [];
  afterAll(async () => Promise.all(dbs.map((d) => d.close())));

  it('answers DATABASE_UNAVAILABLE when Neo4j does not answer, without driver details', async () => {
    const port = await freePort(); // nothing listens there
    const db = Database.connect(`bolt://127.0.0.1:${port}`, '', '');
    dbs.push(db);
    const { data, errors } = await graphql(db, '{ regions { id } }');
    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    expect(JSON.stringify(errors)).not.toMatch(/ECONNREFUSED|neo4j|bolt|stack/i);
  });

  it('hides an internal error behind a plain message and logs it', () => {
    const logged: string[] = [];
    const cause = new Error('Neo.ClientError.Statement.SyntaxError: MATCH (n:Secret) RETURN n');
    const gqlError = new GraphQLError(cause.message, { originalError: cause, path: ['regions'] });
    const out = formatError({ message: cause.message, path: ['regions'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, gqlError, (l) => logged.push(l));
    expect(out).toEqual({ message: 'Internal error.', path: ['regions'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged[0]).toContain('MATCH (n:Secret)');
  });
});
