import type { Logger } from 'pino';
import type { BackoffOptions } from './backoff.js';

/** A durable job queue. Job data must survive `JSON.stringify`. */
export interface JobQueue<T> {
  /** Queues a job under a caller-chosen id; a second add with the same id is a no-op ({queued:false}). */
  add(jobId: string, data: T, opts?: AddJobOptions): Promise<{ jobId: string; queued: boolean }>;
  /** Starts processing in this process. */
  startWorker(processor: JobProcessor<T>, opts?: WorkerOptions<T>): Promise<void>;
  counts(): Promise<JobCounts>;
  /** Graceful: stop taking jobs, wait for active ones (bounded), release resources. */
  close(): Promise<void>;
}

export interface AddJobOptions {
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** Runs allowed before the job fails for good (rate-limited runs do not count). */
  attempts?: number;
  /**
   * Who the job is for (e.g. its account). Workers serve groups in turn, not first in first
   * out, and start no job of a group its {@link GroupPace} holds back: one group's backlog
   * never keeps another group's job waiting behind it.
   */
  group?: string;
}

export interface WorkerOptions<T = unknown> {
  /** Jobs run at once in this process (default 1). */
  concurrency?: number;
  /** Holds back groups that must wait (a paced account), so they wait without a worker slot. */
  groupPace?: GroupPace;
  /**
   * The queue gave a job up without its processor ending it: its runs kept being cut off (the
   * worker process died or froze mid-job, {@link MAX_INTERRUPTED_RUNS} times). The job is failed;
   * this is the caller's chance to close its records and tell the user. Errors are logged.
   */
  onAbandoned?: (job: { id: string; data: T }) => Promise<void>;
}

/** How many jobs of a group may run now; asked before each start. */
export interface GroupPace {
  /**
   * `running`: how many of the group's jobs may run at once right now (`Infinity`: no limit).
   * `retryInMs`: when the group could start one more, if it may not now.
   */
  allowance(group: string): { running: number; retryInMs: number };
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/**
 * Processes one job. Resolve = done. Throw `FinalJobError` to fail at once, `RateLimitedJobError`
 * to run again later without spending an attempt, anything else to retry with backoff.
 * `signal` aborts when the queue shuts down past its grace period or the job's lock was lost:
 * stop promptly and throw; the job is resumed later without spending an attempt.
 */
export type JobProcessor<T> = (job: ProcessedJob<T>) => Promise<void>;

export interface ProcessedJob<T> {
  id: string;
  data: T;
  /** Failed runs before this one (0 on the first run); throttled or interrupted runs do not count. */
  attemptsMade: number;
  /** Runs allowed in all: this run is the last when `attemptsMade + 1 === maxAttempts`. */
  maxAttempts: number;
  signal: AbortSignal;
}

/** The pino methods the queues use. */
export type QueueLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** Options every driver takes. */
export interface BaseQueueOptions {
  /** Queue name: letters, digits, `-` and `_`. */
  name: string;
  logger: QueueLogger;
  backoff?: BackoffOptions;
  /** Attempts for jobs added without `attempts` (default 6). */
  defaultAttempts?: number;
  /** How long `close()` waits for active jobs before aborting them (default 10 s). */
  closeTimeoutMs?: number;
}

export const DEFAULT_ATTEMPTS = 6;
/**
 * Runs of one job cut off by a dead or frozen worker before the queue gives it up, instead of
 * letting a job that crashes its process crash-loop (BullMQ: `maxStalledCount` + 1).
 */
export const MAX_INTERRUPTED_RUNS = 3;
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
