/**
 * drizzle prepares a new better-sqlite3 statement for every query it runs — the costliest step of
 * a small query. This keeps the statements of the most recent SQL texts and hands them out again:
 * a statement is reusable once a call returned (drizzle never iterates), and only its raw mode
 * outlives a call, so that is reset before reuse.
 */
import type Database from 'better-sqlite3';

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
