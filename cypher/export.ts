/** Backups of what editors wrote (npm run export, src/seeds/export.ts): the API's nodes and relations. */
import { cypher } from './named.js';

/** Every node created through the API, its kind label, and every relation it starts. Change records (issue 17) are not :Entity. */
export const exportApiNodes = cypher(
  'exportApiNodes',
  `MATCH (n:Entity) WHERE n.origin = 'api'
   OPTIONAL MATCH (n)-[r]->(m:Entity)
   WITH n, r, m ORDER BY type(r), m.id
   RETURN properties(n) AS props, [l IN labels(n) WHERE l <> 'Entity'][0] AS label,
          [x IN collect(CASE WHEN r IS NULL THEN null ELSE {type: type(r), target: m.id, props: properties(r)} END) WHERE x IS NOT NULL] AS relations
   ORDER BY props.id`,
);

/** Relations created through the API that start at a seed node: the seed files cannot hold them. */
export const exportApiLinksFromSeedNodes = cypher(
  'exportApiLinksFromSeedNodes',
  `MATCH (a:Entity)-[r]->(b:Entity) WHERE r.origin = 'api' AND coalesce(a.origin, 'seed') <> 'api'
   RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
   ORDER BY from, type, to`,
);
