/** The follow check's contract: what it needs and what it tells. */
import type { Accounts } from '../../accounts.js';
import type { AliyunClient, ShareGoneReason } from '../../api/index.js';
import type { FollowRow } from '../../db/follows.repo.js';
import type { AppDatabase } from '../../db/index.js';
import type { Logger } from '../../logger.js';
import type { SecretKey } from '../../secret-box.js';
import type { Clock } from '../clock.js';
import type { ListingPace } from './list-pace.js';

/** Why a follow stopped on its own; the user is told once. */
export type FollowStopReason = ShareGoneReason | 'wrong_password' | 'relogin' | 'save_failed';

/** What one check saved for a follow. */
export interface FollowNews {
  /** Names as saved (after the rename rule), in order. */
  names: string[];
  /** The folder they went to (common to all). */
  path: string;
  /** Copies the rename rule could not rename because the name was taken: they kept their name. */
  notRenamed?: Array<{ name: string; wanted: string }>;
}

/** What a check tells the outside world (the bot implements it with messages). */
export interface FollowNotifier {
  /** New items were saved: their names (in order) and the folder they went to (common to all). */
  found(follow: FollowRow, news: FollowNews): Promise<void>;
  /** The follow was paused (or, for `save_failed`, removed) for this reason. */
  stopped(follow: FollowRow, reason: FollowStopReason): Promise<void>;
}

export interface FollowCheckDeps {
  db: AppDatabase;
  client: AliyunClient;
  secretKey: SecretKey;
  accounts: Accounts;
  notifier: FollowNotifier;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  clock?: Clock;
  /** The process's pace for anonymous listing calls (default: unpaced). */
  listPace?: ListingPace;
}

/** A check job: the share to check for every follower. */
export interface FollowCheckJob {
  shareId: string;
}
