/**
 * At start: nodes written by an earlier version, before search terms existed, get them now (a
 * batch per transaction), so that an upgraded database is searchable without a reload.
 */
import { nodesWithoutSearchTerms, setSearchProperties } from '../../cypher/search.js';
import type { Database } from '../db/database.js';
import { SEARCH_PROPERTIES, withSearchProperties } from './terms.js';

const BATCH = 2_000;

export async function addMissingSearchTerms(db: Database, log: (line: string) => void): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.read<{ id: string; props: Record<string, unknown> }>(nodesWithoutSearchTerms, { batch: BATCH });
    if (rows.length === 0) break;
    const updates = rows.map((r) => {
      const all = withSearchProperties(r.props);
      return { id: r.id, props: Object.fromEntries(SEARCH_PROPERTIES.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])) };
    });
    await db.write(setSearchProperties, { rows: updates });
    done += rows.length;
  }
  if (done > 0) log(`search: terms added to ${done} nodes written before search terms existed`);
  return done;
}
