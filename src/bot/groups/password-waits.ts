/**
 * Passwords asked for in a group. The bot's message that says a share needs its code (the post's
 * status message, or in quiet mode the one-line failure) waits for a reply with the code — from
 * whoever posted the link or an admin. Who posted which post is remembered when its saves are
 * queued (group saves run as the binding admin, so the job does not know). Kept in the key/value
 * table under `pending:` (pruned by its backstop), so a restart forgets nothing.
 */
import type { AppDatabase } from '../../db/index.js';
import { createKvRepo } from '../../db/kv.repo.js';
import { PASSWORD_WAIT_MS } from '../saving/pending.js';

/** How long "who posted this" is kept: as long as a save may take and its question may wait. */
const POSTER_MS = 24 * 60 * 60_000;

/** A share of a group post that waits for its code. */
export interface GroupPasswordWait {
  shareId: string;
  folderId?: string;
  /** The post the share came from; a retry's status replies to it. */
  sourceMessageId: number;
  /** Who posted the link, when a person we can name did. */
  posterUserId?: number;
}

/** Where a group save's links were posted, and by whom. */
export interface PostOrigin {
  postMessageId: number;
  posterUserId?: number;
}

interface Stored<T> {
  expiresAt: number;
  value: T;
}

export function createGroupPasswords(db: AppDatabase, now: () => number = Date.now) {
  const kv = createKvRepo(db);
  const read = <T>(key: string): T | undefined => {
    const text = kv.get(key);
    if (text === undefined) return undefined;
    try {
      const stored = JSON.parse(text) as Stored<T>;
      if (stored.expiresAt > now()) return stored.value;
    } catch {
      // Unreadable is as good as gone.
    }
    kv.delete(key);
    return undefined;
  };
  const write = <T>(key: string, value: T, ttlMs: number) => kv.set(key, JSON.stringify({ expiresAt: now() + ttlMs, value }));
  const posterKey = (chatId: number, messageId: number) => `pending:group-poster:${chatId}:${messageId}`;
  const waitKey = (chatId: number, messageId: number) => `pending:group-password:${chatId}:${messageId}`;

  return {
    /** The saves keyed by `sourceMessageId` came from `post` (the message with the links; who posted it). */
    rememberPost(chatId: number, sourceMessageId: number, post: PostOrigin): void {
      write(posterKey(chatId, sourceMessageId), post, POSTER_MS);
    },
    postOf(chatId: number, sourceMessageId: number): PostOrigin | undefined {
      return read<PostOrigin>(posterKey(chatId, sourceMessageId));
    },
    /** The bot's message `questionMessageId` now waits for the code of this share too. */
    add(chatId: number, questionMessageId: number, wait: GroupPasswordWait): void {
      const same = (w: GroupPasswordWait) => w.shareId === wait.shareId && w.folderId === wait.folderId;
      const waits = (read<GroupPasswordWait[]>(waitKey(chatId, questionMessageId)) ?? []).filter((w) => !same(w));
      write(waitKey(chatId, questionMessageId), [...waits, wait], PASSWORD_WAIT_MS);
    },
    /** The shares waiting on a reply to the bot's message `questionMessageId`. */
    waitsOn(chatId: number, questionMessageId: number): GroupPasswordWait[] {
      return read<GroupPasswordWait[]>(waitKey(chatId, questionMessageId)) ?? [];
    },
    /** Answered: the message waits no more. */
    clear(chatId: number, questionMessageId: number): void {
      kv.delete(waitKey(chatId, questionMessageId));
    },
  };
}

export type GroupPasswords = ReturnType<typeof createGroupPasswords>;
