/**
 * Wiring of the save pipeline onto a job queue: the queue itself, its workers, and the one way
 * the bot queues a save (history row first, then the queue job under the save's stable id).
 */
import type { AppDatabase } from '../db/index.js';
import { createSavesRepo } from '../db/saves.repo.js';
import { createSkipRulesRepo } from '../db/skip-rules.repo.js';
import { unfinishedSavesBeforeQueueing } from '../db/unfinished-saves.js';
import { endAbandonedSave } from './abandoned-save.js';
import { accountGroup, accountPace } from './account-pace.js';
import { createJobQueue, type CreateJobQueueOptions } from './queue/index.js';
import { DEFAULT_ATTEMPTS, type JobQueue, type QueueLogger } from './queue/types.js';
import type { SaveShareDeps } from './save/context.js';
import { processSaveShare } from './save/run.js';
import { queuedSaveOf, saveJobId, type SaveShareJob } from './save-share.job.js';

/**
 * The queue's name in Redis / SQLite: the one name the bot (which queues) and `npm run worker`
 * (which only works) must share. Take it from here, never spell it again.
 */
export const SAVE_QUEUE_NAME = 'saves';

/** Saves one user may have queued or running at once, unless configured (MAX_QUEUED_PER_USER). */
export const DEFAULT_MAX_QUEUED_PER_USER = 200;

/** The user already has `limit` saves queued or running: this one was not queued. */
export class TooManyQueuedError extends Error {
  override readonly name = 'TooManyQueuedError';
  constructor(readonly limit: number) {
    super(`the user has ${limit} saves queued already`);
  }
}

/** Runs per save: enough to ride out a bad minute of 5xx (the last one reports `busy`). */
export const SAVE_ATTEMPTS = DEFAULT_ATTEMPTS;

export type SaveQueueOptions = {
  /** REDIS_URL; without it the queue lives in the SQLite database. */
  redisUrl?: string | undefined;
  db: AppDatabase;
  logger: QueueLogger;
  /** Default {@link SAVE_QUEUE_NAME}; tests use unique names. */
  name?: string;
  /** Runs per job (default {@link SAVE_ATTEMPTS}); give workers the same number as `maxAttempts`. */
  attempts?: number;
} & Partial<Omit<CreateJobQueueOptions, 'name' | 'redisUrl' | 'db' | 'logger' | 'defaultAttempts'>>;

/** The save queue: BullMQ with a Redis URL, else the embedded SQLite queue. */
export function createSaveQueue(options: SaveQueueOptions): JobQueue<SaveShareJob> {
  const { redisUrl, db, logger, name, attempts, ...rest } = options;
  return createJobQueue<SaveShareJob>({
    ...rest,
    name: name ?? SAVE_QUEUE_NAME,
    redisUrl,
    db,
    logger,
    defaultAttempts: attempts ?? SAVE_ATTEMPTS,
  });
}

/**
 * Starts processing saves in this process (`options.concurrency`, or `deps.concurrency`, jobs at
 * once). `deps.maxAttempts` must match the queue's attempts
 * (default {@link SAVE_ATTEMPTS}) so the last run knows to report `busy`.
 */
export async function startSaveWorkers(
  queue: JobQueue<SaveShareJob>,
  deps: SaveShareDeps & { concurrency?: number },
  options: { concurrency?: number } = {},
): Promise<void> {
  const { concurrency, ...processorDeps } = deps;
  const runDeps: SaveShareDeps = { ...processorDeps, maxAttempts: deps.maxAttempts ?? SAVE_ATTEMPTS };
  const workerConcurrency = options.concurrency ?? concurrency;
  await queue.startWorker((job) => processSaveShare(job, runDeps), {
    ...(workerConcurrency === undefined ? {} : { concurrency: workerConcurrency }),
    groupPace: accountPace(deps.accounts),
    onAbandoned: (job) => endAbandonedSave(job, runDeps),
  });
}

/**
 * Queues a save: inserts its `saves` row (state `queued`), then adds the queue job under
 * {@link saveJobId}. The same request again (a Telegram update delivered twice) queues nothing
 * and answers `queued: false`.
 *
 * The row claims the job's {@link saveInFlightKey} in the same transaction. A new request for
 * a share this account is saving right now is still queued (its status message needs an
 * outcome), without the key: its job ends as an in-progress `duplicate` and copies nothing (or,
 * with `again`, waits for the first to end).
 * @throws TooManyQueuedError when the user has `maxQueuedPerUser` saves queued or running.
 * @throws when the queue refuses the job (Redis down); the row is removed so the user can retry.
 */
export async function enqueueSave(
  queue: JobQueue<SaveShareJob>,
  db: AppDatabase,
  job: SaveShareJob,
  options: { maxQueuedPerUser?: number } = {},
): Promise<{ jobId: string; queued: boolean }> {
  const saves = createSavesRepo(db);
  const jobId = saveJobId(job);
  job = withSkipRules(db, job);
  const limit = options.maxQueuedPerUser ?? DEFAULT_MAX_QUEUED_PER_USER;
  // One user's backlog is bounded: a flood waits for no one but costs memory and drive calls.
  if (unfinishedSavesBeforeQueueing(db, job.requestedBy, jobId) >= limit) throw new TooManyQueuedError(limit);
  const { created, row } = saves.createQueued(queuedSaveOf(jobId, job));
  if (!created) {
    // Seen before. If it never reached the queue (a crash between the two writes), add it now;
    // the queue drops the add when it has the id. Either way this request queued nothing new.
    if (row.state === 'queued') await queue.add(jobId, job, { group: accountGroup(job.accountId) });
    return { jobId, queued: false };
  }
  try {
    return await queue.add(jobId, job, { group: accountGroup(job.accountId) });
  } catch (err) {
    saves.deleteQueued(jobId);
    throw err;
  }
}

/** The job with its asker's skip rules (/skip), unless it names its items already. */
function withSkipRules(db: AppDatabase, job: SaveShareJob): SaveShareJob {
  if (job.skip || (job.fileIds && job.fileIds.length > 0)) return job;
  const rules = createSkipRulesRepo(db).rulesOf(job.requestedBy);
  return rules ? { ...job, skip: rules } : job;
}
