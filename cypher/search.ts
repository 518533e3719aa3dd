/*
 * Full-text search over entity_terms (see schema.ts). $query is a Lucene query built by
 * src/search/query.ts from the user's words only (never the raw text). Filters apply after the
 * index, so $candidates is larger than $first. Both go through toInteger: JavaScript numbers
 * reach Neo4j as floats, which LIMIT refuses.
 */
import { cypher } from './named.js';
import { summaryOf } from './projection.js';

/**
 * search (src/search/query.ts planSearch): $query over entity_terms, then coordination: $groups
 * holds per user word its alternatives, each a list of needles that must all be in the node's
 * space-padded searchTerms. Order: most of the user's words first, then most of them in the
 * title (searchTitle), then current before historical (the 2020 self-evaluation after today's
 * plans), then Lucene's score. The title comes before the period: the period orders hits that
 * match equally well, it must not put a long current programme whose lists happen to hold the
 * words before the node whose title says them (a title copied into the box found a 2025
 * programme first and its own 2020 measure 8th). $fields are the text properties returned for
 * the snippet of each hit.
 */
export const searchByTerms = cypher('searchByTerms', `
CALL db.index.fulltext.queryNodes('entity_terms', $query, {limit: toInteger($candidates)}) YIELD node, score
WHERE ($kinds IS NULL OR node.kind IN $kinds) AND ($regionId IS NULL OR node.regionId = $regionId)
WITH node, score,
     size([g IN $groups WHERE any(alt IN g WHERE all(x IN alt WHERE node.searchTerms CONTAINS x))]) AS matched,
     size([g IN $groups WHERE any(alt IN g WHERE all(x IN alt WHERE node.searchTitle CONTAINS x))]) AS inTitle
ORDER BY matched DESC, inTitle DESC, coalesce(node.historical, false), score DESC, node.id
LIMIT toInteger($first)
RETURN ${summaryOf('node')} AS node, score, matched, node.periodYear AS periodYear, coalesce(node.historical, false) AS historical,
       [f IN $fields | node[f]] AS texts
`);

/** Counts of what the search matches, per kind and region (filters applied in src/search/). */
export const searchFacetCounts = cypher('searchFacetCounts', `
CALL db.index.fulltext.queryNodes('entity_terms', $query, {limit: toInteger($candidates)}) YIELD node
RETURN node.kind AS kind, node.regionId AS regionId, count(*) AS count
`);

/**
 * Nodes whose search terms are missing or stale, a batch at a time: written before search terms
 * existed, by an older analysis (searchVersion below $version), or without the engine ('none')
 * when the engine ($engine) is here now. Without the engine, only terms known to be made without
 * it are made again: terms that may be Voikko's (searchEngine 'voikko', or not recorded, as before
 * version 2) are never replaced by poorer ones because one server lacks the library.
 */
export const nodesWithStaleSearchTerms = cypher('nodesWithStaleSearchTerms', `
MATCH (n:Entity)
WHERE n.searchTerms IS NULL
   OR ($engine = 'voikko' AND (coalesce(n.searchEngine, 'none') <> 'voikko' OR coalesce(n.searchVersion, 0) < $version))
   OR ($engine = 'none' AND n.searchEngine = 'none' AND coalesce(n.searchVersion, 0) < $version)
RETURN n.id AS id, properties(n) AS props
LIMIT toInteger($batch)
`);

/** Rows: { id, props }: the search properties (src/search/terms.ts) added to each node. */
export const setSearchProperties = cypher('setSearchProperties', `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props
`);
