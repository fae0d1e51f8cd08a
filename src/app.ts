/**
 * The composition root as a library, so `main.ts`, `worker.ts`, the tests, the demo and the
 * bench all run the same wiring:
 *
 *   config → logger → db (migrations) → secret key → Aliyun client → queue → bot + workers
 *   → long polling (runner + sequentialize) or webhook → shutdown in reverse.
 */
// First, before any grammY handler is registered: see src/bot/grammy-patches.ts.
import './bot/grammy-patches.js';
import { join } from 'node:path';
import { Api, type Bot } from 'grammy';
import { AliyunClient } from './api/index.js';
import { createAccounts, type Accounts } from './accounts.js';
import type { Config } from './config.js';
import { resealAccountSecrets } from './db/accounts.repo.js';
import { resealDeviceSecrets } from './db/devices.repo.js';
import { createChatSettingsRepo } from './db/chat-settings.repo.js';
import { openDatabase, type DatabaseHandle } from './db/index.js';
import { createSavesRepo, type SavesRepo } from './db/saves.repo.js';
import { pruneKvTask } from './db/kv.repo.js';
import {
  createSaveQueue,
  enqueueSave,
  startSaveWorkers,
  systemClock,
  type SaveNotifier,
  type OperatorAlerts,
  type SaveShareJob,
} from './jobs/index.js';
import type { JobQueue } from './jobs/queue/index.js';
import { createStopRequests } from './jobs/stop-requests.js';
import { DEFAULT_LARGE_SHARE_WAIT_MS } from './jobs/save/large-share.js';
import { createFollowEngine, createFollowService, startFollowWorkers, withFollowTrigger, type FollowEngine, type FollowService } from './jobs/follow/engine.js';
import type { FollowCheckDeps, FollowNotifier } from './jobs/follow/check.js';
import { createFollowNotifier } from './bot/follows/notifier.js';
import { createListingPace, type ListingPace } from './jobs/follow/list-pace.js';
import { createLogger, type Logger } from './logger.js';
import { pruneCopyItemsTask, pruneHistoryTask, startMaintenance, type Maintenance, type MaintenanceTask } from './maintenance.js';
import { loadSecretKey, type SecretKey } from './secret-box.js';
import { configureApi } from './bot/api-config.js';
import { createTelegramFetch } from './bot/telegram-fetch.js';
import { registerCommands } from './bot/commands.js';
import type { BotContext, BotDeps } from './bot/context.js';
import { startPolling, startWebhook, type StopDelivery } from './bot/delivery.js';
import { createBot } from './bot/index.js';
import { createPendingStore, type PendingStore } from './bot/saving/pending.js';
import { QrLoginManager } from './bot/qr-login.js';
import { StatusMessages } from './bot/saving/status-messages.js';
import { createChatSaveNotifier } from './bot/groups/group-notifier.js';
import { tellUntoldOutcomes } from './bot/saving/told-outcomes.js';
import { detachDelivery } from './bot/saving/detached-notifier.js';
import { createChatNotices } from './bot/groups/notices.js';
import { createShareListCache } from './bot/share-links/list-cache.js';
import { startHeartbeat, type Heartbeat } from './heartbeat.js';
import { createOperatorAlerts } from './bot/operator-alert.js';
import type { AppOptions } from './app-options.js';

export type { AppOptions } from './app-options.js';

/**
 * The database sweeps the app runs hourly (see `src/maintenance.ts`). Add a task here to have
 * it run; each task prunes its own table.
 */
export const MAINTENANCE_TASKS: readonly MaintenanceTask[] = [pruneCopyItemsTask, pruneKvTask];

/** Everything the bot and the workers share: storage, Aliyun, queue. */
export interface Core {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  client: AliyunClient;
  queue: JobQueue<SaveShareJob>;
  /** Follows (追更): their check queue and schedule. */
  follows: FollowEngine;
  pending: PendingStore;
  /** Ids of status messages sent while their saves were already queued. */
  statusMessages: StatusMessages;
  /** Linked accounts, built once here for the bot and the workers. */
  accounts: Accounts;
  /** The key account secrets are sealed with (for tools and tests that read the tables). */
  secretKey: SecretKey;
  saves: SavesRepo;
  /** The pace of follow checks' anonymous listing calls, one per process. */
  followListPace: ListingPace;
  options: AppOptions;
}

/** How long a shutdown waits for outcomes still waiting for Telegram. */
export const NOTIFIER_DRAIN_MS = 15_000;

/** The SQLite file inside DATA_DIR. */
export function databaseFile(config: Pick<Config, 'DATA_DIR'>): string {
  return join(config.DATA_DIR, 'bot.sqlite');
}

/** Opens storage, the key, the Aliyun client and the queue (no Telegram). */
export function openCore(config: Config, options: AppOptions = {}): Core {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database = openDatabase(databaseFile(config));
  try {
    const secret = loadSecretKey({ secretKey: config.SECRET_KEY, previousSecretKey: config.SECRET_KEY_PREVIOUS, dataDir: config.DATA_DIR });
    logger.info({ source: secret.source }, 'secret key loaded');
    if (secret.warning) logger.warn(secret.warning);
    const sealed = resealAccountSecrets(database.db, { current: secret.key, previous: secret.previous });
    const devicesResealed = resealDeviceSecrets(database.db, { current: secret.key, previous: secret.previous });
    if (devicesResealed > 0) logger.info({ devices: devicesResealed }, 'device keys sealed again under the current key');
    if (sealed.resealed > 0) logger.info({ accounts: sealed.resealed }, 'account secrets sealed again under the current key');
    if (sealed.unreadable > 0) {
      logger.warn(
        { accounts: sealed.unreadable },
        'accounts whose secrets this key cannot read: they must /login again (SECRET_KEY lost or changed? set SECRET_KEY_PREVIOUS to the old key)',
      );
    }
    const client = new AliyunClient({
      apiUrl: config.ALIYUN_API_URL,
      authUrl: config.ALIYUN_AUTH_URL,
      passportUrl: config.ALIYUN_PASSPORT_URL,
      userUrl: config.ALIYUN_USER_URL,
      pace: { callsPerSecond: config.ALIYUN_CALLS_PER_SECOND },
      logger: logger.child({ component: 'aliyun' }),
    });
    const queue = createSaveQueue({
      ...(options.queueName ? { name: options.queueName } : {}),
      logger: logger.child({ component: 'queue' }),
      redisUrl: config.REDIS_URL,
      db: database.db,
      ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}),
      ...(options.queueCloseTimeoutMs !== undefined ? { closeTimeoutMs: options.queueCloseTimeoutMs } : {}),
    });
    const accounts = createAccounts({ client, db: database.db, secretKey: secret.key, logger });
    const saves = createSavesRepo(database.db);
    const statusMessages = new StatusMessages({ saves, ...(options.statusShowAfterMs !== undefined ? { showAfterMs: options.statusShowAfterMs } : {}) });
    const follows = createFollowEngine({
      redisUrl: config.REDIS_URL,
      prefix: options.queuePrefix,
      ...(options.queueName ? { name: `${options.queueName}-follows` } : {}),
      db: database.db,
      secretKey: secret.key,
      logger: logger.child({ component: 'follows' }),
      intervalMs: config.FOLLOW_CHECK_SECONDS * 1000,
      closeTimeoutMs: options.queueCloseTimeoutMs,
    });
    return { config, logger, database, client, queue, follows, pending: createPendingStore(database.db), statusMessages, accounts, secretKey: secret.key, saves, followListPace: createListingPace(config.FOLLOW_LIST_CALLS_PER_SECOND), options };
  } catch (error) {
    database.close();
    throw error;
  }
}

/** What follow checks need, reporting through `notifier`. */
export function followCheckDeps(core: Core, notifier: FollowNotifier): FollowCheckDeps {
  return {
    db: core.database.db,
    client: core.client,
    secretKey: core.secretKey,
    accounts: core.accounts,
    notifier,
    logger: core.logger.child({ component: 'follow-check' }),
    listPace: core.followListPace,
  };
}

/**
 * Starts save workers and follow-check workers on the core's queues, reporting through
 * `saveNotifier` and `reporting.followNotifier` (default: messages through a bare `Api`), and
 * telling operators through `reporting.operatorAlerts`.
 */
export async function startWorkers(
  core: Core,
  saveNotifier: SaveNotifier,
  reporting: { operatorAlerts?: OperatorAlerts; followNotifier?: FollowNotifier } = {},
): Promise<void> {
  const { operatorAlerts } = reporting;
  const followNotifier = reporting.followNotifier ?? createFollowNotifier(createStandaloneApi(core), core.logger.child({ component: 'follow-notifier' }));
  const checkDeps = followCheckDeps(core, followNotifier);
  const notifier = withFollowTrigger(saveNotifier, createFollowService(core.follows, checkDeps), core.logger);
  await startFollowWorkers(core.follows, checkDeps);
  await startSaveWorkers(
    core.queue,
    {
      saves: core.saves,
      accounts: core.accounts,
      stopRequests: createStopRequests(core.database.db),
      notifier,
      ...(operatorAlerts ? { operatorAlerts } : {}),
      clock: systemClock,
      logger: core.logger.child({ component: 'worker' }),
      ...(core.options.savePoll ? { poll: core.options.savePoll } : {}),
      ...(core.options.progressIntervalMs !== undefined ? { progressIntervalMs: core.options.progressIntervalMs } : {}),
      ...(core.config.PICK_SUGGEST_BYTES > 0
        ? { largeShare: { bytes: core.config.PICK_SUGGEST_BYTES, waitMs: core.options.largeShareWaitMs ?? DEFAULT_LARGE_SHARE_WAIT_MS } }
        : {}),
    },
    { concurrency: core.config.WORKER_CONCURRENCY },
  );
}

/** Operator alerts on a Bot API client (the bot's, or a bare one in a worker process). */
export function operatorAlertsFor(core: Core, api: Api): OperatorAlerts {
  return createOperatorAlerts({ api, db: core.database.db, adminIds: core.config.ADMIN_USER_IDS, logger: core.logger.child({ component: 'operator-alert' }) });
}

/** A bare `Api` (no polling), for processes that only run workers. */
export function createStandaloneApi(core: Core, options: AppOptions = {}): Api {
  const api = new Api(core.config.BOT_TOKEN, { apiRoot: core.config.TELEGRAM_API_ROOT, fetch: createTelegramFetch() });
  configureApi(api, options.apiRetry);
  return api;
}

/** A notifier on a bare `Api` (no polling), for processes that only run workers. */
export function createStandaloneNotifier(core: Core, options: AppOptions = {}, api: Api = createStandaloneApi(core, options)): SaveNotifier {
  return createChatSaveNotifier({
    api,
    db: core.database.db,
    pending: core.pending,
    statusMessages: core.statusMessages,
    logger: core.logger.child({ component: 'notifier' }),
    ...(options.statusEditIntervalMs !== undefined ? { minEditIntervalMs: options.statusEditIntervalMs } : {}),
  });
}

export interface App {
  core: Core;
  bot: Bot<BotContext>;
  deps: BotDeps;
  /** Connects to Telegram (getMe, commands) and starts taking updates and jobs. */
  start(): Promise<void>;
  /** Graceful: stop taking updates → stop QR logins → close workers and queue → close db. Idempotent. */
  stop(): Promise<void>;
}

/** Wires the whole bot. Nothing talks to Telegram until `start()`. */
export function createApp(config: Config, options: AppOptions = {}): App {
  const core = openCore(config, options);
  const { logger, database, client, queue, pending, accounts, saves } = core;
  // The bot's Api is made below; the follow notifier reads it when it first tells something.
  let botApi: Api | undefined;
  const followNotifier = createFollowNotifier(() => botApi ?? createStandaloneApi(core, options), logger.child({ component: 'follow-notifier' }));
  const follows: FollowService = createFollowService(core.follows, followCheckDeps(core, followNotifier));

  const deps: BotDeps = {
    config,
    logger,
    db: database.db,
    queue,
    enqueueSave: async (job: SaveShareJob) => {
      const queued = await enqueueSave(queue, database.db, job, { maxQueuedPerUser: config.MAX_QUEUED_PER_USER });
      // Sealed beside the save, so 🔔 under its outcome can follow a share with a password.
      follows.rememberSavePassword(queued.jobId, job.password);
      return queued;
    },
    accounts,
    chatSettings: createChatSettingsRepo(database.db),
    saves,
    pending,
    notices: createChatNotices(database.db),
    shareLists: createShareListCache(database.db),
    statusMessages: core.statusMessages,
    follows,
    qrLogins: new QrLoginManager({
      client,
      logger: logger.child({ component: 'qr-login' }),
      ...(options.qrPollIntervalMs !== undefined ? { pollIntervalMs: options.qrPollIntervalMs } : {}),
      ...(options.qrTimeoutMs !== undefined ? { timeoutMs: options.qrTimeoutMs } : {}),
    }),
  };

  const bot = createBot(deps, options.apiRetry ? { retry: options.apiRetry } : {});
  deps.operatorAlerts = operatorAlertsFor(core, bot.api);
  botApi = bot.api;
  // Aborts once the shutdown's drain is over: what still waits for Telegram is told at the next start.
  const closing = new AbortController();
  const notifier = detachDelivery(
    createChatSaveNotifier({
      closing: closing.signal,
      api: bot.api,
      db: database.db,
      pending,
      statusMessages: core.statusMessages,
      logger: logger.child({ component: 'notifier' }),
      ...(options.statusEditIntervalMs !== undefined ? { minEditIntervalMs: options.statusEditIntervalMs } : {}),
    }),
    logger.child({ component: 'notifier' }),
  );

  let stopDelivery: StopDelivery | undefined;
  let maintenance: Maintenance | undefined;
  let heartbeat: Heartbeat | undefined;
  let stopping: Promise<void> | undefined;
  let telegramOkAt = Date.now();
  bot.api.config.use(async (prev, method, payload, signal) => {
    const answer = await prev(method, payload, signal);
    if (answer.ok) telegramOkAt = Date.now();
    return answer;
  });

  return {
    core,
    bot,
    deps,
    async start() {
      await bot.init();
      logger.info({ username: bot.botInfo.username }, 'connected to Telegram');
      await registerCommands(bot.api).catch((error: unknown) => logger.warn({ err: error }, 'could not set the command menu'));
      tellUntoldOutcomes({ saves, notifier, logger: logger.child({ component: 'notifier' }) });
      if (options.runWorkers ?? true) await startWorkers(core, notifier, { operatorAlerts: deps.operatorAlerts, followNotifier });
      maintenance = startMaintenance({ db: database.db, logger: logger.child({ component: 'maintenance' }), tasks: [...MAINTENANCE_TASKS, pruneHistoryTask(config.HISTORY_KEEP_PER_CHAT)] });
      stopDelivery = config.WEBHOOK_URL
        ? await startWebhook(bot, { url: config.WEBHOOK_URL, port: config.WEBHOOK_PORT }, logger)
        : await startPolling(bot, logger);
      heartbeat = startHeartbeat({
        dataDir: config.DATA_DIR,
        sqlite: database.sqlite,
        // Long polling hears from Telegram every ~30 s; a webhook only when there are updates.
        ...(config.WEBHOOK_URL ? {} : { telegramOkAt: () => telegramOkAt }),
        logger: logger.child({ component: 'heartbeat' }),
        ...options.heartbeat,
      });
    },
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down');
        heartbeat?.stop();
        await stopDelivery?.();
        await deps.qrLogins.stopAll();
        await queue.close().catch((error: unknown) => logger.error({ err: error }, 'queue close failed'));
        await core.follows.close().catch((error: unknown) => logger.error({ err: error }, 'follow queue close failed'));
        // Outcomes still waiting for Telegram's turn are told before the database closes.
        await notifier.idle(NOTIFIER_DRAIN_MS);
        closing.abort();
        await maintenance?.stop();
        database.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
