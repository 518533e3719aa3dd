/** Gaps in one region's graph, in one round trip. */
import { cypher } from './named.js';

export const coverageOfRegion = cypher('coverageOfRegion', `
MATCH (region:Region {id: $regionId})
CALL (region) {
  MATCH (sg:SubGoal {regionId: region.id})
  WHERE NOT EXISTS { (sg)<-[:CONTRIBUTES_TO]-(:Measure) }
  RETURN collect(properties(sg)) AS subGoalsWithoutMeasures
}
CALL (region) {
  MATCH (m:Measure {regionId: region.id})
  WHERE NOT EXISTS { (m)-[:RESPONSIBLE]->() }
  RETURN collect(properties(m)) AS measuresWithoutResponsible
}
CALL (region) {
  MATCH (m:Measure {regionId: region.id})
  WHERE NOT EXISTS { (m)<-[:MEASURES]-(:Indicator) }
  RETURN collect(properties(m)) AS measuresWithoutIndicator
}
CALL (region) {
  MATCH (g:StrategyGoal {regionId: region.id})
  WHERE NOT EXISTS { (g)<-[:CONTRIBUTES_TO]-(:SubGoal) }
  RETURN collect(properties(g)) AS strategyGoalsWithoutSubGoals
}
CALL (region) {
  MATCH (o:StrategyObjective {regionId: region.id})
  WHERE NOT EXISTS { (o)<-[:SUPPORTS]-() }
  RETURN collect(properties(o)) AS objectivesWithoutGoals
}
CALL (region) {
  MATCH (a:Entity {regionId: region.id})-[r]->(b:Entity)
  WHERE r.confidence = 'INFERRED'
  RETURN collect({from: a.id, to: b.id, type: type(r), confidence: r.confidence, rationale: r.rationale}) AS inferredEdges
}
CALL (region) {
  MATCH (n:Entity {regionId: region.id})
  WHERE n.confidence = 'INFERRED'
  RETURN collect(properties(n)) AS inferredNodes
}
CALL (region) {
  OPTIONAL MATCH (m:Measure {regionId: region.id})
  RETURN count(m) AS measures,
         count(CASE WHEN EXISTS { (m)<-[:MEASURES]-(:Indicator) } THEN 1 END) AS measuresWithIndicator
}
CALL (region) {
  OPTIONAL MATCH (sg:SubGoal {regionId: region.id})
  RETURN count(sg) AS subGoals,
         count(CASE WHEN EXISTS { (sg)<-[:CONTRIBUTES_TO]-(:Measure) } THEN 1 END) AS subGoalsWithMeasures
}
RETURN properties(region) AS region, subGoalsWithoutMeasures, measuresWithoutResponsible, measuresWithoutIndicator,
       strategyGoalsWithoutSubGoals, objectivesWithoutGoals, inferredEdges, inferredNodes,
       {measures: measures, measuresWithIndicator: measuresWithIndicator, subGoals: subGoals, subGoalsWithMeasures: subGoalsWithMeasures} AS counts
`);
