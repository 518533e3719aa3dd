/**
 * Reading nodes and their neighbours: the statements behind the per-request DataLoaders. Lookups
 * by id return full records; statements that return many nodes return summaries (projection.ts).
 */
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

export const nodesByIds = cypher('nodesByIds', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN properties(n) AS node
`);

/** For each id, the relations that start there (optionally of some types, to some kinds). */
export const outgoingRelations = cypher('outgoingRelations', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})-[r]->(m:Entity)
WHERE ($types IS NULL OR type(r) IN $types) AND ($kinds IS NULL OR m.kind IN $kinds)
RETURN id, collect({type: type(r), props: properties(r), node: ${summaryOf('m')}}) AS relations
`);

/** For each id, the relations that end there. */
export const incomingRelations = cypher('incomingRelations', `
UNWIND $ids AS id
MATCH (n:Entity {id: id})<-[r]-(m:Entity)
WHERE ($types IS NULL OR type(r) IN $types) AND ($kinds IS NULL OR m.kind IN $kinds)
RETURN id, collect({type: type(r), props: properties(r), node: ${summaryOf('m')}}) AS relations
`);

export const allRegions = cypher('allRegions', `
MATCH (n:Region)
RETURN properties(n) AS node
ORDER BY n.title
`);

export const nodesOfKindInRegion = cypher('nodesOfKindInRegion', `
MATCH (n:Entity)
WHERE n.kind = $kind AND n.regionId = $regionId
RETURN properties(n) AS node
`);

/** Per region: its service lines that are part of no other line. */
export const topServiceLinesByRegion = cypher('topServiceLinesByRegion', `
UNWIND $regionIds AS regionId
MATCH (l:ServiceLine {regionId: regionId})
WHERE NOT (l)-[:PART_OF]->(:ServiceLine)
RETURN regionId, collect(${summaryOf('l')}) AS lines
`);

/** Per region: its strategy objectives. */
export const objectivesByRegion = cypher('objectivesByRegion', `
UNWIND $regionIds AS regionId
MATCH (o:StrategyObjective {regionId: regionId})
RETURN regionId, collect(${summaryOf('o')}) AS objectives
`);

/** Per service line: each strategy goal its sub-goals contribute to, with those sub-goals. */
export const goalsOfServiceLines = cypher('goalsOfServiceLines', `
UNWIND $ids AS id
MATCH (line:ServiceLine {id: id})<-[:IN_SERVICE_LINE]-(sg:SubGoal)-[:CONTRIBUTES_TO]->(g:StrategyGoal)
WITH id, g, collect(${summaryOf('sg')}) AS subGoals
RETURN id, collect({strategyGoal: ${summaryOf('g')}, subGoals: subGoals}) AS goals
`);

export const measuresInRegion = cypher('measuresInRegion', `
MATCH (m:Measure {regionId: $regionId})
WHERE $dueYear IS NULL OR m.dueYear = $dueYear
RETURN ${summaryOf('m')} AS node
`);

export const programmesInRegion = cypher('programmesInRegion', `
MATCH (p:Programme)
WHERE ($regionId IS NULL AND p.regionId IS NULL) OR p.regionId = $regionId
RETURN properties(p) AS node
`);

export const assessmentsInRegion = cypher('assessmentsInRegion', `
MATCH (a:Assessment)-[:ASSESSES]->(t:Entity)
WHERE a.regionId = $regionId AND ($targetId IS NULL OR t.id = $targetId)
RETURN properties(a) AS node
`);

/**
 * A service line's whole tree in one statement, for the look-ahead of `ServiceLine.goals` when a
 * query asks for the sub-goals' measures (src/graphql/loaders.ts, serviceLineTree): each strategy
 * goal with its objectives, this line's sub-goals under it, their measures, and each measure's
 * indicators, responsible and involved parties. Each level returns the values of the properties
 * the query selects there ($goalKeys, ...; in that order, id first), not whole records: reading
 * and sending every property was half of the statement's time. Objectives and involved parties
 * are fetched only when selected ($withObjectives, $withInvolves). These lists serve neighbour
 * fields (nodes), so the relations' own properties are left out.
 */
export const serviceLineTrees = cypher('serviceLineTrees', `
UNWIND $ids AS id
MATCH (line:ServiceLine {id: id})
RETURN id, COLLECT {
  MATCH (line)<-[:IN_SERVICE_LINE]-(:SubGoal)-[:CONTRIBUTES_TO]->(g:StrategyGoal)
  WITH DISTINCT g
  RETURN {
    strategyGoal: [k IN $goalKeys | g[k]],
    objectives: COLLECT { MATCH (g)-[r:SUPPORTS]->(o:Entity) WHERE $withObjectives RETURN {type: type(r), node: [k IN $objectiveKeys | o[k]]} },
    subGoals: COLLECT {
      MATCH (line)<-[:IN_SERVICE_LINE]-(sg:SubGoal)-[:CONTRIBUTES_TO]->(g)
      RETURN {
        node: [k IN $subGoalKeys | sg[k]],
        measures: COLLECT {
          MATCH (sg)<-[r:CONTRIBUTES_TO]-(m:Measure)
          RETURN {
            type: type(r), node: [k IN $measureKeys | m[k]],
            indicators: COLLECT { MATCH (m)<-[ri:MEASURES]-(i:Indicator) RETURN {type: type(ri), node: [k IN $indicatorKeys | i[k]]} },
            responsible: COLLECT { MATCH (m)-[rr:RESPONSIBLE]->(o:Entity) RETURN {type: type(rr), node: [k IN $partyKeys | o[k]]} },
            involves: COLLECT { MATCH (m)-[rv:INVOLVES]->(o:Entity) WHERE $withInvolves RETURN {type: type(rv), node: [k IN $partyKeys | o[k]]} }
          }
        }
      }
    }
  }
} AS goals
`);
