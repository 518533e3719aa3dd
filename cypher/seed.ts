/** Writing a validated seed bundle: upserts keyed on stable ids, then pruning what the seeds no longer hold. */
import { cypher } from './named.js';

/**
 * Rows: { id, label, props }. SET n = props replaces every property, so a removed field disappears.
 * The node's version (optimistic concurrency, see schema/mutations.graphql) is 1 for a new node
 * and goes up by one when the row changes what the node says; the node is locked before it is
 * read, so a concurrent API edit cannot slip in between. $untracked: the properties that are not
 * what the node says (src/history/record.ts UNTRACKED: bookkeeping and search terms).
 */
export const upsertSeedNodes = cypher('upsertSeedNodes', `
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n._lock = true
WITH n, row, properties(n) AS before, $untracked AS untracked
SET n = row.props
SET n:$(row.label)
SET n.version = CASE
  WHEN before.version IS NULL THEN 1
  WHEN any(k IN keys(row.props) WHERE NOT k IN untracked AND coalesce(before[k] <> row.props[k], true))
    OR any(k IN keys(before) WHERE NOT k IN untracked AND NOT k IN keys(row.props)) THEN before.version + 1
  ELSE before.version
END
WITH n, row, before, [l IN labels(n) WHERE l <> 'Entity' AND l <> row.label] AS stale
REMOVE n:$(stale)
WITH n, before WHERE before.version IS NULL OR n.version <> before.version
RETURN CASE WHEN before.version IS NULL THEN null ELSE before END AS before, properties(n) AS after
`);

/**
 * Rows: { from, to, type, props }. One relationship per (from, type, to). Returns the ones it
 * created or changed, with what they held before (null: created), for the history.
 */
export const upsertSeedRelationships = cypher('upsertSeedRelationships', `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type)]->(b)
ON CREATE SET r._new = true
WITH a, r, row, properties(r) AS before
// a matrix cell an editor confirmed (confirmMatrixCell) is the editor's word now, not the seed's
WHERE r.confirmedAt IS NULL
SET r = row.props
WITH a, row, before WHERE before._new IS NOT NULL OR before <> row.props
RETURN row.from AS from, row.type AS type, row.to AS to, CASE WHEN before._new IS NULL THEN before END AS before, row.props AS after,
  CASE WHEN a.kind = 'REGION' THEN a.id ELSE a.regionId END AS regionId, a.kind AS kind
`);

/** Seed relationships whose (from|type|to) key is no longer in the seeds. Edits made through the API are kept. */
export const pruneSeedRelationships = cypher('pruneSeedRelationships', `
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.origin = 'seed' AND NOT (a.id + '|' + type(r) + '|' + b.id) IN $keys
WITH a, b, r, type(r) AS type, properties(r) AS before
DELETE r
RETURN a.id AS from, type, b.id AS to, before, CASE WHEN a.kind = 'REGION' THEN a.id ELSE a.regionId END AS regionId, a.kind AS kind
`);

/** Seed nodes whose id is no longer in the seeds. */
export const pruneSeedNodes = cypher('pruneSeedNodes', `
MATCH (n:Entity)
WHERE n.origin = 'seed' AND NOT n.id IN $ids
WITH n, properties(n) AS before,
  [(n)-[r]->(m) | {from: n.id, type: type(r), to: m.id, props: properties(r), regionId: CASE WHEN n.kind = 'REGION' THEN n.id ELSE n.regionId END, kind: n.kind}] +
  [(m)-[r]->(n) WHERE m <> n | {from: m.id, type: type(r), to: n.id, props: properties(r), regionId: CASE WHEN m.kind = 'REGION' THEN m.id ELSE m.regionId END, kind: m.kind}] AS relations
DETACH DELETE n
RETURN before, relations
`);

export const countGraph = cypher('countGraph', `
CALL () { MATCH (n:Entity) RETURN count(n) AS nodes }
CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships }
RETURN nodes, relationships
`);
