/** Trace: from any node up to the strategy objectives, in one round trip. */
import { UPWARD_TYPES } from '../src/model/vocabulary.js';
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

/**
 * Every upward path from the root (relationship types from the closed vocabulary, never from
 * input). Returns the root (full record), the distinct nodes (summaries, projection.ts) and edges
 * on all paths, and the paths that end at a StrategyObjective as id lists.
 */
export const traceToObjectives = cypher('traceToObjectives', `
MATCH (root:Entity {id: $id})
OPTIONAL MATCH p = (root)-[:${UPWARD_TYPES.join('|')}*1..12]->(:Entity)
WITH root, collect(p) AS ps
CALL (ps) {
  UNWIND ps AS p
  UNWIND nodes(p) AS n
  WITH DISTINCT n
  RETURN collect(${summaryOf('n')}) AS nodes
}
CALL (ps) {
  UNWIND ps AS p
  UNWIND relationships(p) AS r
  WITH DISTINCT r
  RETURN collect({from: startNode(r).id, to: endNode(r).id, type: type(r), confidence: coalesce(r.confidence, 'STATED'), rationale: r.rationale}) AS edges
}
RETURN properties(root) AS root, nodes, edges,
       [p IN ps WHERE last(nodes(p)):StrategyObjective | [n IN nodes(p) | n.id]] AS paths
`);
