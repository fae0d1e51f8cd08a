/**
 * Short-lived things the bot remembers between messages, kept in the `conversations` key/value
 * table so a restart does not forget them: a share waiting for its password, shares waiting
 * for the user to log in, and the request behind a "save again" button.
 */
import type { AppDatabase } from '../../db/index.js';
import { createKvRepo, type KvRepo } from '../../db/kv.repo.js';
import type { ShareRef } from '../../share-text.js';
import type { SaveShareJob } from '../../jobs/save-share.job.js';
import type { Lang } from '../i18n/index.js';

/** How long a share waits for its password. */
export const PASSWORD_WAIT_MS = 30 * 60_000;
/** How long shares sent before logging in are kept for saving after the login. */
export const LOGIN_WAIT_MS = 30 * 60_000;
/** How long a "save again" button keeps working. */
export const AGAIN_WAIT_MS = 24 * 60 * 60_000;

/** A share whose save failed for want of a (correct) password. */
export interface PasswordWait {
  shareId: string;
  folderId?: string;
  /** The status message that asked for the password; a reply to it also retries. */
  statusMessageId: number;
  /** Asked by /pick: the password opens the list instead of saving. */
  pick?: true;
}

/** Shares a not-yet-logged-in user sent. */
export interface LoginWait {
  chatId: number;
  sourceMessageId: number;
  links: Array<ShareRef & { pastedName?: string }>;
  lang: Lang;
}

/** A message that shows the "log in" button. */
export interface LoginPromptRef {
  chatId: number;
  messageId: number;
}

/** Login prompts remembered per user (the newest ones). */
const MAX_PROMPTS_REMEMBERED = 5;

/** Links kept for one user until the login, over all their messages. */
export const MAX_LINKS_WAITING = 20;

/** A stored value as a list (rows written before the list was kept hold one wait). */
function asWaits(value: LoginWait[] | LoginWait | undefined): LoginWait[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Pure: `waits` plus `wait`'s links not waiting already, trimmed to the newest {@link MAX_LINKS_WAITING}. */
export function addWait(waits: LoginWait[], wait: LoginWait): LoginWait[] {
  const known = new Set(waits.flatMap((w) => w.links.map((l) => `${l.shareId}/${l.folderId ?? ''}`)));
  const fresh = wait.links.filter((l) => !known.has(`${l.shareId}/${l.folderId ?? ''}`));
  let all = fresh.length > 0 ? [...waits, { ...wait, links: fresh }] : waits;
  let total = all.reduce((n, w) => n + w.links.length, 0);
  while (total > MAX_LINKS_WAITING && all.length > 0) {
    const [oldest, ...rest] = all as [LoginWait, ...LoginWait[]];
    const drop = Math.min(oldest.links.length, total - MAX_LINKS_WAITING);
    all = oldest.links.length > drop ? [{ ...oldest, links: oldest.links.slice(drop) }, ...rest] : rest;
    total -= drop;
  }
  return all;
}

interface Stored<T> {
  expiresAt: number;
  value: T;
}

/** A typed, expiring slot family over the key/value table. */
class ExpiringSlots<T> {
  constructor(
    private readonly kv: KvRepo,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): T | undefined {
    const text = this.kv.get(this.prefix + key);
    if (text === undefined) return undefined;
    try {
      const stored = JSON.parse(text) as Stored<T>;
      if (stored.expiresAt > this.now()) return stored.value;
    } catch {
      // A row we cannot read is as good as gone.
    }
    this.kv.delete(this.prefix + key);
    return undefined;
  }

  set(key: string, value: T): void {
    const stored: Stored<T> = { expiresAt: this.now() + this.ttlMs, value };
    this.kv.set(this.prefix + key, JSON.stringify(stored));
  }

  delete(key: string): void {
    this.kv.delete(this.prefix + key);
  }

  /** Reads and removes in one go (single-threaded SQLite access makes this atomic enough). */
  take(key: string): T | undefined {
    const value = this.get(key);
    if (value !== undefined) this.delete(key);
    return value;
  }
}

/** All the bot's short-lived memory. */
export function createPendingStore(db: AppDatabase, now: () => number = Date.now) {
  const kv = createKvRepo(db);
  const password = new ExpiringSlots<PasswordWait>(kv, 'pending:password:', PASSWORD_WAIT_MS, now);
  const login = new ExpiringSlots<LoginWait[] | LoginWait>(kv, 'pending:login:', LOGIN_WAIT_MS, now);
  const again = new ExpiringSlots<SaveShareJob>(kv, 'pending:again:', AGAIN_WAIT_MS, now);
  const refused = new ExpiringSlots<true>(kv, 'access:refused:', 365 * 24 * 60 * 60_000, now);
  const prompts = new ExpiringSlots<LoginPromptRef[]>(kv, 'pending:prompts:', LOGIN_WAIT_MS, now);
  return {
    /** Per chat and user: the share that waits for a password. */
    password: {
      get: (chatId: number, userId: number) => password.get(`${chatId}:${userId}`),
      set: (chatId: number, userId: number, wait: PasswordWait) => password.set(`${chatId}:${userId}`, wait),
      delete: (chatId: number, userId: number) => password.delete(`${chatId}:${userId}`),
    },
    /**
     * Per user: shares to save once the login succeeds — every message's, oldest first, each share
     * once, at most {@link MAX_LINKS_WAITING} in all (the newest win).
     * @returns from `add`: how many links wait now.
     */
    login: {
      get: (userId: number) => asWaits(login.get(String(userId))),
      add: (userId: number, wait: LoginWait): number => {
        const waits = addWait(asWaits(login.get(String(userId))), wait);
        login.set(String(userId), waits);
        return waits.reduce((n, w) => n + w.links.length, 0);
      },
      take: (userId: number) => asWaits(login.take(String(userId))),
    },
    /** Per status message: the job a "save again" button repeats. */
    again: {
      set: (chatId: number, statusMessageId: number, job: SaveShareJob) => again.set(`${chatId}:${statusMessageId}`, job),
      take: (chatId: number, statusMessageId: number) => again.take(`${chatId}:${statusMessageId}`),
      get: (chatId: number, statusMessageId: number) => again.get(`${chatId}:${statusMessageId}`),
    },
    /** Per user: messages with a "log in" button, turned into "✅ logged in as …" after the login. */
    prompts: {
      add: (userId: number, prompt: LoginPromptRef) =>
        prompts.set(String(userId), [...(prompts.get(String(userId)) ?? []).filter((p) => p.messageId !== prompt.messageId || p.chatId !== prompt.chatId), prompt].slice(-MAX_PROMPTS_REMEMBERED)),
      take: (userId: number) => prompts.take(String(userId)) ?? [],
    },
    /** Users who were already told they may not use the bot. */
    refused: {
      has: (userId: number) => refused.get(String(userId)) === true,
      add: (userId: number) => refused.set(String(userId), true),
    },
  };
}

export type PendingStore = ReturnType<typeof createPendingStore>;
