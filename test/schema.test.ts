/** The database schema: applied idempotently, ids unique, the search terms' full-text index. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../cypher/named.js';
import { listConstraints, listIndexes } from '../cypher/schema.js';
import { benchPeerTextIndex } from '../bench/cypher.js';
import { applySchema } from '../src/db/connect.js';
import type { Database } from '../src/db/database.js';
import { emptyDatabase, testDatabase } from './support/db.js';

describe('database schema', () => {
  let db: Database;
  beforeAll(async () => {
    db = testDatabase();
    await emptyDatabase(db);
  });
  afterAll(() => db.close());

  it('has a uniqueness constraint on Entity.id, lookup indexes and the search terms\' full-text index', async () => {
    const constraints = await db.read(listConstraints);
    const indexes = await db.read<{ name: string }>(listIndexes);
    expect(constraints).toContainEqual(expect.objectContaining({ name: 'entity_id_unique', type: 'UNIQUENESS', labels: ['Entity'], properties: ['id'] }));
    const byName = Object.fromEntries(indexes.map((i: { name: string }) => [i.name, i]));
    expect(byName.entity_kind).toMatchObject({ properties: ['kind'], state: 'ONLINE' });
    expect(byName.entity_region).toMatchObject({ properties: ['regionId'], state: 'ONLINE' });
    expect(byName.entity_terms).toMatchObject({ type: 'FULLTEXT', analyzer: 'whitespace', properties: ['searchTitle', 'searchTerms'], state: 'ONLINE' });
    expect(byName.entity_text).toBeUndefined();
  });

  it('drops the Finnish-analyzer index a database made before search terms still has', async () => {
    await db.write(benchPeerTextIndex); // the very index of before, which the benchmark's peer still uses
    expect((await db.read<{ name: string }>(listIndexes)).map((i) => i.name)).toContain('entity_text');
    await applySchema(db);
    expect((await db.read<{ name: string }>(listIndexes)).map((i) => i.name)).not.toContain('entity_text');
  });

  it('applies again without error or change', async () => {
    const before = { indexes: await db.read<{ name: string }>(listIndexes) };
    await applySchema(db);
    const after = { indexes: await db.read<{ name: string }>(listIndexes) };
    expect(after.indexes.map((i: { name: string }) => i.name).sort()).toEqual(before.indexes.map((i: { name: string }) => i.name).sort());
  });

  it('refuses a second node with the same id', async () => {
    const create = cypher('testCreateEntity', 'CREATE (:Entity {id: $id, kind: "MEASURE", title: "t"})');
    await db.write(create, { id: 'dup.1' });
    await expect(db.write(create, { id: 'dup.1' })).rejects.toThrow(/already exists/);
    await db.write(cypher('testDeleteEntity', 'MATCH (n:Entity {id: $id}) DELETE n'), { id: 'dup.1' });
  });
});
