import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';
import { cacheStatements } from './statement-cache.js';

/** The drizzle handle every repository takes (`$client` is the raw better-sqlite3 connection). */
export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** An open database: drizzle for queries, the raw connection for pragmas and backups. */
export interface DatabaseHandle {
  db: AppDatabase;
  sqlite: Database.Database;
  /** Closes the connection; safe to call twice. */
  close(): void;
}

/**
 * The repository's `/drizzle` folder, whatever the process's cwd: found by walking up from this
 * module, which is `src/db/index.ts` under tsx and `dist/main.js` (or `dist/worker.js`) under
 * `npm start` — see scripts/build.mjs.
 */
function findMigrationsFolder(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no drizzle/meta/_journal.json above ${start}`);
  }
}

const migrationsFolder = findMigrationsFolder();

/**
 * Opens (creating if needed) the SQLite database at `file`, sets the pragmas the bot relies on
 * (WAL so the bot and workers read while one writes, foreign keys, a 5 s busy timeout,
 * `synchronous = NORMAL`, which is durable enough with WAL) and applies pending migrations.
 *
 * better-sqlite3 is synchronous: a transaction must never wrap an `await`.
 */
export function openDatabase(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    cacheStatements(sqlite);
    const db = drizzle({ client: sqlite, schema });
    try {
      migrate(db, { migrationsFolder });
    } catch {
      // drizzle reads the applied migrations before taking the write lock, so when the bot and a
      // worker start together on a fresh file one of them fails with "table already exists".
      // Looking again finds the migrations applied; a real migration error simply recurs.
      migrate(db, { migrationsFolder });
    }
    return {
      db,
      sqlite,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

export * as schema from './schema/index.js';
