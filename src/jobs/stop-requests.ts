/**
 * "Stop this save", asked from the bot (the ✖ button, /cancel) and honoured by the processor,
 * which may run in another process: the request is a row in the shared key/value table, read
 * at every point where a run checks for an abort (before each batch, each poll, and when a
 * queued job starts). The save then ends as `failed: stopped`, a final outcome the queue does
 * not retry, whichever queue driver runs it.
 */
import type { AppDatabase } from '../db/index.js';
import { createKvRepo } from '../db/kv.repo.js';

/** Key prefix of stop requests (pruned after a day, see `KV_MAX_AGE_MS`). */
export const STOP_PREFIX = 'save:stop:';

/** Asks the save `jobId` to stop at its next check. */
export function requestStop(db: AppDatabase, jobId: string): void {
  createKvRepo(db).set(STOP_PREFIX + jobId, String(Date.now()));
}

/** Whether someone asked the save `jobId` to stop. */
export function isStopRequested(db: AppDatabase, jobId: string): boolean {
  return createKvRepo(db).get(STOP_PREFIX + jobId) !== undefined;
}

/** Stop requests as the save job reads them (built once by the composition root). */
export interface StopRequests {
  isRequested(jobId: string): boolean;
}

export function createStopRequests(db: AppDatabase): StopRequests {
  return { isRequested: (jobId) => isStopRequested(db, jobId) };
}
