import { eq, sql } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { conversations } from './schema/index.js';

/** String key/value access to the `conversations` table. Synchronous. */
export function createKvRepo(db: AppDatabase) {
  return {
    get(key: string): string | undefined {
      return db.select({ value: conversations.value }).from(conversations).where(eq(conversations.key, key)).get()?.value;
    },
    set(key: string, value: string): void {
      const updatedAt = Date.now();
      db.insert(conversations)
        .values({ key, value, updatedAt })
        .onConflictDoUpdate({ target: conversations.key, set: { value, updatedAt } })
        .run();
    },
    delete(key: string): void {
      db.delete(conversations).where(eq(conversations.key, key)).run();
    },
    /** Keys that start with `prefix`, in key order. */
    keys(prefix: string): string[] {
      // Not LIKE: it is case-insensitive in SQLite.
      return db
        .select({ key: conversations.key })
        .from(conversations)
        .where(sql`substr(${conversations.key}, 1, length(${prefix})) = ${prefix}`)
        .orderBy(conversations.key)
        .all()
        .map((row) => row.key);
    },
  };
}

export type KvRepo = ReturnType<typeof createKvRepo>;

/**
 * The shape of grammY's `StorageAdapter<T>`, declared here so `src/db` does not depend on grammY.
 * Pass it as `storage` to grammY's session or @grammyjs/conversations.
 */
export interface KvStorageAdapter<T> {
  read(key: string): T | undefined;
  write(key: string, value: T): void;
  delete(key: string): void;
  has(key: string): boolean;
  readAllKeys(): Iterable<string>;
}

/**
 * A grammY-compatible storage adapter over the `conversations` table. Values are stored as
 * JSON, so `T` must survive `JSON.stringify`. `prefix` keeps different users of the table
 * apart (e.g. `session:` and `conversation:`); the adapter sees keys without it.
 */
export function createKvStorage<T>(db: AppDatabase, options: { prefix?: string } = {}): KvStorageAdapter<T> {
  const kv = createKvRepo(db);
  const prefix = options.prefix ?? '';
  return {
    read(key) {
      const text = kv.get(prefix + key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    write(key, value) {
      kv.set(prefix + key, JSON.stringify(value));
    },
    delete(key) {
      kv.delete(prefix + key);
    },
    has(key) {
      return kv.get(prefix + key) !== undefined;
    },
    readAllKeys() {
      return kv.keys(prefix).map((key) => key.slice(prefix.length));
    },
  };
}
