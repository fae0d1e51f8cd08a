/**
 * What one run of a save job works with: its dependencies as the queue drivers hand them over,
 * and the state its steps (plan, copy, poll, progress) share.
 */
import type { Accounts } from '../../accounts.js';
import type { AliyunError, AsyncTask } from '../../api/index.js';
import type { CopyItemRow, PlannedItem, SavesRepo } from '../../db/saves.repo.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../clock.js';
import type { OperatorAlerts } from '../operator-alerts.js';
import type { SaveNotifier } from '../save-outcome.js';
import { SaveFailure } from '../save-failure.js';
import type { SaveShareJob } from '../save-share.job.js';
import type { StopRequests } from '../stop-requests.js';
import type { LargeShareWait } from './large-share.js';
import type { LinkedDrive } from './linked-drive.js';
import type { PollOptions } from './poll.js';
import type { ProgressReporter } from './progress.js';

/** What the save job needs: finished services, built once by the composition root. */
export interface SaveShareDeps {
  saves: SavesRepo;
  accounts: Accounts;
  notifier: SaveNotifier;
  /** "Stop this save" from the bot, read wherever a run checks for an abort. */
  stopRequests: StopRequests;
  /** Told when Aliyun answers in a way this version does not understand (none: only logged). */
  operatorAlerts?: OperatorAlerts;
  /** Default: the system clock. */
  clock?: Clock;
  /** Each run logs through a child of it that carries `job_id`. */
  logger: Logger;
  poll?: Partial<PollOptions>;
  /** Runs the queue gives a job (default 6); the last one reports `busy` instead of failing silently. */
  maxAttempts?: number;
  /** Least time between two progress reports of one job (default 1 s). */
  progressIntervalMs?: number;
  /** A share over `bytes` waits `waitMs` before its first copy when its asker may choose part of it (none: never). */
  largeShare?: LargeShareWait;
  /**
   * How long an `again` save waits before looking again whether the save of the same share
   * still in flight has ended (default 5 s). The wait spends no attempt.
   */
  inFlightRecheckMs?: number;
}

/** One run of a job, as any queue driver hands it over. */
export interface SaveJobRun {
  id: string;
  data: SaveShareJob;
  /** Failed runs before this one. */
  attemptsMade: number;
  signal?: AbortSignal;
}

/** The logger of one run (a child carrying `job_id`). */
export type JobLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** Where this run's copies go. */
export interface CopyTarget {
  driveId: string;
  folderId: string;
  /** The folder id was resolved by Aliyun in this run (not taken from a cache). */
  verified: boolean;
  /** Ids of folders below the target (items' `target_dir`), found or created in this run. */
  dirs?: Map<string, string>;
}

/** The state one run's steps share. */
export interface SaveRun {
  readonly jobId: string;
  readonly data: SaveShareJob;
  /** The share's password, '' when none. */
  readonly password: string;
  readonly saves: SavesRepo;
  readonly log: JobLog;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  readonly stopRequests: StopRequests;
  readonly poll: PollOptions;
  /** The account this run copies with; opened once the account was read. */
  readonly drive: LinkedDrive;
  readonly progress: ProgressReporter;
  readonly operatorAlerts: OperatorAlerts | undefined;
  /** Async copies as last read, by task id (their counts go into progress and the outcome). */
  readonly tasks: Map<string, AsyncTask>;
  /** The share's title once known ('' before). */
  shareName: string;
  target: CopyTarget;
  /** Files this run's plan left out by the skip rules (set when this run planned the save). */
  skipped?: number;
  /** What this run planned to copy (set when this run planned the save). */
  planned?: readonly PlannedItem[];
  /** The copy record's rows as this run's plan inserted them (so copying need not read them back). */
  plannedRows?: CopyItemRow[];
}

/**
 * Stops the run when the queue took the job away (shutdown, lost lock), or ends the save as
 * `stopped` when the user asked (src/jobs/stop-requests.ts).
 */
export function checkAborted(run: Pick<SaveRun, 'signal' | 'stopRequests' | 'jobId'>): void {
  run.signal?.throwIfAborted();
  if (run.stopRequests.isRequested(run.jobId)) throw new SaveFailure('stopped', 'stopped by the user');
}

/** Tells the operators of an answer not understood, in the background (never on the save's path). */
export function alertNotUnderstood(run: Pick<SaveRun, 'operatorAlerts' | 'log'>, err: AliyunError): void {
  run.operatorAlerts?.notUnderstood({ endpoint: err.endpoint, shape: err.answerShape }).catch((alertErr: unknown) => {
    run.log.warn({ err: alertErr }, 'operator alert failed');
  });
}
