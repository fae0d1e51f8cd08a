/**
 * One-off notices a group or channel got, remembered in the key/value table so a restart does
 * not repeat them: "saving is paused" (until saving works again) and "hourly limit reached"
 * (at most once an hour).
 */
import type { AppDatabase } from '../../db/index.js';
import { createKvRepo } from '../../db/kv.repo.js';
import { HOUR_MS } from './chat-saves.js';

export function createChatNotices(db: AppDatabase) {
  const kv = createKvRepo(db);
  const pauseKey = (chatId: number) => `group:paused:${chatId}`;
  const limitKey = (chatId: number) => `group:limit-noticed:${chatId}`;
  return {
    /** True the first time after saving stopped working; false while the chat was already told. */
    takePauseNotice(chatId: number): boolean {
      if (kv.get(pauseKey(chatId)) !== undefined) return false;
      kv.set(pauseKey(chatId), String(Date.now()));
      return true;
    },
    /** Saving works again (or a new binding): the next pause is news again. */
    clearPause(chatId: number): void {
      kv.delete(pauseKey(chatId));
    },
    /** True if the chat was not told about its hourly limit in the hour before `now`. */
    takeLimitNotice(chatId: number, now: number): boolean {
      const last = Number(kv.get(limitKey(chatId)) ?? Number.NaN);
      if (Number.isFinite(last) && now - last < HOUR_MS) return false;
      kv.set(limitKey(chatId), String(now));
      return true;
    },
  };
}

export type ChatNotices = ReturnType<typeof createChatNotices>;
