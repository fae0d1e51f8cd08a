/**
 * The bot's context type: grammY's Context plus our dependencies (`ctx.deps`), a logger per
 * update, the user's language and a bound translator. Features take everything from here —
 * no globals. Conversations get their own inside type (see `ConversationContext`).
 */
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Config } from '../config.js';
import type { Accounts } from '../accounts.js';
import type { ChatSettingsRepo } from '../db/chat-settings.repo.js';
import type { SavesRepo } from '../db/saves.repo.js';
import type { AppDatabase } from '../db/index.js';
import type { OperatorAlerts } from '../jobs/operator-alerts.js';
import type { JobQueue } from '../jobs/queue/types.js';
import type { FollowService } from '../jobs/follow/engine.js';
import type { SaveShareJob } from '../jobs/save-share.job.js';
import type { Logger } from '../logger.js';
import type { Lang } from './i18n/index.js';
import type { ChatNotices } from './groups/notices.js';
import type { PendingStore } from './saving/pending.js';
import type { QrLoginManager } from './qr-login.js';
import type { ShareListCache } from './share-links/list-cache.js';
import type { StatusMessages } from './saving/status-messages.js';

/** Everything the handlers may use. Built once by the composition root. */
export interface BotDeps {
  config: Config;
  /** The root logger; handlers use `ctx.logger` (a child with `update_id`). */
  logger: Logger;
  /** For the conversations' storage (`createBot`); handlers use the stores below. */
  db: AppDatabase;
  /** For `/stats` (queue depth). */
  queue: JobQueue<SaveShareJob>;
  /** Records the save in the history and queues it (`src/jobs` enqueueSave, bound in app.ts). */
  enqueueSave(job: SaveShareJob): Promise<{ queued: boolean }>;
  /** Linked accounts: who is logged in, sessions, save folders, /login and /logout. */
  accounts: Accounts;
  chatSettings: ChatSettingsRepo;
  saves: SavesRepo;
  pending: PendingStore;
  /** One-off notices a group or channel got ("saving is paused", "hourly limit reached"). */
  notices: ChatNotices;
  /** The user's share links as last fetched, for /myshares. */
  shareLists: ShareListCache;
  /** Where a queued save's status message id goes once Telegram has sent it (see `requestSaves`). */
  statusMessages: StatusMessages;
  /** Follows (追更): follow, check now, pause, resume, delete. */
  follows: FollowService;
  qrLogins: QrLoginManager;
  /** Tells ADMIN_USER_IDS of Aliyun answers this version does not understand (see operator-alert.ts). */
  operatorAlerts?: OperatorAlerts;
}

/** The flavor our middleware adds to every context. */
export interface DepsFlavor {
  deps: BotDeps;
  logger: Logger;
  lang: Lang;
}

/** The context outside conversations. */
export type BotContext = ConversationFlavor<Context & DepsFlavor>;

/** The context inside conversations (the conversations plugin builds it; deps come via plugins). */
export type ConversationContext = Context & DepsFlavor;
