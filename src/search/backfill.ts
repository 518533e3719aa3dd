/**
 * At start: nodes whose search terms are missing or stale get them now, a batch per transaction,
 * so that an upgraded database is searchable as this version searches without a reload. Stale:
 * made by an older analysis (SEARCH_TERMS_VERSION) or without the engine, which is here now
 * (cypher/search.ts nodesWithStaleSearchTerms). Only the search properties are written: no
 * version bump, no change record (they are not what the node says).
 */
import { nodesWithStaleSearchTerms, setSearchProperties } from '../../cypher/search.js';
import type { Database } from '../db/database.js';
import { morphologyStatus } from './morphology.js';
import { SEARCH_PROPERTIES, SEARCH_TERMS_VERSION, withSearchProperties } from './terms.js';

const BATCH = 2_000;
/** A progress line at most this often, on a large graph. */
const PROGRESS_MS = 10_000;

export async function addMissingSearchTerms(db: Database, log: (line: string) => void): Promise<number> {
  const engine = morphologyStatus().engine;
  const started = Date.now();
  let lastLog = started;
  let done = 0;
  for (;;) {
    const rows = await db.read<{ id: string; props: Record<string, unknown> }>(nodesWithStaleSearchTerms, { batch: BATCH, version: SEARCH_TERMS_VERSION, engine });
    if (rows.length === 0) break;
    const updates = rows.map((r) => {
      const all = withSearchProperties(r.props);
      return { id: r.id, props: Object.fromEntries(SEARCH_PROPERTIES.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])) };
    });
    await db.write(setSearchProperties, { rows: updates });
    done += rows.length;
    if (Date.now() - lastLog > PROGRESS_MS) {
      lastLog = Date.now();
      log(`search: terms made again for ${done.toLocaleString('en')} nodes so far`);
    }
  }
  if (done > 0) log(`search: terms made again for ${done.toLocaleString('en')} nodes (missing, or from an earlier analysis) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return done;
}
