/**
 * A follow setting the bot asked for in chat (🔍 filters, ✏️ rename rule) and waits to read
 * from the user's next message there: per chat and user, one at a time, for 30 minutes.
 * Kept in the key/value table under `pending:` (pruned with the other waits).
 */
import type { AppDatabase } from '../../db/index.js';
import { createKvRepo } from '../../db/kv.repo.js';

export const FOLLOW_EDIT_WAIT_MS = 30 * 60_000;

export interface FollowEditWait {
  followId: number;
  field: 'filters' | 'rename';
  /** The bot's question; a reply to it always answers. */
  promptMessageId: number;
}

export function followEditWaits(db: AppDatabase, now: () => number = Date.now) {
  const kv = createKvRepo(db);
  const key = (chatId: number, userId: number) => `pending:follow-edit:${chatId}:${userId}`;
  return {
    get(chatId: number, userId: number): FollowEditWait | undefined {
      const text = kv.get(key(chatId, userId));
      if (text === undefined) return undefined;
      try {
        const stored = JSON.parse(text) as { expiresAt: number; value: FollowEditWait };
        if (stored.expiresAt > now()) return stored.value;
      } catch {
        // unreadable: as good as gone
      }
      kv.delete(key(chatId, userId));
      return undefined;
    },
    set(chatId: number, userId: number, wait: FollowEditWait): void {
      kv.set(key(chatId, userId), JSON.stringify({ expiresAt: now() + FOLLOW_EDIT_WAIT_MS, value: wait }));
    },
    delete(chatId: number, userId: number): void {
      kv.delete(key(chatId, userId));
    },
  };
}
