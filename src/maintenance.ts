/**
 * Housekeeping that keeps the database from growing forever: a list of small tasks run once at
 * start and then every hour, on an unref'd timer (it never keeps the process alive), one task
 * after another, each failure logged and none stopping the others.
 *
 * To add a sweep: write a {@link MaintenanceTask} next to the data it prunes (its repository) and
 * add it to the list `src/app.ts` passes to {@link startMaintenance}.
 */
import type { AppDatabase } from './db/index.js';
import { COPY_ITEMS_KEEP_MS, createSavesRepo } from './db/saves.repo.js';
import type { Logger } from './logger.js';

/** What a task gets: the database and a logger named after the task. */
export interface MaintenanceContext {
  db: AppDatabase;
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /** The time of this sweep (epoch ms). */
  now: number;
}

/** One sweep. `run` may be synchronous; what it returns (rows removed, say) is logged when not 0. */
export interface MaintenanceTask {
  name: string;
  run(context: MaintenanceContext): number | void | Promise<number | void>;
}

/** Default time between two sweeps. */
export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;

/** Copy records of saves that ended more than 30 days ago (see `SavesRepo.pruneFinishedCopyItems`). */
export const pruneCopyItemsTask: MaintenanceTask = {
  name: 'prune-copy-items',
  run: ({ db, now }) => createSavesRepo(db).pruneFinishedCopyItems(COPY_ITEMS_KEEP_MS, now),
};

/** A chat's history beyond its newest `keepPerChat` ended saves (`HISTORY_KEEP_PER_CHAT`, see `SavesRepo.pruneHistory`). */
export function pruneHistoryTask(keepPerChat: number): MaintenanceTask {
  return { name: 'prune-history', run: ({ db }) => createSavesRepo(db).pruneHistory(keepPerChat) };
}

export interface MaintenanceOptions {
  db: AppDatabase;
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>;
  tasks: readonly MaintenanceTask[];
  /** Default {@link MAINTENANCE_INTERVAL_MS}. */
  intervalMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
}

export interface Maintenance {
  /** Runs every task once now (after a sweep already running). */
  runOnce(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress, so the database can be closed. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the sweeps: one right away, then one every `intervalMs`. */
export function startMaintenance(options: MaintenanceOptions): Maintenance {
  const { db, logger, tasks } = options;
  const now = options.now ?? Date.now;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const sweep = async (): Promise<void> => {
    for (const task of tasks) {
      if (stopped) return;
      try {
        const removed = await task.run({ db, logger, now: now() });
        if (typeof removed === 'number' && removed > 0) logger.info({ task: task.name, removed }, 'maintenance task pruned rows');
      } catch (error) {
        logger.warn({ err: error, task: task.name }, 'maintenance task failed');
      }
    }
  };
  const runOnce = (): Promise<void> => {
    running = running.then(sweep);
    return running;
  };

  void runOnce();
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? MAINTENANCE_INTERVAL_MS);
  timer.unref();

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
