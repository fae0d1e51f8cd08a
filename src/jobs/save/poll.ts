/** Following Aliyun's async copies (folders, big shares) to their end. */
import { taskPhase } from '../../api/index.js';
import type { CopyItemRow } from '../../db/saves.repo.js';
import { taskResult } from '../copy-results.js';
import { checkAborted, type SaveRun } from './context.js';

/** How async copies are polled. */
export interface PollOptions {
  /** First wait between polls (default 500 ms); it grows by half each round… */
  firstMs: number;
  /** …up to this (default 5 s). */
  maxMs: number;
  /** Give up waiting after this long in one run (default 30 min); the job is retried later. */
  overallMs: number;
}

export const DEFAULT_POLL: PollOptions = { firstMs: 500, maxMs: 5_000, overallMs: 30 * 60_000 };

/** The wait after `waitMs` between two polls of async copies: half again as long, up to `maxMs`. */
export function nextPollWait(waitMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(waitMs * 1.5));
}

/** Async copies whose counts are read again for the outcome when a previous run saw them end. */
const MAX_TASKS_RECOUNTED = 20;

/** Async copies outlived the poll bound of one run; the next run goes on polling them. */
export class CopyStillRunningError extends Error {
  override readonly name = 'CopyStillRunningError';
  constructor(waitedMs: number) {
    super(`async copies still running after ${Math.round(waitedMs / 1000)} s`);
  }
}

/**
 * Polls every accepted copy until it ends, with growing waits and an overall bound.
 * @param items the job's items as last read. @returns them once no copy runs any more.
 */
export async function pollTasks(run: SaveRun, items: CopyItemRow[]): Promise<CopyItemRow[]> {
  const { saves, jobId, clock, poll } = run;
  let current = items;
  let waitMs = poll.firstMs;
  const deadline = clock.now() + poll.overallMs;
  for (;;) {
    const running = current.filter((item) => item.state === 'accepted');
    if (running.length === 0) return current;
    run.drive.checkStillLinked();
    const session = run.drive.session;
    for (const item of running) {
      checkAborted(run);
      if (!item.asyncTaskId) {
        // 202 without a task id: nothing to follow; Aliyun finishes it on its own.
        saves.recordResults(jobId, [{ sourceFileId: item.sourceFileId, state: 'copied' }]);
        continue;
      }
      const task = await session.getAsyncTask(item.asyncTaskId);
      run.tasks.set(item.asyncTaskId, task);
      if (taskPhase(task) !== 'running') saves.recordResults(jobId, [taskResult(item.sourceFileId, task)]);
    }
    run.progress.report(undefined, false);
    current = saves.items(jobId);
    if (!current.some((item) => item.state === 'accepted')) return current;
    if (clock.now() >= deadline) {
      throw new CopyStillRunningError(poll.overallMs);
    }
    await clock.sleep(waitMs, run.signal);
    waitMs = nextPollWait(waitMs, poll.maxMs);
  }
}

/**
 * Tasks that ended in an earlier run have no counts in memory; read them once more so the
 * outcome says how much was copied (only when few, and only for a partial or counted save).
 */
export async function recountFinishedTasks(run: SaveRun, items: CopyItemRow[]): Promise<void> {
  const missing = items.filter((item) => item.asyncTaskId && !run.tasks.has(item.asyncTaskId) && (item.state === 'done' || item.state === 'failed'));
  if (missing.length === 0 || missing.length > MAX_TASKS_RECOUNTED) return;
  const session = run.drive.session;
  for (const item of missing) {
    try {
      run.tasks.set(item.asyncTaskId as string, await session.getAsyncTask(item.asyncTaskId as string));
    } catch (err) {
      run.log.warn({ err }, 'could not read a finished copy task again; counting it as one item');
      return;
    }
  }
}
