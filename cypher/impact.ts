/**
 * Impact analysis: what weakens if these measures, units or programmes go. Read-only, one round
 * trip. Support runs from a measure upward along CONTRIBUTES_TO, SUPPORTS, ADVANCES and PART_OF
 * (measure -> sub-goal -> strategy goal -> objective; measure -> service path; action ->
 * bundle -> plan). An indicator is supported by what supports the nodes it measures.
 */
import { SUPPORT_TYPES } from '../src/model/vocabulary.js';
import { cypher } from './named.js';

const SUPPORT = SUPPORT_TYPES.join('|');

/** The measures a cut removes: a measure itself; a unit's, line's or partner's owned measures; a programme's part measures. */
const CUT_MEASURES = `
CALL () {
  UNWIND $cut AS cid
  OPTIONAL MATCH (c:Entity {id: cid})
  WITH cid, c WHERE c IS NULL
  RETURN collect(cid) AS missing
}
CALL () {
  UNWIND $cut AS cid
  MATCH (c:Entity {id: cid})
  CALL (c) {
    WITH c WHERE c:Measure
    RETURN c AS m, [c.id] AS via
    UNION
    WITH c WHERE c:ResponsibleUnit OR c:ServiceLine OR c:Partner
    MATCH (c)<-[:RESPONSIBLE]-(m:Measure)
    RETURN m, [c.id, m.id] AS via
    UNION
    WITH c WHERE c:Programme
    MATCH (c)<-[:PART_OF*1..4]-(m:Measure)
    RETURN m, [c.id, m.id] AS via
  }
  RETURN collect(DISTINCT m) AS cutMeasures, collect(DISTINCT {measure: m.id, via: via}) AS vias
}`;

export const impactOfCut = cypher('impactOfCut', `
${CUT_MEASURES}
CALL (cutMeasures) {
  UNWIND cutMeasures AS m
  MATCH (m)-[:${SUPPORT}|PART_OF*1..6]->(x:Entity)
  WHERE (x:SubGoal OR x:StrategyGoal OR x:ServicePath OR x:Programme OR x:BenefitGoal)
    AND ($regionId IS NULL OR x.regionId = $regionId)
  RETURN collect(DISTINCT x) AS reached
}
CALL (cutMeasures, reached) {
  UNWIND cutMeasures + reached AS t
  MATCH (i:Indicator)-[:MEASURES]->(t)
  WHERE $regionId IS NULL OR i.regionId = $regionId
  RETURN collect(DISTINCT i) AS indicators
}
CALL (cutMeasures, reached, indicators) {
  UNWIND reached + indicators AS x
  CALL (x) {
    OPTIONAL MATCH (x)-[:MEASURES]->(t:Entity)
    WITH x, CASE WHEN x:Indicator THEN collect(t) ELSE [x] END AS targets
    UNWIND targets AS t
    MATCH (m:Measure)-[:${SUPPORT}|PART_OF*0..6]->(t)
    RETURN collect(DISTINCT m.id) AS support
  }
  CALL (x, cutMeasures) {
    UNWIND cutMeasures AS m
    CALL (x, m) {
      WITH x, m WHERE NOT x:Indicator
      MATCH p = (m)-[:${SUPPORT}|PART_OF*1..6]->(x)
      RETURN [n IN nodes(p) | n.id] AS path
      UNION
      WITH x, m WHERE x:Indicator
      MATCH p = (m)-[:${SUPPORT}|PART_OF*0..6]->(:Entity)<-[:MEASURES]-(x)
      RETURN [n IN nodes(p) | n.id] AS path
    }
    WITH path ORDER BY size(path), path LIMIT 5
    RETURN collect(path) AS evidence
  }
  RETURN collect({node: properties(x), support: support, evidence: evidence}) AS items
}
CALL (cutMeasures) {
  MATCH (o:StrategyObjective)
  WHERE ($regionId IS NULL AND o.regionId IN [m IN cutMeasures | m.regionId]) OR o.regionId = $regionId
  OPTIONAL MATCH (m:Measure)-[:${SUPPORT}*1..6]->(o)
  WITH o, collect(DISTINCT m.id) AS support
  RETURN collect({objective: properties(o), support: support}) AS objectives
}
RETURN missing, [m IN cutMeasures | m.id] AS cutMeasureIds, vias, items, objectives
`);

/**
 * For fragility: every supportable node of a region with its supporting measures, and who owns
 * each of those measures (RESPONSIBLE).
 */
export const supportInRegion = cypher('supportInRegion', `
MATCH (x:Entity)
WHERE x.regionId = $regionId AND (x:SubGoal OR x:StrategyGoal OR x:ServicePath OR x:Programme OR x:BenefitGoal OR x:Indicator)
CALL (x) {
  OPTIONAL MATCH (x)-[:MEASURES]->(t:Entity)
  WITH x, CASE WHEN x:Indicator THEN collect(t) ELSE [x] END AS targets
  UNWIND targets AS t
  MATCH (m:Measure)-[:${SUPPORT}|PART_OF*0..6]->(t)
  RETURN collect(DISTINCT m.id) AS support
}
WITH x, support WHERE size(support) > 0
CALL (support) {
  UNWIND support AS mid
  MATCH (:Measure {id: mid})-[:RESPONSIBLE]->(o:Entity)
  RETURN collect({measure: mid, owner: o.id}) AS owners
}
RETURN properties(x) AS node, support, owners
`);
