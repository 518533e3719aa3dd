/**
 * How statements return nodes: `properties(n)` is the full record; `summaryOf('n')` is the
 * summary record as a list of the values of SUMMARY_PROPERTIES (src/model/records.ts), in that
 * order, which `fromSummary` turns back into a record. A list rather than a map: a map would
 * carry every key's name for every node, a list carries one byte for an absent property.
 */
import { SUMMARY_PROPERTIES } from '../src/model/records.js';

/** A Cypher expression for the summary of the node bound to `variable`. */
export function summaryOf(variable: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(variable)) throw new Error(`not a Cypher variable: ${variable}`);
  return `[${SUMMARY_PROPERTIES.map((k) => `${variable}.${k}`).join(', ')}]`;
}

/** A Cypher expression for one property of a summary bound to `variable` (for statements that wrap ours). */
export function summaryValue(variable: string, key: (typeof SUMMARY_PROPERTIES)[number]): string {
  return `${variable}[${SUMMARY_PROPERTIES.indexOf(key)}]`;
}
