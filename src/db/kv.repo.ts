import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { conversations } from './schema/index.js';
import { preparedFor } from './statement-cache.js';

/** Read on every update (dialogs) and at each step of every save (stop requests). */
const kvByKey = (db: AppDatabase) =>
  db.select({ value: conversations.value }).from(conversations).where(eq(conversations.key, sql.placeholder('key'))).prepare();

const DAY_MS = 24 * 60 * 60_000;

/**
 * How long rows whose value carries no `expiresAt` are kept after their last write, by key
 * prefix; {@link KvRepo.pruneExpired} deletes older ones. Keys under no prefix here are kept
 * until their owner deletes them (e.g. `group:paused:` means "told" until saving works again).
 * Prefixes must not overlap. Each owner's own expiry is shorter; these are backstops for rows
 * left behind (logout, an abandoned dialog).
 */
export const KV_MAX_AGE_MS: Readonly<Record<string, number>> = {
  /** src/bot/saving/pending.ts: password/login waits, "save again" jobs (≤ 24 h, with `expiresAt`). */
  'pending:': DAY_MS,
  /** src/bot/share-links/list-cache.ts: a share list reused for 2 min, left behind after logout. */
  'myshares:list:': DAY_MS,
  /** src/bot/groups/notices.ts: when a group was last told of its hourly limit (matters 1 h). */
  'group:limit-noticed:': DAY_MS,
  /** src/bot/operator-alert.ts: an operator was told today (each value has `expiresAt`). */
  'alert:': 2 * DAY_MS,
  /** src/jobs/stop-requests.ts: "stop this save" (matters while the save runs). */
  'save:stop:': DAY_MS,
  /** @grammyjs/conversations state: a dialog untouched for a week is abandoned. */
  'conversation:': 7 * DAY_MS,
};

/** SQL: the key starts with `prefix` (not LIKE, which is case-insensitive in SQLite). */
function keyStartsWith(prefix: string): SQL {
  return sql`substr(${conversations.key}, 1, length(${prefix})) = ${prefix}`;
}

/**
 * SQL: the number in the value's top-level `expiresAt` (ms since the epoch), or NULL when the
 * value is not a JSON object with one. Nested CASEs because only CASE is sure to stop
 * json_type() from seeing (and failing on) a value that is not JSON.
 */
const storedExpiry = sql`(CASE WHEN json_valid(${conversations.value}) THEN
  CASE WHEN json_type(${conversations.value}, '$.expiresAt') IN ('integer', 'real')
  THEN json_extract(${conversations.value}, '$.expiresAt') END END)`;

/** String key/value access to the `conversations` table. Synchronous. */
export function createKvRepo(db: AppDatabase) {
  return {
    get(key: string): string | undefined {
      return preparedFor(db, kvByKey).get({ key })?.value;
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
    /**
     * Claims `key` until `expiresAt` (ms): true when it was free — never set, or an earlier
     * claim's `expiresAt` is past `now` — false while one lives. One statement, so of two
     * processes claiming at once exactly one wins.
     */
    claimUntil(key: string, expiresAt: number, now: number): boolean {
      const value = JSON.stringify({ expiresAt });
      return (
        db
          .insert(conversations)
          .values({ key, value, updatedAt: now })
          .onConflictDoUpdate({
            target: conversations.key,
            set: { value, updatedAt: now },
            setWhere: sql`coalesce(${storedExpiry}, 0) <= ${now}`,
          })
          .run().changes === 1
      );
    },
    /** Keys that start with `prefix`, in key order. */
    keys(prefix: string): string[] {
      return db
        .select({ key: conversations.key })
        .from(conversations)
        .where(keyStartsWith(prefix))
        .orderBy(conversations.key)
        .all()
        .map((row) => row.key);
    },
    /**
     * Deletes rows that are dead at `now`: those whose value (a JSON object) carries an
     * `expiresAt` at or before `now`, and those without one under a prefix of
     * {@link KV_MAX_AGE_MS} last written longer ago than its age. Meant for a periodic task.
     * @returns how many rows were deleted.
     */
    pruneExpired(now: number): number {
      let deleted = db.delete(conversations).where(sql`${storedExpiry} <= ${now}`).run().changes;
      for (const [prefix, maxAgeMs] of Object.entries(KV_MAX_AGE_MS)) {
        deleted += db
          .delete(conversations)
          .where(and(keyStartsWith(prefix), sql`${storedExpiry} IS NULL`, sql`${conversations.updatedAt} <= ${now - maxAgeMs}`))
          .run().changes;
      }
      return deleted;
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

/**
 * The periodic sweep of this table ({@link KvRepo.pruneExpired}), in the task shape
 * `src/maintenance.ts` runs (declared structurally so `src/db` does not depend on it).
 */
export const pruneKvTask = {
  name: 'prune-kv',
  run: ({ db, now }: { db: AppDatabase; now: number }): number => createKvRepo(db).pruneExpired(now),
};
