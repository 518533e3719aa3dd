/**
 * Impact analysis: what weakens if these measures, units or programmes go. Read-only, one round
 * trip. Support runs from a measure upward along CONTRIBUTES_TO, SUPPORTS, ADVANCES and PART_OF
 * (measure -> sub-goal -> strategy goal -> objective; measure -> service path; action ->
 * bundle -> plan). An indicator is supported by what supports the nodes it measures.
 */
import { SUPPORT_TYPES } from '../src/model/vocabulary.js';
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

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

/**
 * At risk: the measures and programmes that INVOLVE a cut unit, partner or service line but are
 * not removed (nobody cut is RESPONSIBLE for them). Each with the participants it loses, the ones
 * it keeps (INVOLVES, not cut), who stays RESPONSIBLE, and the sub-goals, strategy goals,
 * objectives and service paths it serves (the support chain upward).
 */
const AT_RISK = `
  UNWIND $cut AS cid
  MATCH (c:Entity {id: cid}) WHERE c:ResponsibleUnit OR c:Partner OR c:ServiceLine
  MATCH (n:Entity)-[:INVOLVES]->(c)
  WHERE (n:Measure OR n:Programme) AND NOT n IN cutMeasures AND NOT n.id IN $cut
    AND ($regionId IS NULL OR n.regionId = $regionId)
  WITH n, collect(DISTINCT c.id) AS lost
  CALL (n) {
    OPTIONAL MATCH (n)-[:INVOLVES]->(p:Entity)
    RETURN collect(DISTINCT p.id) AS participants
  }
  CALL (n) {
    OPTIONAL MATCH (n)-[:RESPONSIBLE]->(r:Entity)
    RETURN collect(DISTINCT r.id) AS responsible
  }
  CALL (n) {
    OPTIONAL MATCH (n)-[:${SUPPORT}|PART_OF*1..6]->(x:Entity)
    WHERE x:SubGoal OR x:StrategyGoal OR x:StrategyObjective OR x:ServicePath
    RETURN collect(DISTINCT {id: x.id, kind: CASE WHEN x:SubGoal THEN 'SubGoal' WHEN x:StrategyGoal THEN 'StrategyGoal' WHEN x:StrategyObjective THEN 'StrategyObjective' ELSE 'ServicePath' END}) AS serves
  }
  RETURN collect({node: n.id, lost: lost, participants: participants, responsible: responsible, serves: serves}) AS atRisk`;

/**
 * The service paths a cut touches: those with a cut participant (HAS_PARTICIPANT) and those an
 * at-risk measure serves. A path's participants are its HAS_PARTICIPANT ends and the units,
 * partners and lines of the measures that ADVANCE it (INVOLVES or RESPONSIBLE).
 */
const PATH_PARTICIPANTS = `
  CALL () {
    UNWIND $cut AS cid
    OPTIONAL MATCH (p:ServicePath)-[:HAS_PARTICIPANT]->(:Entity {id: cid})
    RETURN collect(DISTINCT p.id) AS direct
  }
  UNWIND direct + reduce(acc = [], r IN atRisk | acc + [s IN r.serves WHERE s.kind = 'ServicePath' | s.id]) AS pid
  WITH DISTINCT pid
  MATCH (p:ServicePath {id: pid})
  WHERE $regionId IS NULL OR p.regionId = $regionId
  CALL (p) {
    OPTIONAL MATCH (p)-[:HAS_PARTICIPANT]->(a:Entity)
    RETURN collect(DISTINCT a.id) AS direct
  }
  CALL (p) {
    OPTIONAL MATCH (p)<-[:ADVANCES]-(:Measure)-[:INVOLVES|RESPONSIBLE]->(b:Entity)
    RETURN collect(DISTINCT b.id) AS viaMeasures
  }
  RETURN collect({path: p.id, participants: direct + [b IN viaMeasures WHERE NOT b IN direct]}) AS paths`;

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
 * The at-risk side of a cut (AT_RISK, PATH_PARTICIPANTS), a statement of its own: folded into
 * impactOfCut it made that statement's planning slow enough (seconds on a loaded machine) to
 * run into the request deadline before the plan was ever cached.
 */
export const atRiskOfCut = cypher('atRiskOfCut', `
${CUT_MEASURES}
CALL (cutMeasures) {
  ${AT_RISK}
}
CALL (atRisk) {
  ${PATH_PARTICIPANTS}
}
RETURN atRisk, paths
`);

/**
 * For fragility: every supportable node of a region with its supporting measures, who owns each
 * of those measures (RESPONSIBLE) and who takes part in it (INVOLVES).
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
CALL (support) {
  UNWIND support AS mid
  MATCH (:Measure {id: mid})-[:INVOLVES]->(o:Entity)
  RETURN collect({measure: mid, participant: o.id}) AS participants
}
RETURN properties(x) AS node, support, owners, participants
`);

/**
 * What a cut can hold, for the browse lists: a region's measures, responsible units, service
 * lines, partners and programmes, each with the service line a measure is RESPONSIBLE to (for
 * grouping). Summaries.
 */
export const cutCandidates = cypher('cutCandidates', `
MATCH (n:Entity {regionId: $regionId})
WHERE n:Measure OR n:ResponsibleUnit OR n:ServiceLine OR n:Partner OR n:Programme
OPTIONAL MATCH (n:Measure)-[:RESPONSIBLE]->(l:ServiceLine)
WITH n, min(l.id) AS lineId
RETURN ${summaryOf('n')} AS node, lineId
`);
