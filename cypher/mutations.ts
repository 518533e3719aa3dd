/**
 * The statements behind the mutations (src/mutations/). Each mutation runs some of these in ONE
 * write transaction. Optimistic concurrency: lockNode takes the node's write lock first and only
 * then reads it, so the version a mutation checks is the version it replaces; a concurrent editor
 * waits for the lock and then sees the new version (and gets CONFLICT).
 */
import { cypher } from './named.js';

/** Kind, region and version of the ids that exist (to validate a write before making it). */
export const nodeFacts = cypher('nodeFacts', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, n.regionId AS regionId, coalesce(n.version, 1) AS version
`);

/** Takes the node's write lock for the rest of the transaction, then reads it (no row: no node). */
export const lockNode = cypher('lockNode', `
MATCH (n:Entity {id: $id})
SET n._lock = true
REMOVE n._lock
RETURN properties(n) AS node
`);

/** Creates a node unless the id exists; `created` says which, `node` is what is there now. */
export const createNodeIfAbsent = cypher('createNodeIfAbsent', `
MERGE (n:Entity {id: $id})
ON CREATE SET n = $props, n.version = 1, n._new = true
WITH n, n._new IS NOT NULL AS created
REMOVE n._new
WITH n, created
CALL (n, created) {
  WITH n WHERE created
  SET n:$($label)
}
RETURN created, properties(n) AS node
`);

/** Rows: { from, to, type, props }. MERGE: an existing relation is kept as it is. */
export const createRelations = cypher('createRelations', `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:$(row.type)]->(b)
ON CREATE SET r = row.props
RETURN count(r) AS linked
`);

/** One relation, MERGE; `created` is false when it existed (then its properties are untouched). */
export const linkNodes = cypher('linkNodes', `
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MERGE (a)-[r:$($type)]->(b)
ON CREATE SET r = $props, r._new = true
WITH a, b, r, r._new IS NOT NULL AS created
REMOVE r._new
RETURN created, properties(a) AS from, properties(b) AS to
`);

/** Removes the relation; returns what it held and its start node's region and kind (for the history). */
export const unlinkNodes = cypher('unlinkNodes', `
MATCH (a:Entity {id: $from})-[r]->(b:Entity {id: $to})
WHERE type(r) = $type
WITH a, r, properties(r) AS props
DELETE r
RETURN props, CASE WHEN a.kind = 'REGION' THEN a.id ELSE a.regionId END AS regionId, a.kind AS kind
`);

/** Replaces every property of a node locked by lockNode in the same transaction. */
export const replaceNodeProperties = cypher('replaceNodeProperties', `
MATCH (n:Entity {id: $id})
SET n = $props
RETURN properties(n) AS node
`);

/** Deletes the node and its relations; returns the relations as they were (for the history). */
export const deleteNodeAndRelations = cypher('deleteNodeAndRelations', `
MATCH (n:Entity {id: $id})
WITH n,
  [(n)-[r]->(m) | {from: n.id, type: type(r), to: m.id, props: properties(r), regionId: CASE WHEN n.kind = 'REGION' THEN n.id ELSE n.regionId END, kind: n.kind}] +
  [(m)-[r]->(n) WHERE m <> n | {from: m.id, type: type(r), to: n.id, props: properties(r), regionId: CASE WHEN m.kind = 'REGION' THEN m.id ELSE m.regionId END, kind: m.kind}] AS removed
DETACH DELETE n
RETURN size(removed) AS relations, removed
`);

/** Of the ids, those with no node (inside an import's transaction: targets that vanished). */
export const missingIds = cypher('missingIds', `
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
WITH id, n
WHERE n IS NULL
RETURN collect(id) AS missing
`);

/** Takes the write lock of every id that exists (an import's existing nodes), then reads kind, region, version. */
export const lockImportedNodes = cypher('lockImportedNodes', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n._lock = true
REMOVE n._lock
RETURN n.id AS id, n.kind AS kind, n.regionId AS regionId, coalesce(n.version, 1) AS version
`);

/** Nodes with relations that end at $id (they depend on it), and whether it holds their only relations out. */
export const nodeDependents = cypher('nodeDependents', `
MATCH (d:Entity)-[r]->(n:Entity {id: $id})
WHERE d <> n
WITH d, count(r) AS toIt
RETURN d.id AS id, COUNT { (d)-->() } = toIt AS orphaned
ORDER BY id
`);
