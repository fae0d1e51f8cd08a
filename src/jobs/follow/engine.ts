/**
 * Wiring of follows (追更) onto the job engine: the follow-check queue (BullMQ with Redis, else
 * the embedded SQLite queue), its scheduler, its workers, and the service the bot uses.
 */
import { createFollowsRepo, type FollowOwner, type FollowRow, type FollowsRepo, type NewFollow } from '../../db/follows.repo.js';
import type { AppDatabase } from '../../db/index.js';
import { createSavePasswordsRepo } from '../../db/save-passwords.repo.js';
import { createSavesRepo, isFinalSaveState } from '../../db/saves.repo.js';
import type { SecretKey } from '../../secret-box.js';
import { createJobQueue } from '../queue/index.js';
import type { GroupPace, JobQueue, QueueLogger } from '../queue/types.js';
import type { SaveNotifier } from '../save-outcome.js';
import { saveJobId } from '../save-share.job.js';
import { BullmqFollowScheduler } from './bullmq-scheduler.js';
import { checkShare, type FollowCheckDeps, type FollowCheckJob } from './check.js';
import { firstCheckAt, SqliteFollowScheduler, type FollowScheduler } from './scheduler.js';
import type { FollowFilters } from './filters.js';
import type { RenameRule } from './rename-rule.js';
import { canTakeNewLink, replaceFollowLink, type ReplaceResult } from './replace-link.js';

/** The follow-check queue's name; the bot and `npm run worker` must share it. */
export const FOLLOW_QUEUE_NAME = 'follow-checks';
/** Runs of a check before it gives up until its next turn. */
const CHECK_ATTEMPTS = 3;

export interface FollowEngine {
  queue: JobQueue<FollowCheckJob>;
  scheduler: FollowScheduler;
  follows: FollowsRepo;
  intervalMs: number;
  close(): Promise<void>;
}

export interface FollowEngineOptions {
  redisUrl?: string | undefined;
  prefix?: string | undefined;
  /** Default {@link FOLLOW_QUEUE_NAME}; tests use unique names. */
  name?: string | undefined;
  db: AppDatabase;
  secretKey: SecretKey;
  logger: QueueLogger;
  /** FOLLOW_CHECK_SECONDS in ms. */
  intervalMs: number;
  closeTimeoutMs?: number | undefined;
}

export function createFollowEngine(options: FollowEngineOptions): FollowEngine {
  const name = options.name ?? FOLLOW_QUEUE_NAME;
  const follows = createFollowsRepo(options.db, options.secretKey);
  const queue = createJobQueue<FollowCheckJob>({
    name,
    redisUrl: options.redisUrl,
    db: options.db,
    logger: options.logger,
    defaultAttempts: CHECK_ATTEMPTS,
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.closeTimeoutMs !== undefined ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
  });
  const scheduler: FollowScheduler = options.redisUrl
    ? new BullmqFollowScheduler({
        redisUrl: options.redisUrl,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        queueName: name,
        queue,
        follows,
        intervalMs: options.intervalMs,
        logger: options.logger,
      })
    : new SqliteFollowScheduler({ follows, queue, intervalMs: options.intervalMs, logger: options.logger });
  return {
    queue,
    scheduler,
    follows,
    intervalMs: options.intervalMs,
    async close() {
      await scheduler.close().catch((err: unknown) => options.logger.warn({ err }, 'follow scheduler close failed'));
      await queue.close();
    },
  };
}

/** One check of a share at a time (the share is the job's group). */
const oneCheckPerShare: GroupPace = { allowance: () => ({ running: 1, retryInMs: 1000 }) };

/** Starts checking in this process: the workers, and the scheduler's turns. */
export async function startFollowWorkers(engine: FollowEngine, deps: FollowCheckDeps, options: { concurrency?: number } = {}): Promise<void> {
  await engine.queue.startWorker((job) => checkShare(job.data.shareId, deps, { signal: job.signal }), {
    concurrency: Math.max(2, options.concurrency ?? 4),
    groupPace: oneCheckPerShare,
  });
  await engine.scheduler.start();
}

/** What the bot does with follows. */
export interface FollowService {
  /**
   * Follows a share whose first save is `save` (ended, or queued just now). An ended save starts
   * the follow at once (the share is listed: what it holds now is what the save took); a queued
   * one starts it when it ends. One follow per (account, share): an existing one is returned.
   */
  follow(input: Omit<NewFollow, 'nextCheckAt' | 'target' | 'saveJobId'> & { saveJobId: string }): Promise<{ created: boolean; row: FollowRow }>;
  get(id: number): FollowRow | undefined;
  /** A user's follows, newest first. */
  list(owner: FollowOwner, offset: number, limit: number): FollowRow[];
  count(owner: FollowOwner): number;
  checkNow(row: FollowRow): Promise<void>;
  pause(row: FollowRow): Promise<boolean>;
  resume(row: FollowRow): Promise<boolean>;
  remove(row: FollowRow): Promise<boolean>;
  /** A save ended: follows waiting on it are started by a check now. */
  saveEnded(jobId: string): Promise<void>;
  /** Sets the follow's name filters (NO_FILTERS clears them); items added from now on are judged by them. */
  setFilters(row: FollowRow, filters: FollowFilters): boolean;
  /** Sets (null: clears) the follow's rename rule. */
  setRenameRule(row: FollowRow, rule: RenameRule | null): boolean;
  /** The user's paused follows whose share is gone (a new link may take their place), newest first. */
  replaceable(telegramUserId: number): FollowRow[];
  /** Gives a paused follow a new link, keeping its folder and memory (see replace-link.ts). */
  replaceLink(row: FollowRow, link: { shareId: string; password?: string | undefined }): Promise<ReplaceResult>;
  /** Keeps a queued save's share password (sealed), for a 🔔 follow of it later. */
  rememberSavePassword(jobId: string, password: string | undefined): void;
  /** The password a save was asked with, if any. */
  savePassword(jobId: string): string | undefined;
}

export function createFollowService(engine: FollowEngine, deps: FollowCheckDeps): FollowService {
  const { follows, scheduler, intervalMs } = engine;
  const saves = createSavesRepo(deps.db);
  const savePasswords = createSavePasswordsRepo(deps.db, deps.secretKey);
  const unwatchIfUnfollowed = async (shareId: string) => {
    if (!follows.isFollowed(shareId)) await scheduler.unwatch(shareId);
  };
  return {
    async follow(input) {
      const { created, row } = follows.create({ ...input, nextCheckAt: firstCheckAt(Date.now(), intervalMs) });
      if (!created) return { created, row };
      await scheduler.watch(row.shareId);
      const save = saves.get(input.saveJobId);
      if (save && isFinalSaveState(save.state)) await checkShare(row.shareId, deps, { onlyFollowId: row.id });
      return { created, row: follows.get(row.id) ?? row };
    },
    get: (id) => follows.get(id),
    list: (owner, offset, limit) => follows.listFor(owner, offset, limit),
    count: (owner) => follows.countFor(owner),
    checkNow: (row) => scheduler.checkNow(row.shareId),
    async pause(row) {
      const paused = follows.pause(row.id, 'user');
      if (paused) await unwatchIfUnfollowed(row.shareId);
      return paused;
    },
    async resume(row) {
      const resumed = follows.resume(row.id, Date.now() + intervalMs);
      if (!resumed) return false;
      await scheduler.watch(row.shareId);
      await scheduler.checkNow(row.shareId);
      return true;
    },
    async remove(row) {
      const removed = follows.delete(row.id);
      if (removed) await unwatchIfUnfollowed(row.shareId);
      return removed;
    },
    setFilters: (row, filters) => follows.setFilters(row.id, filters),
    replaceable: (userId) => follows.listFor({ userId }, 0, 200).filter(canTakeNewLink),
    replaceLink: (row, link) => replaceFollowLink(row, link, deps, engine),
    rememberSavePassword: (jobId, password) => savePasswords.remember(jobId, password),
    savePassword: (jobId) => savePasswords.passwordOf(jobId),
    setRenameRule: (row, rule) => follows.setRenameRule(row.id, rule),
    async saveEnded(jobId) {
      const shares = new Set(follows.waitingOnSave(jobId).map((row) => row.shareId));
      for (const shareId of shares) await scheduler.checkNow(shareId);
    },
  };
}

/** The save notifier, telling the follow service when a save ended (after the user was told). */
export function withFollowTrigger(notifier: SaveNotifier, service: Pick<FollowService, 'saveEnded'>, logger: QueueLogger): SaveNotifier {
  return {
    progress: (job, progress) => notifier.progress(job, progress),
    async outcome(job, outcome) {
      try {
        await notifier.outcome(job, outcome);
      } finally {
        await service.saveEnded(saveJobId(job)).catch((err: unknown) => logger.warn({ err }, 'could not start the follows of a save'));
      }
    },
  };
}
