/**
 * The map's overview and its downward views: what supports an objective, what a unit owns. Each
 * statement answers one level for many nodes at once, so a tree costs one round trip per level.
 */
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

/**
 * Per objective of a region: the strategy goals that SUPPORT it, their sub-goals, the measures
 * that CONTRIBUTE_TO those (or to the goals directly), and the indicators that MEASURE any of them
 * or the objective itself. Also the measures due this year and next.
 */
export const overviewOfRegion = cypher('overviewOfRegion', `
MATCH (region:Region {id: $regionId})
CALL (region) {
  MATCH (o:StrategyObjective {regionId: region.id})
  WITH o ORDER BY o.number
  CALL (o) {
    OPTIONAL MATCH (g:StrategyGoal)-[:SUPPORTS]->(o)
    RETURN collect(DISTINCT g) AS goals
  }
  CALL (goals) {
    UNWIND goals AS g
    MATCH (sg:SubGoal)-[:CONTRIBUTES_TO]->(g)
    RETURN collect(DISTINCT sg) AS subGoals
  }
  CALL (goals, subGoals) {
    UNWIND goals + subGoals AS t
    MATCH (m:Measure)-[:CONTRIBUTES_TO]->(t)
    RETURN collect(DISTINCT m) AS measures
  }
  CALL (o, goals, subGoals, measures) {
    UNWIND [o] + goals + subGoals + measures AS t
    MATCH (i:Indicator)-[:MEASURES]->(t)
    RETURN collect(DISTINCT i) AS indicators
  }
  RETURN collect({
    objective: ${summaryOf('o')},
    strategyGoals: [x IN goals | ${summaryOf('x')}],
    subGoals: [x IN subGoals | ${summaryOf('x')}],
    measures: [x IN measures | ${summaryOf('x')}],
    indicators: [x IN indicators | ${summaryOf('x')}]
  }) AS objectives
}
CALL (region) {
  OPTIONAL MATCH (m:Measure {regionId: region.id})
  WHERE m.dueYear IN [$year, $year + 1]
  RETURN collect(${summaryOf('m')}) AS due
}
RETURN region.id AS regionId, objectives, due
`);

/**
 * One level of support trees: for each node id, its children by the rules of its kind. $rules
 * maps a kind to the relations it follows downward, each 'IN:TYPE' (the child points to it) or
 * 'OUT:TYPE' (it points to the child); the types come from a closed list in the resolver.
 */
export const supportChildren = cypher('supportChildren', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[r]-(c:Entity)
WHERE (CASE WHEN startNode(r) = n THEN 'OUT:' ELSE 'IN:' END + type(r)) IN coalesce($rules[n.kind], [])
WITH id, n, r, c
ORDER BY c.kind, c.order, c.number, c.id
RETURN id, collect(CASE WHEN c IS NULL THEN null ELSE {
  type: type(r), direction: CASE WHEN startNode(r) = n THEN 'IN' ELSE 'OUT' END,
  props: properties(r), node: ${summaryOf('c')}
} END) AS children
`);

/** For each measure: the service lines it belongs to and the units and partners that carry it (the tree's filters). */
export const measureFacets = cypher('measureFacets', `
UNWIND $ids AS id
MATCH (m:Measure {id: id})
RETURN id,
  COLLECT { MATCH (m)-[:RESPONSIBLE|IN_SERVICE_LINE]->(l:ServiceLine) RETURN DISTINCT ${summaryOf('l')} } +
  COLLECT { MATCH (m)-[:CONTRIBUTES_TO]->(:SubGoal)-[:IN_SERVICE_LINE]->(l:ServiceLine) RETURN DISTINCT ${summaryOf('l')} } AS lines,
  COLLECT { MATCH (m)-[:RESPONSIBLE|INVOLVES]->(u:Entity) WHERE u:ResponsibleUnit OR u:Partner RETURN DISTINCT ${summaryOf('u')} } AS units
`);

/** One route up from a node towards a strategy objective (the shortest), for breadcrumbs. */
export const routeUp = cypher('routeUp', `
MATCH (n:Entity {id: $id})
OPTIONAL MATCH p = SHORTEST 1 (n)-[:CONTRIBUTES_TO|SUPPORTS|IN_SERVICE_LINE|PART_OF|HAS_GOAL]->{1,8}(o:StrategyObjective)
RETURN CASE WHEN p IS NULL THEN [] ELSE [x IN reverse(tail(nodes(p))) | ${summaryOf('x')}] END AS ancestors
`);
