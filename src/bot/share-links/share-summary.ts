/**
 * Pure: the few facts of a share link that /myshares shows in its list, small enough to cache
 * as JSON, and the rules for "valid" versus "expired or cancelled".
 */
import type { ShareLink } from '../../api/index.js';
import type { ShareFilter } from './callback-data.js';

/** Where a share link stands. */
export type ShareState = 'valid' | 'expired' | 'cancelled' | 'forbidden';

/** One line of the list. */
export interface ShareSummary {
  id: string;
  name: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms; null = never expires. */
  expiresAt: number | null;
  state: ShareState;
  hasPassword: boolean;
  views: number;
  saves: number;
  downloads: number;
}

/** Epoch ms of an Aliyun time; null for `""` (never) or anything unreadable. */
export function parseAliyunTime(iso: string | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The state of a link at `now`. Aliyun marks a cancelled link `disabled` and a blocked one
 * `forbidden`; `expired` is its own flag, but we also trust the expiry time over a stale flag.
 */
export function shareStateOf(link: Pick<ShareLink, 'status' | 'expired' | 'expiration'>, now: number): ShareState {
  if (link.status === 'forbidden') return 'forbidden';
  if (link.status !== 'enabled') return 'cancelled';
  const expiresAt = parseAliyunTime(link.expiration);
  if (link.expired || (expiresAt !== null && expiresAt <= now)) return 'expired';
  return 'valid';
}

/** The display name: the share's name, else its first file's, else its id. */
export function shareNameOf(link: Pick<ShareLink, 'share_name' | 'display_name' | 'first_file' | 'share_id'>): string {
  return link.share_name || link.display_name || link.first_file?.name || link.share_id;
}

/** A share link as the list shows it. */
export function summarize(link: ShareLink, now: number): ShareSummary {
  return {
    id: link.share_id,
    name: shareNameOf(link),
    createdAt: parseAliyunTime(link.created_at) ?? 0,
    expiresAt: parseAliyunTime(link.expiration),
    state: shareStateOf(link, now),
    hasPassword: link.share_pwd !== '',
    views: link.preview_count,
    saves: link.save_count,
    downloads: link.download_count,
  };
}

/** The state of a (possibly cached) summary at `now`: a valid link may have expired since. */
export function currentState(share: Pick<ShareSummary, 'state' | 'expiresAt'>, now: number): ShareState {
  return share.state === 'valid' && share.expiresAt !== null && share.expiresAt <= now ? 'expired' : share.state;
}

/** Whether a link in this state belongs on a list with this filter. */
export function matchesFilter(state: ShareState, filter: ShareFilter): boolean {
  if (filter === 'all') return true;
  return filter === 'valid' ? state === 'valid' : state !== 'valid';
}
