/** Maintenance statements for whoever owns a whole database: tests and benchmarks. */
import { cypher } from './named.js';

/** Every node goes, in batches so that a million nodes fit in the heap (needs an implicit transaction). */
export const deleteEverything = cypher('deleteEverything', 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
