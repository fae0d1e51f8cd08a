/**
 * The statement cache, in two layers. drizzle prepares a new better-sqlite3 statement for every
 * query it runs — the costliest step of a small query — so `cacheStatements` keeps the statements
 * of the most recent SQL texts and hands them out again: a statement is reusable once a call
 * returned (drizzle never iterates), and only its raw mode outlives a call, so that is reset
 * before reuse. The hot queries (read on every save) are also built by drizzle only once per
 * database (`preparedFor`), so they cost neither drizzle's query building nor SQLite's parsing.
 */
import type Database from 'better-sqlite3';
import type { AppDatabase } from './index.js';

/** SQL texts whose statements are kept (the app runs a few dozen distinct ones). */
export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

/** Makes `sqlite.prepare` reuse statements per SQL text (least recently used dropped first). */
export function cacheStatements(sqlite: Database.Database, size = DEFAULT_STATEMENT_CACHE_SIZE): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source); // re-inserted below: the Map's order is the recency order
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, statement);
    return statement;
  }) as Database.Database['prepare'];
}

/**
 * `build(db)` for `db`, made on first use and reused after: keyed by the `build` function, so
 * call it with a function defined once at module level.
 */
export function preparedFor<T>(db: AppDatabase, build: (db: AppDatabase) => T): T {
  let perDb = prepared.get(db);
  if (!perDb) {
    perDb = new Map();
    prepared.set(db, perDb);
  }
  let queries = perDb.get(build) as T | undefined;
  if (queries === undefined) {
    queries = build(db);
    perDb.set(build, queries);
  }
  return queries;
}

const prepared = new WeakMap<AppDatabase, Map<(db: AppDatabase) => unknown, unknown>>();
