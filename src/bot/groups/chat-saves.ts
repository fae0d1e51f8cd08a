/**
 * The `saves` rows the group features read, in their terms: the lines behind one status
 * message, and a chat's saves of the last hour (the hourly limit counts rows, so it survives
 * restarts). Synchronous (better-sqlite3).
 */
import type { SavesRepo } from '../../db/saves.repo.js';
import type { PostLine } from './post-status.js';

export const HOUR_MS = 60 * 60_000;

/** The saves shown by one status message, oldest first, with their job ids. */
export function postLines(
  saves: Pick<SavesRepo, 'byStatusMessage'>,
  chatId: number,
  statusMessageId: number,
): Array<PostLine & { jobId: string }> {
  return saves
    .byStatusMessage(chatId, statusMessageId)
    .map((row) => ({
      jobId: row.jobId,
      shareId: row.shareId,
      shareName: row.shareName,
      state: row.state,
      failureKind: row.failureKind,
      done: row.filesCopied,
      total: row.filesTotal,
      targetPath: row.targetPath,
    }));
}

/** Saves queued from a chat in the hour before `now`, and when the oldest of them was queued. */
export function savesInLastHour(
  saves: Pick<SavesRepo, 'queuedInChatSince'>,
  chatId: number,
  now: number,
): { used: number; oldestAt: number | null } {
  const { count, oldestAt } = saves.queuedInChatSince(chatId, now - HOUR_MS);
  return { used: count, oldestAt };
}
