/**
 * The change history (src/history/): append-only ChangeRecord nodes, one per node or relation a
 * write created, changed or deleted. They carry the label ChangeRecord and never Entity, so no
 * statement of the graph's reads (search, trace, coverage, impact, counts, the seed pruning) ever
 * sees them; nothing but recordChanges creates them and no statement changes or deletes them.
 *
 * Commit order: recordChanges increments the one ChangeCounter node inside the writing
 * transaction, so it holds that node's write lock until commit; `seq` is therefore the order in
 * which the writes committed. A write records its changes as its last statement, after every
 * other lock it takes, so the counter adds no lock-order deadlock.
 */
import { cypher } from './named.js';

/**
 * Rows: { target, change, nodeId, kind, regionId, from, type, to, version, before, after,
 * snapshot, fields } (before/after/snapshot are JSON text). $actor, $role, $operation.
 */
export const recordChanges = cypher('recordChanges', `
MERGE (counter:ChangeCounter {name: 'history'})
ON CREATE SET counter.seq = 0
SET counter.seq = counter.seq + size($rows)
WITH counter.seq - size($rows) AS base
UNWIND range(0, size($rows) - 1) AS i
WITH base + i + 1 AS seq, $rows[i] AS row
CREATE (c:ChangeRecord {
  seq: seq, at: datetime.realtime(), actor: $actor, role: $role, operation: $operation,
  target: row.target, change: row.change, nodeId: row.nodeId, kind: row.kind, regionId: row.regionId,
  fromId: row.from, relType: row.type, toId: row.to, version: row.version,
  fields: row.fields, before: row.before, after: row.after, snapshot: row.snapshot
})
RETURN count(c) AS recorded
`);

const RECORD = `{ seq: c.seq, at: toString(c.at), actor: c.actor, role: c.role, operation: c.operation, target: c.target,
  change: c.change, nodeId: c.nodeId, kind: c.kind, regionId: c.regionId, from: c.fromId, type: c.relType, to: c.toId,
  version: c.version, fields: c.fields, before: c.before, after: c.after }`;

/**
 * Newest first, for each id: the records of the node itself and of the relations that start or
 * end at it; `$before` (a seq, or null) is the cursor: only older records; at most $limit each.
 */
export const historyOfNodes = cypher('historyOfNodes', `
UNWIND $ids AS id
CALL (id) {
  CALL (id) {
    MATCH (c:ChangeRecord {nodeId: id}) WHERE $before IS NULL OR c.seq < $before RETURN c
    UNION
    MATCH (c:ChangeRecord {fromId: id}) WHERE $before IS NULL OR c.seq < $before RETURN c
    UNION
    MATCH (c:ChangeRecord {toId: id}) WHERE $before IS NULL OR c.seq < $before RETURN c
  }
  WITH c ORDER BY c.seq DESC LIMIT toInteger($limit)
  RETURN collect(${RECORD}) AS records
}
RETURN id, records
`);

/** A region's records, newest first, filtered; $limit rows (one more than a page, to know if there is a next). */
export const changesOfRegion = cypher('changesOfRegion', `
MATCH (c:ChangeRecord {regionId: $regionId})
WHERE ($before IS NULL OR c.seq < $before)
  AND ($since IS NULL OR c.at >= datetime($since))
  AND ($until IS NULL OR c.at < datetime($until))
  AND ($actor IS NULL OR c.actor = $actor)
  AND ($kinds IS NULL OR c.kind IN $kinds)
WITH c ORDER BY c.seq DESC LIMIT toInteger($limit)
RETURN ${RECORD} AS record
`);

/** A region's records between two instants (from exclusive, to inclusive), oldest first: what diff folds. */
export const changesBetween = cypher('changesBetween', `
MATCH (c:ChangeRecord {regionId: $regionId})
WHERE c.at > datetime($from) AND c.at <= datetime($to)
WITH c ORDER BY c.seq
RETURN ${RECORD} AS record
`);

/** The node's own properties as they were at that version (the record that made it). */
export const nodeVersion = cypher('nodeVersion', `
MATCH (c:ChangeRecord {nodeId: $id, target: 'NODE', version: $version})
WHERE c.change <> 'DELETE'
WITH c ORDER BY c.seq DESC LIMIT 1
RETURN ${RECORD} AS record, c.snapshot AS snapshot
`);
