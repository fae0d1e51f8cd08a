/**
 * Reads of the `saves` table the group features need: the saves behind one status message,
 * and a chat's saves of the last hour (the hourly limit counts rows, so it survives restarts).
 * Synchronous (better-sqlite3).
 */
import { and, asc, count, eq, gte, min } from 'drizzle-orm';
import type { AppDatabase } from '../../db/index.js';
import { saves } from '../../db/schema/index.js';
import type { PostLine } from './post-status.js';

export const HOUR_MS = 60 * 60_000;

/** The saves shown by one status message, oldest first, with their job ids. */
export function postLines(db: AppDatabase, chatId: number, statusMessageId: number): Array<PostLine & { jobId: string }> {
  return db
    .select({
      jobId: saves.jobId,
      shareId: saves.shareId,
      shareName: saves.shareName,
      state: saves.state,
      failureKind: saves.failureKind,
      done: saves.filesCopied,
      total: saves.filesTotal,
      targetPath: saves.targetPath,
    })
    .from(saves)
    .where(and(eq(saves.chatId, chatId), eq(saves.statusMessageId, statusMessageId)))
    .orderBy(asc(saves.id))
    .all();
}

/** Saves queued from a chat in the hour before `now`, and when the oldest of them was queued. */
export function savesInLastHour(db: AppDatabase, chatId: number, now: number): { used: number; oldestAt: number | null } {
  const row = db
    .select({ used: count(), oldestAt: min(saves.createdAt) })
    .from(saves)
    .where(and(eq(saves.chatId, chatId), gte(saves.createdAt, now - HOUR_MS)))
    .get();
  return { used: row?.used ?? 0, oldestAt: row?.oldestAt ?? null };
}
