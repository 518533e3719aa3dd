/** Comparing regions on a theme: matches per region with their latest period's assessments, in one round trip. */
import { cypher } from './named.js';

/**
 * $query and $groups as searchByTerms (cypher/search.ts): nodes with at least one of the theme's
 * words, most words first, current before historical, then score. `latest` holds every
 * assessment of the node's most recent period (by assessedOn, then period): a goal rated in two
 * parts keeps both ratings.
 */
export const compareRegionsOnTheme = cypher('compareRegionsOnTheme', `
CALL db.index.fulltext.queryNodes('entity_terms', $query, {limit: toInteger($candidates)}) YIELD node, score
WHERE node.kind IN ['STRATEGY_GOAL', 'SUB_GOAL', 'BENEFIT_GOAL', 'MEASURE', 'PROGRAMME'] AND node.regionId IN $regionIds
WITH node, score, size([g IN $groups WHERE any(alt IN g WHERE all(x IN alt WHERE node.searchTerms CONTAINS x))]) AS matched
WHERE matched > 0
CALL (node) {
  OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(node)
  WITH a ORDER BY coalesce(a.assessedOn, '') DESC, coalesce(a.period, '') DESC, coalesce(a.part, 0)
  WITH collect(a) AS found
  WITH found, [x IN found | [coalesce(x.assessedOn, ''), coalesce(x.period, '')]] AS stamps
  RETURN [i IN range(0, size(found) - 1) WHERE stamps[i] = stamps[0] | properties(found[i])] AS latest
}
RETURN node.regionId AS regionId, properties(node) AS node, score, matched, coalesce(node.historical, false) AS historical,
       node.periodYear AS periodYear, latest
ORDER BY matched DESC, historical, score DESC, node.id
`);
