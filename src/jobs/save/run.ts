/**
 * The save job: open a share, copy it into the user's drive, follow async copies to their end,
 * and tell the user — exactly once, across crashes, rate limits and retries (see copy.ts).
 * This file runs the steps in order and ends the save: plan.ts, copy.ts, poll.ts, progress.ts.
 *
 * A plain function of (job, deps): no grammY, no BullMQ.
 */
import { AccountUnavailableError, loginStateOf } from '../../accounts.js';
import { isAliyunError, isRateLimited, type AsyncTask } from '../../api/index.js';
import { IN_FLIGHT_STALE_MS, isFinalSaveState, type CopyItemRow, type SaveRow } from '../../db/saves.repo.js';
import { systemClock } from '../clock.js';
import { FinalJobError, RateLimitedJobError } from '../errors.js';
import { DEFAULT_ATTEMPTS } from '../queue/types.js';
import { classifyFailure, SaveFailure } from '../save-failure.js';
import { IN_PROGRESS_KIND, type SaveOutcome } from '../save-outcome.js';
import { queuedSaveOf, saveInFlightKey } from '../save-share.job.js';
import { saveOutcome, tallySave } from '../save-tally.js';
import { encodeUntold } from '../untold-outcome.js';
import { alertNotUnderstood, checkAborted, type SaveJobRun, type SaveRun, type SaveShareDeps } from './context.js';
import { copyAll } from './copy.js';
import { waitIfLarge } from './large-share.js';
import { LinkedDrive } from './linked-drive.js';
import { plan, resolveFolder } from './plan.js';
import { CopyStillRunningError, DEFAULT_POLL, pollTasks, recountFinishedTasks } from './poll.js';
import { DEFAULT_PROGRESS_INTERVAL_MS, ProgressReporter } from './progress.js';

/** Default of {@link SaveShareDeps.inFlightRecheckMs}. */
export const DEFAULT_IN_FLIGHT_RECHECK_MS = 5_000;

/**
 * Processes one run of a save job. Resolves when the save ended (saved, partial, duplicate) or
 * had ended before; throws `FinalJobError` after reporting a failure, `RateLimitedJobError`
 * when Aliyun asked for a longer pause than the client waits (or an `again` save waits for the
 * same share's save in flight), and anything else to be retried.
 *
 * Before anything is copied the job claims its {@link saveInFlightKey}: while another save of
 * the same (account, share, folder, chosen files) is queued or running, this one copies nothing
 * and ends as `duplicate` with `inProgress: true` — or, asked with `again`, waits for it to end.
 *
 * Before every batch and every round of polling the account row is read again: logged out (gone)
 * or linked to another Aliyun account, the save ends `failed: logged_out` without copying more.
 */
export async function processSaveShare(job: SaveJobRun, deps: SaveShareDeps): Promise<void> {
  await new SaveJob(job, deps).execute();
}

/**
 * The `failure_kind` stored with an outcome: a failure's or a partial's reason, and
 * {@link IN_PROGRESS_KIND} for a duplicate turned away while the first save still runs — so a
 * status rebuilt from the row (another process's group notifier) says "still being saved".
 */
function failureKindOf(outcome: SaveOutcome): string | null {
  if (outcome.kind === 'failed' || outcome.kind === 'partial') return outcome.reason;
  if (outcome.kind === 'duplicate' && outcome.inProgress) return IN_PROGRESS_KIND;
  return null;
}

class SaveJob {
  private readonly run: SaveRun;
  /** The items the outcome was computed from, so ending the save need not read them again. */
  private finalItems: CopyItemRow[] | undefined;

  constructor(
    private readonly job: SaveJobRun,
    private readonly deps: SaveShareDeps,
  ) {
    const clock = deps.clock ?? systemClock;
    const log = deps.logger.child({ job_id: job.id });
    const tasks = new Map<string, AsyncTask>();
    const run: SaveRun = {
      jobId: job.id,
      data: job.data,
      password: job.data.password ?? '',
      saves: deps.saves,
      log,
      clock,
      signal: job.signal,
      stopRequests: deps.stopRequests,
      poll: { ...DEFAULT_POLL, ...deps.poll },
      drive: new LinkedDrive(deps.accounts),
      operatorAlerts: deps.operatorAlerts,
      progress: new ProgressReporter(job, {
        saves: deps.saves,
        notifier: deps.notifier,
        clock,
        log,
        intervalMs: deps.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
        tasks,
        shareName: () => run.shareName,
      }),
      tasks,
      shareName: '',
      target: { driveId: '', folderId: '', verified: false },
    };
    this.run = run;
  }

  async execute(): Promise<void> {
    const { saves, log } = this.run;
    const row = this.startRow();
    if (isFinalSaveState(row.state)) {
      log.info({ state: row.state }, 'save already finished; nothing to do');
      return;
    }
    this.run.shareName = row.shareName ?? '';
    // Planned items and their count are recorded in one transaction: no count, no items to read.
    const items = row.itemsTotal ? saves.items(this.job.id) : [];
    let outcome: SaveOutcome;
    try {
      outcome = await this.steps(row, items);
    } catch (err) {
      return this.fail(err);
    }
    await this.end(outcome);
    if (outcome.kind === 'failed') throw new FinalJobError(`save failed: ${outcome.reason}`);
  }

  /**
   * The job's row, marked running (one statement that returns it); an ended save's row as it is.
   * A job queued without a row (by hand, or an old queue) gets one now.
   */
  private startRow(): SaveRow {
    const { saves, data } = this.run;
    const running = saves.markRunning(this.job.id);
    if (running) return running;
    const existing = saves.get(this.job.id);
    if (existing) return existing;
    saves.createQueued(queuedSaveOf(this.job.id, data));
    return saves.markRunning(this.job.id) ?? saves.get(this.job.id)!;
  }

  /** Plans (unless planned before), copies and polls; @returns the outcome to store and tell. */
  private async steps(row: SaveRow, planned: CopyItemRow[]): Promise<SaveOutcome> {
    const { run } = this;
    const { data, saves } = run;
    // Stopped while it waited in the queue: ends before any Aliyun call.
    checkAborted(run);
    const login = loginStateOf(this.deps.accounts.getById(data.accountId));
    // Logged out: the user asked us to forget the account, so this is no "log in and it saves".
    if (login.state === 'none') return { kind: 'failed', reason: 'logged_out', ...this.named() };
    if (login.state === 'relogin') return { kind: 'failed', reason: 'relogin', ...this.named() };
    const { account } = login;
    // Planned for another drive, then /login linked another Aliyun account: the copy record
    // (and the target folder id) belong to the old drive; copy nothing into the new one. (The
    // drive is recorded with the plan, so a row with one was planned.)
    if (row.aliyunUserId !== null && row.aliyunUserId !== account.aliyunUserId) {
      return { kind: 'failed', reason: 'logged_out', ...this.named(), detail: 'another account was linked' };
    }
    const drive = { accountId: account.id, aliyunUserId: account.aliyunUserId };

    if (planned.length === 0) {
      // Nothing copied yet: this is the last moment a duplicate can be turned away for free.
      // The row as marked running holds the key already (taken when queued) in the usual case:
      // freshly touched, nobody can take it over, so there is nothing to claim.
      const running = row.inFlightKey === saveInFlightKey(data) ? null : this.claimInFlight();
      if (running) return running;
      if (!data.again && !(data.fileIds && data.fileIds.length > 0)) {
        const previous = saves.findPreviousSave(drive, data.shareId, data.folderId ?? 'root', this.job.id);
        if (previous) {
          return {
            kind: 'duplicate',
            shareName: previous.shareName ?? data.shareId,
            targetPath: previous.targetPath ?? data.targetPath,
            savedAt: previous.finishedAt ?? previous.updatedAt,
          };
        }
      }
      run.progress.report({ stage: 'opening' }, true);
    }

    const session = run.drive.open(account);
    run.target.driveId = account.resourceDriveId || (await session.targetDriveId());

    if (planned.length === 0) {
      const plannedNow = await plan(run, row);
      if (plannedNow !== null) return plannedNow;
      await waitIfLarge(run, this.deps.largeShare);
    } else {
      run.target.folderId = row.targetFolderId ?? (await resolveFolder(run, true));
    }

    const copied = await copyAll(run);
    const items = await pollTasks(run, copied);
    await recountFinishedTasks(run, items);
    this.finalItems = items;
    const outcome = saveOutcome(items, run.tasks, { shareName: run.shareName || data.shareId, targetPath: data.targetPath });
    // Planned now or by an earlier run (then the row read at the start has the count).
    const skipped = (planned.length === 0 ? run.skipped : row.itemsSkipped) ?? 0;
    return skipped > 0 && (outcome.kind === 'saved' || outcome.kind === 'partial') ? { ...outcome, skipped } : outcome;
  }

  /**
   * Claims the job's in-flight key. Held by another save still queued or running: a plain save
   * ends as an in-progress duplicate of it; an `again` save waits (no attempt spent) until it ends.
   */
  private claimInFlight(): SaveOutcome | null {
    const { saves, data, log, clock } = this.run;
    const claim = saves.claimInFlight(this.job.id, saveInFlightKey(data), clock.now() - IN_FLIGHT_STALE_MS);
    if (claim.claimed) {
      if (claim.tookOverFrom) log.warn({ stale_job_id: claim.tookOverFrom }, 'took over the share from a save that went quiet');
      return null;
    }
    const { holder } = claim;
    if (data.again) {
      const waitMs = this.deps.inFlightRecheckMs ?? DEFAULT_IN_FLIGHT_RECHECK_MS;
      log.debug({ running_job_id: holder.jobId }, 'another copy is asked for while the share is being saved; waiting');
      throw new RateLimitedJobError(waitMs, `waiting for save ${holder.jobId} of the same share to end`);
    }
    log.info({ running_job_id: holder.jobId }, 'the same share is being saved already; not copying it twice');
    return {
      kind: 'duplicate',
      shareName: holder.shareName ?? data.shareId,
      targetPath: holder.targetPath ?? data.targetPath,
      savedAt: holder.createdAt,
      inProgress: true,
    };
  }

  private named(): { shareName?: string } {
    return this.run.shareName ? { shareName: this.run.shareName } : {};
  }

  /** Stores the outcome and tells the user — only if this run is the one that ended the save. */
  private async end(outcome: SaveOutcome): Promise<void> {
    const { saves, log, progress } = this.run;
    const tally = tallySave(this.finalItems ?? saves.items(this.job.id), this.run.tasks);
    // Remembered untold with the outcome, until the notifier has told it (a restart tells the rest).
    const ended = saves.finishUntold(this.job.id, {
      state: outcome.kind,
      failureKind: failureKindOf(outcome),
      errorMessage: outcome.kind === 'failed' ? (outcome.detail ?? null) : null,
      ...(outcome.kind === 'partial' ? { filesCopied: outcome.copied, filesTotal: outcome.total } : {}),
      ...(outcome.kind === 'saved' ? { filesCopied: tally.copied, filesTotal: tally.total } : {}),
      shareName: 'shareName' in outcome ? (outcome.shareName ?? null) : null,
    }, encodeUntold(this.job.data, outcome));
    progress.flush();
    if (!ended) return;
    log.info({ outcome: outcome.kind, ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}) }, 'save ended');
    try {
      await this.deps.notifier.outcome(this.job.data, outcome);
    } catch (err) {
      log.warn({ err }, 'outcome notification failed');
    }
  }

  /** Turns an error into a final outcome, a parked job, or a retry. */
  private async fail(err: unknown): Promise<never> {
    const { log, password } = this.run;
    if (err instanceof FinalJobError || err instanceof RateLimitedJobError) throw err;
    // Shutting down (or the lock was lost): the queue resumes the job later.
    if (this.job.signal?.aborted) throw err;
    // An account gone (not one whose login died) was logged out: no "log in again".
    const loggedOut = err instanceof AccountUnavailableError && err.reason === 'missing';
    const kind = loggedOut ? 'logged_out' : classifyFailure(err, { passwordGiven: password !== '' });
    if (kind !== null) {
      if (kind === 'not_understood' && isAliyunError(err)) alertNotUnderstood(this.run, err);
      const detail = err instanceof SaveFailure ? err.detail : isAliyunError(err) ? err.code : undefined;
      await this.end({ kind: 'failed', reason: kind, ...this.named(), ...(detail ? { detail } : {}) });
      throw new FinalJobError(`save failed: ${kind}`, { cause: err });
    }
    if (isRateLimited(err)) {
      const waitMs = isAliyunError(err) && err.retryAfterMs !== undefined ? err.retryAfterMs : 1000;
      throw new RateLimitedJobError(waitMs, `Aliyun rate limit: retrying in ${waitMs} ms`, { cause: err });
    }
    const maxAttempts = this.deps.maxAttempts ?? DEFAULT_ATTEMPTS;
    if (this.job.attemptsMade + 1 >= maxAttempts) {
      // Aliyun's trouble (or its slowness) is "busy"; anything else is ours: "unknown".
      const reason = isAliyunError(err) || err instanceof CopyStillRunningError ? 'busy' : 'unknown';
      log.warn({ err, attempts: this.job.attemptsMade + 1 }, 'last attempt failed');
      await this.end({ kind: 'failed', reason, ...this.named(), detail: isAliyunError(err) ? err.code : String(err) });
      throw new FinalJobError(`save failed on its last attempt: ${reason}`, { cause: err });
    }
    log.warn({ err, attempt: this.job.attemptsMade + 1 }, 'save run failed; will retry');
    throw err;
  }
}
