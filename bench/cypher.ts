/**
 * The benchmark's own statements: bulk loading the synthetic graph, and the raw-Cypher floor for
 * the operations whose API statement is not already one statement (the service-line tree). The
 * floor for trace, search, impact and the matrix is the very statement our API runs (cypher/).
 * test/bench.test.ts runs each of these on the real database.
 */
import { cypher } from '../cypher/named.js';
import { KINDS, RELATION_TYPES } from '../src/model/vocabulary.js';
import { summaryOf } from '../cypher/projection.js';

/**
 * Whole copies at once. $nodes[i] holds the property maps of the nodes labelled KINDS[i];
 * $rels[j] holds rows { from, to, props } of the relationships of type RELATION_TYPES[j], whose
 * ends are POSITIONS in the nodes of all labels concatenated in KINDS order: the nodes are
 * created and collected in that order, so a relationship finds its ends in that list, with no
 * index lookup per relationship. Labels and types are written into the statement (from the
 * closed vocabulary, never from input): per-row dynamic labels and types took longer than the
 * writes themselves. Positions go through toInteger (a JavaScript number reaches Neo4j as a
 * float). The database is empty of these ids, so CREATE, not MERGE.
 */
export const benchCreateCopies = cypher('benchCreateCopies', `
${KINDS.map((label, i) => `CALL () { UNWIND $nodes[${i}] AS props CREATE (n:Entity:${label}) SET n = props RETURN collect(n) AS created${i} }`).join('\n')}
WITH ${KINDS.map((_, i) => `created${i}`).join(' + ')} AS created
${RELATION_TYPES.map((type, j) => `CALL (created) { UNWIND $rels[${j}] AS rel WITH created[toInteger(rel.from)] AS a, created[toInteger(rel.to)] AS b, rel CREATE (a)-[r:${type}]->(b) SET r = rel.props }`).join('\n')}
`);

/**
 * The bulk load drops the schema (constraint and indexes) and applySchema builds it again after:
 * populating an index once costs far less than updating it row by row, and the load looks
 * nothing up. The rebuild is part of the reported time.
 */
export const benchDropSchema = [
  cypher('benchDropIdConstraint', 'DROP CONSTRAINT entity_id_unique IF EXISTS'),
  cypher('benchDropKindIndex', 'DROP INDEX entity_kind IF EXISTS'),
  cypher('benchDropRegionIndex', 'DROP INDEX entity_region IF EXISTS'),
  cypher('benchDropOriginIndex', 'DROP INDEX entity_origin IF EXISTS'),
  cypher('benchDropTermsIndex', 'DROP INDEX entity_terms IF EXISTS'),
] as const;

/**
 * The peer's search: what our API ran before issue 13 (Neo4j's `finnish` analyzer over title,
 * description and text, the query of src/search/query.ts buildSearchQuery). The product no
 * longer has this index (cypher/schema.ts drops it: its update cost every write), so the
 * benchmark makes it for the peer after the load and drops it before it measures writes.
 */
export const benchPeerTextIndex = cypher(
  'benchPeerTextIndex',
  "CREATE FULLTEXT INDEX entity_text IF NOT EXISTS FOR (n:Entity) ON EACH [n.title, n.description, n.text] OPTIONS { indexConfig: { `fulltext.analyzer`: 'finnish' } }",
);
export const benchDropPeerTextIndex = cypher('benchDropPeerTextIndex', 'DROP INDEX entity_text IF EXISTS');
export const peerSearchEntities = cypher('peerSearchEntities', `
CALL db.index.fulltext.queryNodes('entity_text', $query, {limit: toInteger($candidates)}) YIELD node, score
WHERE ($kinds IS NULL OR node.kind IN $kinds) AND ($regionId IS NULL OR node.regionId = $regionId)
WITH node, score
ORDER BY score DESC, node.id
LIMIT toInteger($first)
RETURN ${summaryOf('node')} AS node, score
`);

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

/** A node's version (the history benchmark's updates need the current one). */
export const benchNodeVersion = cypher('benchNodeVersion', 'MATCH (n:Entity {id: $id}) RETURN coalesce(n.version, 1) AS v');

/** bench/cost.ts: the measures to cut, in id order. */
export const costSampleMeasures = cypher('costSampleMeasures', 'MATCH (m:Measure) RETURN m.id AS id ORDER BY m.id LIMIT 500');

/** bench/cost.ts: the region with the most measures (fragility's and compare's input). */
export const costSampleRegion = cypher('costSampleRegion', `
MATCH (r:Region)
OPTIONAL MATCH (m:Measure) WHERE m.regionId = r.id
RETURN r.id AS id, count(m) AS n ORDER BY n DESC LIMIT 1
`);
