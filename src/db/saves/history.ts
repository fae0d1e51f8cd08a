/** Reading saves back: the rows behind one status message, /history, /stats and a chat's hourly count. */
import { and, asc, count, desc, eq, gt, gte, inArray, min, sql } from 'drizzle-orm';
import type { AppDatabase } from '../index.js';
import { saves, type SaveState } from '../schema/index.js';
import { FINAL_SAVE_STATES, type SaveRow } from './lifecycle.js';

/** One line of /history. */
export interface SaveHistoryEntry {
  jobId: string;
  shareId: string;
  shareName: string | null;
  targetPath: string | null;
  state: SaveState;
  failureKind: string | null;
  filesCopied: number;
  filesTotal: number | null;
  createdAt: number;
  finishedAt: number | null;
}

/** Numbers for /stats. */
export interface SaveStats {
  /** Saves queued since `since`. */
  total: number;
  byState: Partial<Record<SaveState, number>>;
  /** Failed saves since `since`, per failure kind. */
  failuresByKind: Record<string, number>;
}

export function createSaveHistory(db: AppDatabase) {
  return {
    /** The saves shown by one status message, oldest first (a group post's links share one). */
    byStatusMessage(chatId: number, statusMessageId: number): SaveRow[] {
      return db
        .select()
        .from(saves)
        .where(and(eq(saves.chatId, chatId), eq(saves.statusMessageId, statusMessageId)))
        .orderBy(asc(saves.id))
        .all();
    },

    /**
     * The newest save shown by one status message ("save again" reuses the message) — or, for a
     * quick save whose outcome was its first message (its buttons name the user's message), the
     * newest save queued from the user's message `statusMessageId`.
     */
    latestByStatusMessage(chatId: number, statusMessageId: number): SaveRow | undefined {
      return (
        db
          .select()
          .from(saves)
          .where(and(eq(saves.chatId, chatId), eq(saves.statusMessageId, statusMessageId)))
          .orderBy(desc(saves.id))
          .limit(1)
          .get() ??
        db
          .select()
          .from(saves)
          .where(and(eq(saves.chatId, chatId), sql`${saves.jobId} GLOB ${`save_${chatId}_${statusMessageId}_*`}`))
          .orderBy(desc(saves.id))
          .limit(1)
          .get()
      );
    },

    /** How many saves were queued from a chat since `since` (epoch ms), and when the oldest of them was. */
    queuedInChatSince(chatId: number, since: number): { count: number; oldestAt: number | null } {
      const row = db
        .select({ count: count(), oldestAt: min(saves.createdAt) })
        .from(saves)
        .where(and(eq(saves.chatId, chatId), gte(saves.createdAt, since)))
        .get();
      return { count: row?.count ?? 0, oldestAt: row?.oldestAt ?? null };
    },

    /** The newest saves asked for by a user and/or in a chat, newest first. */
    recentHistory(filter: { telegramUserId?: number; chatId?: number; limit?: number }): SaveHistoryEntry[] {
      return db
        .select({
          jobId: saves.jobId,
          shareId: saves.shareId,
          shareName: saves.shareName,
          targetPath: saves.targetPath,
          state: saves.state,
          failureKind: saves.failureKind,
          filesCopied: saves.filesCopied,
          filesTotal: saves.filesTotal,
          createdAt: saves.createdAt,
          finishedAt: saves.finishedAt,
        })
        .from(saves)
        .where(
          and(
            filter.telegramUserId !== undefined ? eq(saves.telegramUserId, filter.telegramUserId) : undefined,
            filter.chatId !== undefined ? eq(saves.chatId, filter.chatId) : undefined,
          ),
        )
        .orderBy(desc(saves.createdAt), desc(saves.id))
        .limit(filter.limit ?? 10)
        .all();
    },

    /** Saves since `since` (epoch ms) by state, and failures by kind. */
    stats(since: number): SaveStats {
      const byStateRows = db
        .select({ state: saves.state, count: sql<number>`count(*)` })
        .from(saves)
        .where(gte(saves.createdAt, since))
        .groupBy(saves.state)
        .all();
      const byKindRows = db
        .select({ kind: saves.failureKind, count: sql<number>`count(*)` })
        .from(saves)
        .where(and(gte(saves.createdAt, since), eq(saves.state, 'failed')))
        .groupBy(saves.failureKind)
        .all();
      const byState: Partial<Record<SaveState, number>> = {};
      let total = 0;
      for (const row of byStateRows) {
        byState[row.state] = row.count;
        total += row.count;
      }
      const failuresByKind: Record<string, number> = {};
      for (const row of byKindRows) failuresByKind[row.kind ?? 'unknown'] = row.count;
      return { total, byState, failuresByKind };
    },

    /**
     * Deletes the history of each chat beyond its newest `keepPerChat` saves — only saves that
     * ended: a queued or running save (and its copy record, which makes a retry exactly-once)
     * is never touched, however old. The copy records of deleted saves go with them (cascade).
     * @returns how many saves were deleted.
     */
    pruneHistory(keepPerChat: number): number {
      const ranked = db
        .select({
          id: saves.id,
          state: saves.state,
          newer: sql<number>`row_number() over (partition by ${saves.chatId} order by ${saves.createdAt} desc, ${saves.id} desc)`.as('newer'),
        })
        .from(saves)
        .as('ranked');
      const beyond = db
        .select({ id: ranked.id })
        .from(ranked)
        .where(and(gt(ranked.newer, keepPerChat), inArray(ranked.state, [...FINAL_SAVE_STATES])));
      return db.delete(saves).where(inArray(saves.id, beyond)).run().changes;
    },

  };
}
