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
  WITH p, collect(CASE WHEN c IS NULL THEN null ELSE {id: c.id, confidence: coalesce(r.confidence, 'STATED'), rationale: r.rationale} END) AS participants
  ORDER BY p.order
  RETURN collect({path: properties(p), participants: participants}) AS rows
}
RETURN columns, rows
`);
