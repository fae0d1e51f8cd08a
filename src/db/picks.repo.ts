/**
 * /pick lists (`pick_lists`): one row per list message, read and written on every button press,
 * so a list outlives the process that showed it. Lists untouched for a week are deleted.
 */
import { randomBytes } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { pickLists } from './schema/index.js';
import { preparedFor } from './statement-cache.js';

export type PickListRow = typeof pickLists.$inferSelect;
export type NewPickList = Omit<typeof pickLists.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Lists untouched this long are gone (their buttons answer "this list has expired"). */
export const PICK_LIST_KEEP_MS = 7 * 24 * 60 * 60_000;

const PRUNE_EVERY_MS = 60 * 60_000;
/** When this process last deleted expired lists, per database. */
const lastPruneAt = new WeakMap<AppDatabase, number>();

/** Run for every share offered a /pick button, prepared once per database. */
const createQueries = (db: AppDatabase) => ({
  pruneBefore: db.delete(pickLists).where(lt(pickLists.updatedAt, sql.placeholder('before'))).prepare(),
  insert: db
    .insert(pickLists)
    .values({
      id: sql.placeholder('id'),
      telegramUserId: sql.placeholder('telegramUserId'),
      chatId: sql.placeholder('chatId'),
      sourceMessageId: sql.placeholder('sourceMessageId'),
      messageId: sql.placeholder('messageId'),
      lang: sql.placeholder('lang'),
      shareId: sql.placeholder('shareId'),
      folderId: sql.placeholder('folderId'),
      password: sql.placeholder('password'),
      shareName: sql.placeholder('shareName'),
      entries: sql.placeholder('entries'),
      ticked: sql.placeholder('ticked'),
      folder: sql.placeholder('folder'),
      page: sql.placeholder('page'),
      step: sql.placeholder('step'),
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .prepare(),
});

export function createPickListsRepo(db: AppDatabase) {
  return {
    /** Stores a new list. @returns its id (8 characters, for button data). */
    create(list: NewPickList, now: number = Date.now()): string {
      const queries = preparedFor(db, createQueries);
      // Lists expire after a week: pruning them once an hour (per process) is as good as on
      // every offer, which is most saves.
      const last = lastPruneAt.get(db);
      if (last === undefined || Math.abs(now - last) >= PRUNE_EVERY_MS) {
        queries.pruneBefore.run({ before: now - PICK_LIST_KEEP_MS });
        lastPruneAt.set(db, now);
      }
      const id = randomBytes(6).toString('base64url');
      // The columns' defaults, for what `list` leaves out (a placeholder takes no default).
      const row: Record<string, unknown> = {
        messageId: null,
        lang: null,
        folderId: null,
        password: null,
        shareName: '',
        entries: null,
        ticked: '[]',
        folder: -1,
        page: 0,
        step: 'list',
        id,
        now,
      };
      for (const [column, value] of Object.entries(list)) if (value !== undefined) row[column] = value;
      queries.insert.run(row);
      return id;
    },
    get(id: string): PickListRow | undefined {
      return db.select().from(pickLists).where(eq(pickLists.id, id)).get();
    },
    update(id: string, change: Partial<NewPickList>): void {
      db.update(pickLists).set({ ...change, updatedAt: Date.now() }).where(eq(pickLists.id, id)).run();
    },
  };
}

export type PickListsRepo = ReturnType<typeof createPickListsRepo>;
