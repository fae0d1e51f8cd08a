/**
 * The user's share links, fetched once and kept for a short while in the key/value table, so
 * paging and switching filters do not ask Aliyun again. Changes made through the bot patch
 * the cached copy; changes made elsewhere show after the cache expires or on 🔄.
 */
import type { AccountSession } from '../../api/index.js';
import type { AppDatabase } from '../../db/index.js';
import { createKvRepo } from '../../db/kv.repo.js';
import { summarize, type ShareSummary } from './share-summary.js';

/** How long a fetched list is reused. */
export const LIST_CACHE_TTL_MS = 2 * 60_000;
/** Pages of 100 fetched at most (the newest 2000 links). */
export const MAX_LIST_PAGES = 20;

export interface CachedShareList {
  /** The account the list belongs to: a new login must not see the old account's list. */
  accountId: number;
  fetchedAt: number;
  shares: ShareSummary[];
  /** Set when the fetch stopped at {@link MAX_LIST_PAGES}. */
  truncatedAt?: number;
}

/** Every share link of the account, cancelled ones included, newest first (following `next_marker`). */
export async function fetchShareSummaries(session: AccountSession, now: number): Promise<Pick<CachedShareList, 'shares' | 'truncatedAt'>> {
  const shares: ShareSummary[] = [];
  let marker = '';
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const answer = await session.listShareLinks({ marker, limit: 100, includeCanceled: true });
    shares.push(...answer.items.map((link) => summarize(link, now)));
    marker = answer.next_marker;
    if (!marker) return { shares };
  }
  return { shares, truncatedAt: shares.length };
}

/** The cached lists, one per Telegram user, in the key/value table. */
export function createShareListCache(db: AppDatabase, now: () => number = Date.now) {
  const kv = createKvRepo(db);
  const keyOf = (telegramUserId: number) => `myshares:list:${telegramUserId}`;

  const read = (telegramUserId: number): CachedShareList | undefined => {
    const text = kv.get(keyOf(telegramUserId));
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as CachedShareList;
    } catch {
      return undefined;
    }
  };

  return {
    /** The cached list of this account, if still fresh. */
    get(telegramUserId: number, accountId: number): CachedShareList | undefined {
      const list = read(telegramUserId);
      if (list && list.accountId === accountId && now() - list.fetchedAt < LIST_CACHE_TTL_MS) return list;
      return undefined;
    },

    set(telegramUserId: number, list: CachedShareList): void {
      kv.set(keyOf(telegramUserId), JSON.stringify(list));
    },

    /** Replaces one share's entry after the bot changed it (its age stays, so it still expires). */
    patch(telegramUserId: number, share: ShareSummary): void {
      const list = read(telegramUserId);
      if (!list) return;
      list.shares = list.shares.map((entry) => (entry.id === share.id ? share : entry));
      kv.set(keyOf(telegramUserId), JSON.stringify(list));
    },

    /** Forgets the list (a new link was created: it belongs at the top). */
    drop(telegramUserId: number): void {
      kv.delete(keyOf(telegramUserId));
    },
  };
}

export type ShareListCache = ReturnType<typeof createShareListCache>;
