/**
 * /pick lists (`pick_lists`): one row per list message, read and written on every button press,
 * so a list outlives the process that showed it. Lists untouched for a week are deleted.
 */
import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { pickLists } from './schema/index.js';

export type PickListRow = typeof pickLists.$inferSelect;
export type NewPickList = Omit<typeof pickLists.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Lists untouched this long are gone (their buttons answer "this list has expired"). */
export const PICK_LIST_KEEP_MS = 7 * 24 * 60 * 60_000;

export function createPickListsRepo(db: AppDatabase) {
  return {
    /** Stores a new list. @returns its id (8 characters, for button data). */
    create(list: NewPickList, now: number = Date.now()): string {
      db.delete(pickLists).where(lt(pickLists.updatedAt, now - PICK_LIST_KEEP_MS)).run();
      const id = randomBytes(6).toString('base64url');
      db.insert(pickLists).values({ ...list, id, createdAt: now, updatedAt: now }).run();
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
