/** The service-path matrix of a region, in one round trip. */
import { cypher } from './named.js';

export const servicePathMatrix = cypher('servicePathMatrix', `
CALL () {
  MATCH (c:Entity {regionId: $regionId})
  WHERE c.matrixColumn IS NOT NULL
  WITH c ORDER BY c.matrixColumn
  RETURN collect({id: c.id, title: c.title, kind: c.kind, order: c.matrixColumn}) AS columns
}
CALL () {
  MATCH (p:ServicePath {regionId: $regionId})
  OPTIONAL MATCH (p)-[r:HAS_PARTICIPANT]->(c:Entity)
  WITH p, collect(CASE WHEN c IS NULL THEN null ELSE {
    id: c.id, confidence: coalesce(r.confidence, 'STATED'), rationale: r.rationale,
    evidenceScore: r.evidenceScore, evidenceIds: coalesce(r.evidenceIds, []), evidenceRunnerUp: r.evidenceRunnerUp,
    evidenceRunnerUpScore: r.evidenceRunnerUpScore, evidenceWeak: coalesce(r.evidenceWeak, false),
    confirmedBy: r.confirmedBy, confirmedAt: r.confirmedAt, inferredRationale: r.inferredRationale
  } END) AS participants
  ORDER BY p.order
  RETURN collect({path: properties(p), participants: participants}) AS rows
}
RETURN columns, rows
`);

/**
 * An editor confirms one inferred cell: it becomes STATED, naming who confirmed it and when (the
 * confirmation is its source). Its inferred rationale and evidence stay for the record. origin
 * becomes 'api', so the seed loader neither prunes nor overwrites it (upsertSeedRelationships
 * skips confirmed relationships). The path is locked first and its version goes up by one.
 */
export const confirmMatrixCell = cypher('confirmMatrixCell', `
MATCH (p:ServicePath {id: $pathId})-[r:HAS_PARTICIPANT]->(c:Entity {id: $columnId})
WITH p, r, properties(r) AS before
SET r.inferredRationale = coalesce(r.inferredRationale, r.rationale),
    r.confidence = 'STATED', r.confirmedBy = $by, r.confirmedAt = $at, r.origin = 'api'
REMOVE r.rationale
SET p.version = coalesce(p.version, 1) + 1, p.updatedAt = $at, p.updatedBy = $by
RETURN properties(p) AS path, before, properties(r) AS after
`);

/** The columns of a path's row that are cells (HAS_PARTICIPANT), for a clear refusal. */
export const matrixCellsOfPath = cypher('matrixCellsOfPath', `
MATCH (p:ServicePath {id: $pathId})-[r:HAS_PARTICIPANT]->(c:Entity)
RETURN c.id AS id, coalesce(r.confidence, 'STATED') AS confidence, r.confirmedBy AS confirmedBy
ORDER BY c.matrixColumn
`);
