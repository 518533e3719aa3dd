/** Full-text search with the Finnish analyzer (index entity_text, see schema.ts). */
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

/**
 * $query is a Lucene query built by src/search/query.ts from the user's words only (never the
 * raw text). Filters apply after the index, so $candidates is larger than $first. Both go
 * through toInteger: JavaScript numbers reach Neo4j as floats, which LIMIT refuses.
 */
export const searchEntities = cypher('searchEntities', `
CALL db.index.fulltext.queryNodes('entity_text', $query, {limit: toInteger($candidates)}) YIELD node, score
WHERE ($kinds IS NULL OR node.kind IN $kinds) AND ($regionId IS NULL OR node.regionId = $regionId)
WITH node, score
ORDER BY score DESC, node.id
LIMIT toInteger($first)
RETURN ${summaryOf('node')} AS node, score
`);
