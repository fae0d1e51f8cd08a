/**
 * Prepared drizzle queries, built once per database and kept with it: a hot query (read on every
 * save) then costs neither drizzle's query building nor SQLite's parsing.
 */
import type { AppDatabase } from './index.js';

/**
 * `build(db)` for `db`, made on first use and reused after: keyed by the `build` function, so
 * call it with a function defined once at module level.
 */
export function preparedFor<T>(db: AppDatabase, build: (db: AppDatabase) => T): T {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let prepared = perDb.get(build) as T | undefined;
  if (prepared === undefined) {
    prepared = build(db);
    perDb.set(build, prepared);
  }
  return prepared;
}

const cache = new WeakMap<AppDatabase, Map<(db: AppDatabase) => unknown, unknown>>();
