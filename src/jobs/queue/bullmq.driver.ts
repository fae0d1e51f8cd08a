/**
 * The Redis queue (BullMQ), used when REDIS_URL is set; the worker may run in its own process
 * (`npm run worker`, see {@link createBullmqWorker}).
 *
 * How the shared contract maps onto BullMQ:
 * - `FinalJobError` → `UnrecoverableError` (no more attempts).
 * - `RateLimitedJobError(ms)` → `job.moveToDelayed(now + ms)` + `DelayedError`: only this job
 *   waits (a per-account throttle must not stall other users' saves, as the queue-wide
 *   `worker.rateLimit` would), and BullMQ does not count it as an attempt.
 * - Other errors retry with `backoffDelay` (the worker's custom backoff strategy).
 * - A job aborted by `close()` goes back to the queue the same way, without spending an attempt.
 * - A job whose worker died returns to waiting, without spending an attempt, once its lock
 *   expired and a live worker's stalled check saw it twice: within `lockDurationMs` +
 *   2 × `stalledIntervalMs` (the check is shared: one worker's check skips the others' for an
 *   interval). A job that stalls more than `maxStalledCount` times fails (BullMQ fails it when a
 *   worker next takes it, without running it) and is handed to `onAbandoned`.
 * - A job whose lock was lost (its renewal failed: the worker froze, or Redis lost the key) is
 *   aborted through its signal, so it stops before its next Aliyun call: the stalled check
 *   gives the job to another run, and two runs must not copy side by side.
 * - A job's group is its BullMQ job name. BullMQ hands jobs out first in, first out (its groups
 *   are a Pro feature), so a job whose group the worker's `groupPace` holds back is moved to
 *   delayed at once, without running and without spending an attempt, to the group's next turn:
 *   it waits outside a worker slot, and comes back behind the jobs queued meanwhile.
 */
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { FinalJobError, RateLimitedJobError } from '../errors.js';
import { backoffDelay } from './backoff.js';
import { assertValidJobId } from './job-id.js';
import { settlesWithin } from './settles-within.js';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_CLOSE_TIMEOUT_MS,
  MAX_INTERRUPTED_RUNS,
  type AddJobOptions,
  type BaseQueueOptions,
  type GroupPace,
  type JobCounts,
  type JobProcessor,
  type JobQueue,
  type WorkerOptions,
} from './types.js';

export interface BullmqQueueOptions extends BaseQueueOptions {
  redisUrl: string;
  /** Redis key prefix (default `bull`). */
  prefix?: string;
  /** A job whose worker stopped renewing its lock this long is stalled (default 30 s). */
  lockDurationMs?: number;
  /** How often workers look for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** Stalls allowed before the job fails (default {@link MAX_INTERRUPTED_RUNS} − 1). */
  maxStalledCount?: number;
}

const BACKOFF_TYPE = 'jittered-exponential';
/** Finished jobs kept for inspection and for duplicate detection (age in seconds). */
const KEEP_COMPLETED = { count: 1000, age: 24 * 3600 };
const KEEP_FAILED = { count: 1000, age: 7 * 24 * 3600 };
const ABORT_GRACE_MS = 2000;
/** Least gap between two turns of one held-back group, so its deferred jobs come back spread out. */
const MIN_TURN_GAP_MS = 50;

/** BullMQ and ioredis, loaded on first use: a bot on the embedded queue never pays their ~25 MB. */
type Libraries = Pick<typeof import('bullmq'), 'DelayedError' | 'Job' | 'Queue' | 'UnrecoverableError' | 'Worker'> & Pick<typeof import('ioredis'), 'Redis'>;
let libraries: Promise<Libraries> | undefined;
function loadLibraries(): Promise<Libraries> {
  libraries ??= Promise.all([import('bullmq'), import('ioredis')]).then(([bullmq, ioredis]) => ({
    DelayedError: bullmq.DelayedError,
    Job: bullmq.Job,
    Queue: bullmq.Queue,
    UnrecoverableError: bullmq.UnrecoverableError,
    Worker: bullmq.Worker,
    Redis: ioredis.Redis,
  }));
  return libraries;
}

/** Strictly increasing per process, so a job's `timestamp` identifies the `add` that created it. */
let lastTimestamp = 0;
function uniqueTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

export class BullmqJobQueue<T> implements JobQueue<T> {
  private queue: Queue | undefined;
  private queueConnection: Redis | undefined;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private closing: Promise<void> | undefined;
  private groupPace: GroupPace | undefined;
  private concurrency = 1;
  /** Jobs of each group running in this process. */
  private readonly running = new Map<string, number>();
  /** The next free turn of each held-back group (epoch ms). */
  private readonly nextTurn = new Map<string, number>();

  constructor(private readonly opts: BullmqQueueOptions) {}

  /** The Queue is created on first use, so a worker-only process holds no extra connection. */
  private async getQueue(): Promise<Queue> {
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    const { Queue, Redis } = await loadLibraries();
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    if (!this.queue) {
      // Fail fast while Redis is away: the user is told to retry instead of waiting.
      this.queueConnection = new Redis(this.opts.redisUrl, { enableOfflineQueue: false });
      this.queueConnection.on('error', (err) => this.opts.logger.warn({ err, queue: this.opts.name }, 'redis (queue) error'));
      this.queue = new Queue(this.opts.name, { connection: this.queueConnection, prefix: this.opts.prefix ?? 'bull' });
      this.queue.on('error', (err) => this.opts.logger.error({ err, queue: this.opts.name }, 'queue error'));
    }
    return this.queue;
  }

  /**
   * BullMQ answers a duplicate id with the existing job's id, so its answer alone cannot say
   * whether this call queued anything. Each add stamps a timestamp unique in this process, and
   * an HGET of the job's `timestamp` follows the add script on the same connection, sent in the
   * same tick: Redis answers it right after the add, without a round trip of its own, with the
   * timestamp of whichever add created the job. Two processes adding the same id within the
   * same millisecond could both see `queued: true`; nothing is queued twice.
   */
  async add(jobId: string, data: T, opts: AddJobOptions = {}) {
    assertValidJobId(jobId);
    const queue = await this.getQueue();
    const { Job } = await loadLibraries();
    const client = await queue.getBackend().client;
    const timestamp = uniqueTimestamp();
    const job = new Job<T>(queue, opts.group ?? this.opts.name, data, {
      jobId,
      timestamp,
      delay: Math.max(0, opts.delayMs ?? 0),
      attempts: opts.attempts ?? this.opts.defaultAttempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    }, jobId);
    // Sent in the same tick (nothing awaited between), the HGET right behind the add script; and
    // awaited together, so when Redis is away neither failure goes unhandled.
    const [, storedTimestamp] = await Promise.all([job.addJob(client), client.hget(queue.toKey(jobId), 'timestamp')]);
    // Already gone: it ran and was evicted in between, which in practice means this call created it.
    return { jobId, queued: storedTimestamp === null || Number(storedTimestamp) === timestamp };
  }

  async startWorker(processor: JobProcessor<T>, opts: WorkerOptions<T> = {}) {
    if (this.worker) throw new Error(`A worker already runs on queue ${this.opts.name}`);
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    const log = this.opts.logger;
    const { Redis, UnrecoverableError, Worker } = await loadLibraries();
    if (this.worker) throw new Error(`A worker already runs on queue ${this.opts.name}`);
    if (this.closing) throw new Error(`Queue ${this.opts.name} is closed`);
    // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null for them.
    this.workerConnection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', (err) => log.warn({ err, queue: this.opts.name }, 'redis (worker) error'));
    const worker = new Worker<T>(
      this.opts.name,
      (job: Job<T>, token: string | undefined, signal: AbortSignal | undefined) => this.process(processor, job, token, signal),
      {
        connection: this.workerConnection,
        prefix: this.opts.prefix ?? 'bull',
        concurrency: Math.max(1, opts.concurrency ?? 1),
        lockDuration: this.opts.lockDurationMs ?? 30_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.opts.maxStalledCount ?? MAX_INTERRUPTED_RUNS - 1,
        settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, this.opts.backoff) },
      },
    );
    worker.on('error', (err) => log.error({ err, queue: this.opts.name }, 'queue worker error'));
    worker.on('failed', (job, err) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      log[final ? 'warn' : 'info']({ jobId: job?.id, queue: this.opts.name, attemptsMade: job?.attemptsMade, err }, final ? 'job failed' : 'job failed; retrying');
      // Failed without running: it stalled too often (BullMQ's deferred failure).
      if (job?.deferredFailure && opts.onAbandoned) {
        opts.onAbandoned({ id: job.id ?? '', data: job.data }).catch((error: unknown) => {
          log.error({ err: error, jobId: job.id, queue: this.opts.name }, 'could not close an abandoned job');
        });
      }
    });
    worker.on('lockRenewalFailed', (jobIds) => {
      for (const jobId of jobIds) {
        log.warn({ jobId, queue: this.opts.name }, 'lost the lock on a running job; stopping it');
        worker.cancelJob(jobId, 'Lost the lock on the job');
      }
    });
    worker.on('stalled', (jobId) => log.warn({ jobId, queue: this.opts.name }, 'job stalled; back to waiting'));
    this.groupPace = opts.groupPace;
    this.concurrency = Math.max(1, opts.concurrency ?? 1);
    this.worker = worker;
    await worker.waitUntilReady();
  }

  private async process(processor: JobProcessor<T>, job: Job<T>, token: string | undefined, signal: AbortSignal | undefined) {
    const { DelayedError, UnrecoverableError } = await loadLibraries();
    const jobSignal = signal ?? new AbortController().signal;
    const group = job.name === this.opts.name ? undefined : job.name;
    if (group !== undefined) {
      const turnAt = this.heldBackUntil(group);
      if (turnAt !== undefined) {
        await job.moveToDelayed(turnAt, token);
        throw new DelayedError();
      }
      this.running.set(group, (this.running.get(group) ?? 0) + 1);
    }
    try {
      const maxAttempts = job.opts.attempts ?? 1;
      await processor({ id: job.id ?? '', data: job.data, attemptsMade: job.attemptsMade, maxAttempts, signal: jobSignal });
    } catch (error) {
      if (jobSignal.aborted && this.closing) {
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      // Aborted because the lock was lost: the job is no longer ours to move; BullMQ refuses
      // this run's outcome and the stalled check hands the job to the next run.
      if (error instanceof RateLimitedJobError) {
        await job.moveToDelayed(Date.now() + error.delayMs, token);
        throw new DelayedError();
      }
      if (error instanceof FinalJobError) throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      if (group !== undefined) {
        const left = (this.running.get(group) ?? 1) - 1;
        if (left > 0) this.running.set(group, left);
        else this.running.delete(group);
      }
    }
  }

  /**
   * Undefined when a job of `group` may start now; else when it should come back: the group's
   * next free turn, one gap after the previous held-back job's, so a backlog of one group is
   * spread out instead of bouncing through the workers all at once.
   */
  private heldBackUntil(group: string): number | undefined {
    if (!this.groupPace) return undefined;
    const { running, retryInMs } = this.groupPace.allowance(group);
    // One slot is always left to the other groups: BullMQ hands jobs out first in, first out, so
    // without it a busy group could fill every slot and a newcomer would wait behind its jobs.
    const cap = Math.min(running, Math.max(1, this.concurrency - 1));
    if ((this.running.get(group) ?? 0) < cap) return undefined;
    const now = Date.now();
    const gapMs = Math.max(MIN_TURN_GAP_MS, retryInMs);
    const turnAt = Math.max(now + gapMs, (this.nextTurn.get(group) ?? 0) + gapMs);
    this.nextTurn.set(group, turnAt);
    if (this.nextTurn.size > 10_000) this.nextTurn.clear();
    return turnAt;
  }

  async counts(): Promise<JobCounts> {
    const c = await (await this.getQueue()).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (worker) {
        const closed = worker.close();
        if (!(await settlesWithin(closed, this.opts.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS))) {
          worker.cancelAllJobs('The queue is shutting down');
          if (!(await settlesWithin(closed, ABORT_GRACE_MS))) {
            this.opts.logger.warn({ queue: this.opts.name }, 'jobs ignored the abort; they resume once their lock expires');
          }
        }
      }
      await this.queue?.close();
      await Promise.all([this.queueConnection, this.workerConnection].map((c) => c?.quit().catch(() => c.disconnect())));
    })();
    return this.closing;
  }
}

/**
 * Starts a BullMQ worker for `npm run worker`:
 * `const worker = await createBullmqWorker({ name, redisUrl, logger, processor, concurrency })`,
 * then `await worker.close()` on SIGTERM.
 */
export async function createBullmqWorker<T>(
  options: BullmqQueueOptions & { processor: JobProcessor<T>; concurrency?: number },
): Promise<JobQueue<T>> {
  const { processor, concurrency, ...queueOptions } = options;
  const queue = new BullmqJobQueue<T>(queueOptions);
  await queue.startWorker(processor, concurrency === undefined ? {} : { concurrency });
  return queue;
}
