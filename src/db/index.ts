import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
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

/** Sets `path`'s mode if it differs; a missing path or one we do not own is left alone. */
function restrictMode(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/**
 * The folder holds the key file and the sealed tokens: only its owner may enter it (0700) or
 * read the database (0600). SQLite gives the -wal and -shm files the database file's mode.
 */
function keepPrivate(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictMode(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) restrictMode(path, 0o600);
}

/**
 * Opens (creating if needed) the SQLite database at `file`, sets the pragmas the bot relies on
 * (WAL so the bot and workers read while one writes, foreign keys, a 5 s busy timeout,
 * `synchronous = NORMAL`, which is durable enough with WAL; `secure_delete` so deleted rows,
 * such as a logged-out account's sealed tokens, are zeroed, not left in free space) and applies
 * pending migrations. The folder and files are private to the owner.
 *
 * better-sqlite3 is synchronous: a transaction must never wrap an `await`.
 */
export function openDatabase(file: string): DatabaseHandle {
  if (file !== ':memory:') keepPrivate(file);
  const sqlite = new Database(file);
  try {
    sqlite.pragma('secure_delete = ON');
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
