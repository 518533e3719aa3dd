/** What every resolver of one request shares: the database, that request's loaders and its query log. */
import type { Database, QueryLog } from '../db/database.js';
import { newQueryLog } from '../db/database.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Database;
  loaders: Loaders;
  /** Round trips of this request, by statement name. */
  log: QueryLog;
}

export function createContext(db: Database): Context {
  const log = newQueryLog();
  return { db, log, loaders: createLoaders(db, log) };
}
