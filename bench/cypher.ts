/**
 * The benchmark's own statements: bulk loading the synthetic graph, and the raw-Cypher floor for
 * the operations whose API statement is not already one statement (the service-line tree). The
 * floor for trace, search, impact and the matrix is the very statement our API runs (cypher/).
 * test/bench.test.ts runs each of these on the real database.
 */
import { cypher } from '../cypher/named.js';

/** Rows: { label, props }. The database is empty of these ids, so CREATE, not MERGE. */
export const benchCreateNodes = cypher('benchCreateNodes', `
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props
SET n:$(row.label)
`);

/** Rows: { from, to, type, props }. */
export const benchCreateRelationships = cypher('benchCreateRelationships', `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
`);

/** The bulk load drops the full-text index and rebuilds it afterwards (applySchema creates it again). */
export const benchDropFulltextIndex = cypher('benchDropFulltextIndex', 'DROP INDEX entity_text IF EXISTS');

/** Ids to vary the operations over: measures with a route to an objective, service lines with sub-goals. */
export const benchSampleIds = cypher('benchSampleIds', `
CALL () {
  MATCH (m:Measure)-[:CONTRIBUTES_TO]->(:SubGoal)-[:CONTRIBUTES_TO]->(:StrategyGoal)
  WITH DISTINCT m ORDER BY m.id LIMIT toInteger($n)
  RETURN collect(m.id) AS measures
}
CALL () {
  MATCH (l:ServiceLine)<-[:IN_SERVICE_LINE]-(:SubGoal)<-[:CONTRIBUTES_TO]-(:Measure)
  WITH DISTINCT l ORDER BY l.id LIMIT toInteger($n)
  RETURN collect(l.id) AS lines
}
CALL () {
  MATCH (p:ServicePath)
  WITH DISTINCT p.regionId AS regionId ORDER BY regionId LIMIT toInteger($n)
  RETURN collect(regionId) AS matrixRegions
}
RETURN measures, lines, matrixRegions
`);

/**
 * The floor for the service-line tree: the same data as the API's tree query (goals > sub-goals >
 * measures > indicators and responsible), in one statement with pattern comprehensions.
 */
export const rawServiceLineTree = cypher('rawServiceLineTree', `
MATCH (line:ServiceLine {id: $id})
RETURN line {
  .id, .title,
  goals: COLLECT {
    MATCH (line)<-[:IN_SERVICE_LINE]-(:SubGoal)-[:CONTRIBUTES_TO]->(g:StrategyGoal)
    WITH DISTINCT g ORDER BY g.order
    RETURN g {
      .id, .title,
      subGoals: COLLECT {
        MATCH (line)<-[:IN_SERVICE_LINE]-(sg:SubGoal)-[:CONTRIBUTES_TO]->(g)
        WITH sg ORDER BY sg.id
        RETURN sg {
          .id, .title,
          measures: COLLECT {
            MATCH (sg)<-[:CONTRIBUTES_TO]-(m:Measure)
            WITH m ORDER BY m.id
            RETURN m {
              .id, .title, .dueYear,
              indicators: COLLECT { MATCH (m)<-[:MEASURES]-(i:Indicator) RETURN i { .id, .title, .target, .unit } },
              responsible: COLLECT { MATCH (m)-[:RESPONSIBLE]->(o:Entity) RETURN o { .id, .title } }
            }
          }
        }
      }
    }
  }
} AS tree
`);

export const benchNeo4jVersion = cypher('benchNeo4jVersion', `
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
`);
