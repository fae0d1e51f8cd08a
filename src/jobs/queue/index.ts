/**
 * The job queue: one interface ({@link JobQueue}), two drivers. With a Redis URL the queue is
 * BullMQ (workers may run in other processes); without one it lives in the bot's SQLite file.
 */
import type { AppDatabase } from '../../db/index.js';
import { BullmqJobQueue, type BullmqQueueOptions } from './bullmq.driver.js';
import { EmbeddedJobQueue, type EmbeddedQueueOptions } from './embedded.driver.js';
import type { BaseQueueOptions, JobQueue } from './types.js';

export type CreateJobQueueOptions = BaseQueueOptions & {
  /** REDIS_URL; when unset the embedded SQLite queue is used. */
  redisUrl?: string | undefined;
  /** Required for the embedded queue. */
  db?: AppDatabase | undefined;
} & Partial<Omit<BullmqQueueOptions, keyof BaseQueueOptions | 'redisUrl'>> &
  Partial<Omit<EmbeddedQueueOptions, keyof BaseQueueOptions | 'db'>>;

/** Picks the driver: BullMQ when `redisUrl` is set, else the embedded queue on `db`. */
export function createJobQueue<T>(options: CreateJobQueueOptions): JobQueue<T> {
  const { redisUrl, db, ...rest } = options;
  if (redisUrl) return new BullmqJobQueue<T>({ ...rest, redisUrl });
  if (!db) throw new Error('createJobQueue: without a Redis URL the embedded queue needs the SQLite database (db)');
  return new EmbeddedJobQueue<T>({ ...rest, db });
}

export { createBullmqWorker, BullmqJobQueue, type BullmqQueueOptions } from './bullmq.driver.js';
export { EmbeddedJobQueue, type EmbeddedQueueOptions } from './embedded.driver.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { assertValidJobId } from './job-id.js';
export type { AddJobOptions, BaseQueueOptions, JobCounts, JobProcessor, JobQueue, ProcessedJob, QueueLogger } from './types.js';
export { FinalJobError, RateLimitedJobError } from '../errors.js';
