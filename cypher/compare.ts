/** Comparing regions on a theme: matches per region with each match's latest assessment, in one round trip. */
import { cypher } from './named.js';

export const compareRegionsOnTheme = cypher('compareRegionsOnTheme', `
CALL db.index.fulltext.queryNodes('entity_text', $query, {limit: toInteger($candidates)}) YIELD node, score
WHERE node.kind IN ['STRATEGY_GOAL', 'SUB_GOAL', 'BENEFIT_GOAL', 'MEASURE', 'PROGRAMME'] AND node.regionId IN $regionIds
CALL (node) {
  OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(node)
  WITH a ORDER BY coalesce(a.assessedOn, '') DESC, coalesce(a.period, '') DESC, coalesce(a.part, 0) DESC
  RETURN head(collect(properties(a))) AS latest
}
RETURN node.regionId AS regionId, properties(node) AS node, score, latest
ORDER BY score DESC, node.id
`);
