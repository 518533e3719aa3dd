/**
 * The database schema, applied at every start (each statement is idempotent: IF NOT EXISTS).
 * Every node of the graph carries the label Entity plus its kind's label (Measure, SubGoal...).
 */
import { cypher } from './named.js';

export const schemaStatements = [
  cypher('constraintEntityId', 'CREATE CONSTRAINT entity_id_unique IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE'),
  cypher('indexEntityKind', 'CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)'),
  cypher('indexEntityRegion', 'CREATE INDEX entity_region IF NOT EXISTS FOR (n:Entity) ON (n.regionId)'),
  cypher('indexEntityOrigin', 'CREATE INDEX entity_origin IF NOT EXISTS FOR (n:Entity) ON (n.origin)'),
  // The change history (cypher/history.ts): one counter, records found by node, relation end and region.
  cypher('constraintChangeCounter', 'CREATE CONSTRAINT change_counter_name IF NOT EXISTS FOR (c:ChangeCounter) REQUIRE c.name IS UNIQUE'),
  cypher('constraintChangeSeq', 'CREATE CONSTRAINT change_record_seq IF NOT EXISTS FOR (c:ChangeRecord) REQUIRE c.seq IS UNIQUE'),
  cypher('indexChangeNode', 'CREATE INDEX change_record_node IF NOT EXISTS FOR (c:ChangeRecord) ON (c.nodeId)'),
  cypher('indexChangeFrom', 'CREATE INDEX change_record_from IF NOT EXISTS FOR (c:ChangeRecord) ON (c.fromId)'),
  cypher('indexChangeTo', 'CREATE INDEX change_record_to IF NOT EXISTS FOR (c:ChangeRecord) ON (c.toId)'),
  cypher('indexChangeRegion', 'CREATE INDEX change_record_region IF NOT EXISTS FOR (c:ChangeRecord) ON (c.regionId, c.seq)'),
  // The Finnish-analyzer index that search read before entity_terms: nothing reads it now, and
  // every write paid its update (about 7 ms of a 19 ms write at 100k nodes), so a database made
  // before has it dropped.
  cypher('dropFulltextEntityText', 'DROP INDEX entity_text IF EXISTS'),
  // Our own terms (src/search/terms.ts: words, Voikko base forms, compound parts), written with
  // each node; the whitespace analyzer keeps them as they are. Works on any Neo4j 5, Aura included.
  cypher(
    'fulltextEntityTerms',
    "CREATE FULLTEXT INDEX entity_terms IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchTitle, n.searchTerms] OPTIONS { indexConfig: { `fulltext.analyzer`: 'whitespace' } }",
  ),
] as const;

/** Waits until every index is online, at most $seconds (an error after that). */
export const awaitIndexes = cypher('awaitIndexes', 'CALL db.awaitIndexes(toInteger($seconds))');

export const listConstraints = cypher('listConstraints', 'SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes AS labels, properties');

export const listIndexes = cypher(
  'listIndexes',
  "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state RETURN name, type, labelsOrTypes AS labels, properties, options.indexConfig['fulltext.analyzer'] AS analyzer, state",
);
