/**
 * The save job: open a share, copy it into the user's drive, follow async copies to their end,
 * and tell the user — exactly once, across crashes, rate limits and retries.
 *
 * Exactly once rests on the copy record (`save_copy_items`): items are marked `sent` in one
 * transaction before their batch goes out, and Aliyun's answer per item (copied / accepted with
 * its task id / failed) is stored before anything else happens. A later run never sends an item
 * that is copied, accepted or done (accepted ones are polled by their stored task id), and an
 * item left `sent` without an answer is looked for in the target folder before it is sent again.
 *
 * A plain function of (job, deps): no grammY, no BullMQ.
 */
import { accountKey, AccountUnavailableError, isSameLogin, sessionOfAccount, type AccountDeps } from '../accounts.js';
import {
  isAliyunError,
  isFileNotFound,
  isNotUnderstood,
  isRateLimited,
  MAX_BATCH_ITEMS,
  taskPhase,
  type AccountSession,
  type AliyunClient,
  type AliyunError,
  type AsyncTask,
  type CopyItemResult,
  type FileItem,
} from '../api/index.js';
import { createAccountsRepo, type LinkedAccount } from '../db/accounts.repo.js';
import type { AppDatabase } from '../db/index.js';
import {
  createSavesRepo,
  IN_FLIGHT_STALE_MS,
  isFinalSaveState,
  type CopyItemRow,
  type ItemResult,
  type SaveDrive,
  type SaveRow,
  type SavesRepo,
} from '../db/saves.repo.js';
import type { Logger } from '../logger.js';
import type { SecretKey } from '../secret-box.js';
import { systemClock, type Clock } from './clock.js';
import { FinalJobError, RateLimitedJobError } from './errors.js';
import { IN_PROGRESS_KIND, type SaveNotifier, type SaveOutcome, type SaveProgress } from './save-outcome.js';
import type { OperatorAlerts } from './operator-alerts.js';
import { DEFAULT_ATTEMPTS } from './queue/types.js';
import { classifyFailure, DRIVE_FULL_CODE, SaveFailure } from './save-failure.js';
import { saveInFlightKey, type SaveShareJob } from './save-share.job.js';
import { countState, isMissingTarget, itemResult, shareTitle, taskResult } from './copy-results.js';
import { saveOutcome, tallySave } from './save-tally.js';
import { matchSentItems } from './sent-items.js';
import { isStopRequested } from './stop-requests.js';

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

/** What the processor needs. */
export interface SaveShareDeps {
  client: AliyunClient;
  db: AppDatabase;
  notifier: SaveNotifier;
  /** Told when Aliyun answers in a way this version does not understand (none: only logged). */
  operatorAlerts?: OperatorAlerts;
  /** Default: the system clock. */
  clock?: Clock;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  secretKey: SecretKey;
  poll?: Partial<PollOptions>;
  /** Runs the queue gives a job (default 6); the last one reports `busy` instead of failing silently. */
  maxAttempts?: number;
  /** Least time between two progress reports of one job (default 1 s). */
  progressIntervalMs?: number;
  /**
   * How long an `again` save waits before looking again whether the save of the same share
   * still in flight has ended (default 5 s). The wait spends no attempt.
   */
  inFlightRecheckMs?: number;
}

/** Default of {@link SaveShareDeps.inFlightRecheckMs}. */
export const DEFAULT_IN_FLIGHT_RECHECK_MS = 5_000;

/** One run of a job, as any queue driver hands it over. */
export interface SaveJobRun {
  id: string;
  data: SaveShareJob;
  /** Failed runs before this one. */
  attemptsMade: number;
  signal?: AbortSignal;
}

/** Async copies outlived the poll bound of one run; the next run goes on polling them. */
class CopyStillRunningError extends Error {
  override readonly name = 'CopyStillRunningError';
  constructor(waitedMs: number) {
    super(`async copies still running after ${Math.round(waitedMs / 1000)} s`);
  }
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

/** Async copies whose counts are read again for the outcome when a previous run saw them end. */
const MAX_TASKS_RECOUNTED = 20;
/** Share listing calls spent looking for the names of chosen items below the top level. */
const MAX_NAME_LOOKUP_CALLS = 20;

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
  await new SaveRun(job, deps).execute();
}

class SaveRun {
  private readonly saves: SavesRepo;
  private readonly data: SaveShareJob;
  private readonly poll: PollOptions;
  private readonly log: SaveShareDeps['logger'];
  private readonly clock: Clock;
  private readonly tasks = new Map<string, AsyncTask>();
  private shareName = '';
  private session: AccountSession | undefined;
  /** The account and the Aliyun user it was linked to when this run started. */
  private drive: SaveDrive | undefined;
  /** The login whose session this run copies with. */
  private login: Pick<LinkedAccount, 'deviceId' | 'loginId'> = { deviceId: '', loginId: null };
  private driveId = '';
  private folderId = '';
  /** The folder id was resolved by Aliyun in this run (not taken from a cache). */
  private folderVerified = false;
  private lastProgressAt = Number.NEGATIVE_INFINITY;
  /** A progress report waiting for the job's next request to go out (see `report`). */
  private pendingProgress: { handle: NodeJS.Immediate; tell: () => void } | undefined;
  /** The items the outcome was computed from, so ending the save need not read them again. */
  private finalItems: CopyItemRow[] | undefined;

  constructor(
    private readonly job: SaveJobRun,
    private readonly deps: SaveShareDeps,
  ) {
    this.saves = createSavesRepo(deps.db);
    this.data = job.data;
    this.poll = { ...DEFAULT_POLL, ...deps.poll };
    this.log = deps.logger;
    this.clock = deps.clock ?? systemClock;
  }

  private get password(): string {
    return this.data.password ?? '';
  }

  async execute(): Promise<void> {
    const row = this.ensureRow();
    if (isFinalSaveState(row.state)) {
      this.log.info({ job_id: this.job.id, state: row.state }, 'save already finished; nothing to do');
      return;
    }
    this.saves.markRunning(this.job.id);
    this.shareName = row.shareName ?? '';
    const items = this.saves.items(this.job.id);
    let outcome: SaveOutcome;
    try {
      outcome = await this.run(row, items);
    } catch (err) {
      return this.fail(err);
    }
    await this.end(outcome);
    if (outcome.kind === 'failed') throw new FinalJobError(`save failed: ${outcome.reason}`);
  }

  /** The job's row; a job queued without one (by hand, or an old queue) gets one now. */
  private ensureRow(): SaveRow {
    const existing = this.saves.get(this.job.id);
    if (existing) return existing;
    return this.saves.createQueued({
      jobId: this.job.id,
      accountId: this.data.accountId,
      telegramUserId: this.data.requestedBy,
      chatId: this.data.chatId,
      statusMessageId: this.data.statusMessageId ?? null,
      shareId: this.data.shareId,
      folderId: this.data.folderId ?? 'root',
      targetPath: this.data.targetPath,
      inFlightKey: saveInFlightKey(this.data),
    }).row;
  }

  private async run(row: SaveRow, planned: CopyItemRow[]): Promise<SaveOutcome> {
    // Stopped while it waited in the queue: ends before any Aliyun call.
    this.checkAborted();
    const account = createAccountsRepo(this.deps.db, this.deps.secretKey).getById(this.data.accountId);
    // Logged out: the user asked us to forget the account, so this is no "log in and it saves".
    if (!account) return { kind: 'failed', reason: 'logged_out', ...this.named() };
    if (account.needsRelogin) return { kind: 'failed', reason: 'relogin', ...this.named() };
    // Planned for another drive, then /login linked another Aliyun account: the copy record
    // (and the target folder id) belong to the old drive; copy nothing into the new one.
    if (planned.length > 0 && row.aliyunUserId !== null && row.aliyunUserId !== account.aliyunUserId) {
      return { kind: 'failed', reason: 'logged_out', ...this.named(), detail: 'another account was linked' };
    }
    this.drive = { accountId: account.id, aliyunUserId: account.aliyunUserId };
    this.login = { deviceId: account.deviceId, loginId: account.loginId };

    if (planned.length === 0) {
      // Nothing copied yet: this is the last moment a duplicate can be turned away for free.
      const running = this.claimInFlight();
      if (running) return running;
      if (!this.data.again && !(this.data.fileIds && this.data.fileIds.length > 0)) {
        const previous = this.saves.findPreviousSave(this.drive, this.data.shareId, this.data.folderId ?? 'root', this.job.id);
        if (previous) {
          return {
            kind: 'duplicate',
            shareName: previous.shareName ?? this.data.shareId,
            targetPath: previous.targetPath ?? this.data.targetPath,
            savedAt: previous.finishedAt ?? previous.updatedAt,
          };
        }
      }
      this.report({ stage: 'opening' }, true);
    }

    const accountDeps: AccountDeps = { client: this.deps.client, db: this.deps.db, secretKey: this.deps.secretKey, logger: this.log };
    // The row was read a moment ago: no second read (and decryption) of it.
    this.session = sessionOfAccount(accountDeps, account);
    this.driveId = account.resourceDriveId || (await this.session.targetDriveId());

    if (planned.length === 0) {
      const plannedNow = await this.plan(row);
      if (plannedNow !== null) return plannedNow;
    } else {
      this.folderId = row.targetFolderId ?? (await this.resolveFolder(true));
    }

    const copied = await this.copyAll();
    const items = await this.pollTasks(copied);
    await this.recountFinishedTasks(items);
    this.finalItems = items;
    return saveOutcome(items, this.tasks, { shareName: this.shareName || this.data.shareId, targetPath: this.data.targetPath });
  }

  /**
   * Claims the job's in-flight key. Held by another save still queued or running: a plain save
   * ends as an in-progress duplicate of it; an `again` save waits (no attempt spent) until it ends.
   */
  private claimInFlight(): SaveOutcome | null {
    const claim = this.saves.claimInFlight(this.job.id, saveInFlightKey(this.data), this.clock.now() - IN_FLIGHT_STALE_MS);
    if (claim.claimed) {
      if (claim.tookOverFrom) this.log.warn({ job_id: this.job.id, stale_job_id: claim.tookOverFrom }, 'took over the share from a save that went quiet');
      return null;
    }
    const { holder } = claim;
    if (this.data.again) {
      const waitMs = this.deps.inFlightRecheckMs ?? DEFAULT_IN_FLIGHT_RECHECK_MS;
      this.log.debug({ job_id: this.job.id, running_job_id: holder.jobId }, 'another copy is asked for while the share is being saved; waiting');
      throw new RateLimitedJobError(waitMs, `waiting for save ${holder.jobId} of the same share to end`);
    }
    this.log.info({ job_id: this.job.id, running_job_id: holder.jobId }, 'the same share is being saved already; not copying it twice');
    return {
      kind: 'duplicate',
      shareName: holder.shareName ?? this.data.shareId,
      targetPath: holder.targetPath ?? this.data.targetPath,
      savedAt: holder.createdAt,
      inProgress: true,
    };
  }

  private named(): { shareName?: string } {
    return this.shareName ? { shareName: this.shareName } : {};
  }

  private sessionOrThrow(): AccountSession {
    if (!this.session) throw new Error('no account session yet');
    return this.session;
  }

  private driveOrThrow(): SaveDrive {
    if (!this.drive) throw new Error('no account read yet');
    return this.drive;
  }

  /**
   * Whether the account is still linked to the drive this run copies into; called before every
   * batch and every round of polling, so /logout (or a /login to another Aliyun account) stops a
   * running save instead of leaving it copying with a session held in memory. A new login of the
   * same Aliyun account goes on with the new login's session.
   * @throws SaveFailure `logged_out` when the account is gone or now another Aliyun user's.
   */
  private checkStillLinked(): void {
    const drive = this.driveOrThrow();
    const now: LinkedAccount | undefined = createAccountsRepo(this.deps.db, this.deps.secretKey).getById(drive.accountId);
    if (!now) throw new SaveFailure('logged_out', 'the account was logged out');
    if (now.aliyunUserId !== drive.aliyunUserId) throw new SaveFailure('logged_out', 'another account was linked');
    if (!isSameLogin(now, this.login) && !now.needsRelogin) {
      this.login = { deviceId: now.deviceId, loginId: now.loginId };
      this.session = sessionOfAccount({ client: this.deps.client, db: this.deps.db, secretKey: this.deps.secretKey, logger: this.log }, now);
    }
  }

  // ---- planning --------------------------------------------------------------------------------

  /** Opens the share, checks the password, decides what to copy and where; records it all. */
  private async plan(row: SaveRow): Promise<SaveOutcome | null> {
    const session = this.sessionOrThrow();
    const info = await session.getShareInfo(this.data.shareId);
    this.shareName = shareTitle(info) || this.data.shareId;
    this.saves.setShareName(this.job.id, this.shareName);
    // Validates the password now (share info does not); the token is cached for the copies.
    await session.getShareToken(this.data.shareId, this.password);
    this.checkAborted();

    const top = new Map(info.file_infos.map((f) => [f.file_id, f]));
    let chosen: Array<{ id: string; name: string; kind: 'file' | 'folder' }>;
    if (this.data.fileIds && this.data.fileIds.length > 0) {
      chosen = [...new Set(this.data.fileIds)].map((id) => ({ id, name: top.get(id)?.file_name ?? '', kind: top.get(id)?.type ?? 'file' }));
    } else if (this.data.folderId) {
      const folder = top.get(this.data.folderId);
      chosen = [{ id: this.data.folderId, name: folder?.file_name ?? '', kind: 'folder' }];
    } else {
      chosen = info.file_infos.map((f) => ({ id: f.file_id, name: f.file_name, kind: f.type }));
    }
    if (chosen.length === 0) return { kind: 'failed', reason: 'not_found', shareName: this.shareName, detail: 'the share is empty' };

    this.folderId = row.targetFolderId ?? (await this.resolveFolder(true));
    this.saves.recordPlan(this.job.id, {
      shareName: this.shareName,
      aliyunUserId: this.driveOrThrow().aliyunUserId,
      targetFolderId: this.folderId,
      items: chosen.map((item, index) => ({
        sourceFileId: item.id,
        sourceName: item.name,
        sourceKind: item.kind,
        batchNo: Math.floor(index / MAX_BATCH_ITEMS),
      })),
    });
    return null;
  }

  /**
   * The target folder's id: from an earlier save into this drive to the same path when
   * `useCache` (no Aliyun call), else found or created by path.
   */
  private async resolveFolder(useCache: boolean): Promise<string> {
    if (useCache) {
      const known = this.saves.findKnownTargetFolder(this.driveOrThrow(), this.data.targetPath);
      if (known) return known;
    }
    try {
      const id = await this.sessionOrThrow().ensureFolderPath(this.driveId, this.data.targetPath);
      this.folderVerified = true;
      return id;
    } catch (err) {
      const kind = classifyFailure(err, { passwordGiven: this.password !== '' });
      if (kind === null || kind === 'relogin') throw err;
      throw new SaveFailure('folder_not_found', isAliyunError(err) ? err.code : String(err), { cause: err });
    }
  }

  // ---- copying ---------------------------------------------------------------------------------

  /** Sends every pending batch, after settling items an earlier run left `sent`. @returns the items after copying. */
  private async copyAll(): Promise<CopyItemRow[]> {
    let batchesSent = 0;
    for (;;) {
      this.checkAborted();
      this.checkStillLinked();
      const items = this.saves.items(this.job.id);
      const sent = items.filter((item) => item.state === 'sent');
      if (sent.length > 0) {
        await this.settleSent(sent, items);
        continue;
      }
      // A full drive stops further batches: they could only fail the same way.
      if (items.some((item) => item.errorCode === DRIVE_FULL_CODE)) return items;
      const pending = items.filter((item) => item.state === 'pending');
      const first = pending[0];
      if (!first) return items;
      const batch = pending.filter((item) => item.batchNo === first.batchNo).slice(0, MAX_BATCH_ITEMS);
      // A save of one batch goes from "opening" to its outcome: a "copying" report would only
      // cost a write and an edit the outcome replaces at once.
      const reportAfter = batchesSent > 0 || pending.length > batch.length;
      await this.sendBatch(batch, reportAfter);
      batchesSent += 1;
    }
  }

  private async sendBatch(batch: CopyItemRow[], reportAfter: boolean): Promise<void> {
    await this.paceBeforeSend();
    const session = this.sessionOrThrow();
    const fileIds = batch.map((item) => item.sourceFileId);
    this.saves.markSent(this.job.id, fileIds);
    let results: CopyItemResult[];
    try {
      results = await session.copyBatch({
        shareId: this.data.shareId,
        password: this.password,
        toDriveId: this.driveId,
        toParentFileId: this.folderId,
        fileIds,
      });
    } catch (err) {
      // A 429 or a refusal of the whole request copied nothing: those items can go again.
      // After a 5xx or a timeout they stay `sent`, to be looked for before any resend.
      if (isAliyunError(err) && (isRateLimited(err) || (!err.retryable && err.status >= 400))) {
        this.saves.recordResults(this.job.id, fileIds.map((sourceFileId) => ({ sourceFileId, state: 'pending' as const })));
      }
      throw err;
    }
    const recorded = results.map(itemResult);
    this.saves.recordResults(this.job.id, recorded);
    this.log.debug(
      { job_id: this.job.id, batch: batch[0]?.batchNo, copied: countState(recorded, 'copied'), accepted: countState(recorded, 'accepted'), failed: countState(recorded, 'failed') },
      'copy batch answered',
    );

    const failures = results.filter((r) => r.status === 'failed');
    if (failures.length === results.length && !this.folderVerified && failures.every((r) => isMissingTarget(r))) {
      // Every copy failed as if the target folder were gone: the cached id may be stale.
      const fresh = await this.resolveFolder(false);
      if (fresh !== this.folderId) {
        this.log.info({ job_id: this.job.id }, 'target folder was re-created; sending the batch again');
        this.folderId = fresh;
        this.saves.setTargetFolder(this.job.id, fresh);
        this.saves.recordResults(this.job.id, fileIds.map((sourceFileId) => ({ sourceFileId, state: 'pending' as const, errorCode: null })));
        return;
      }
    }
    const strange = failures.find((r) => isNotUnderstood(r.error))?.error;
    if (strange) this.alertNotUnderstood(strange);
    const transient = failures.find((r) => r.error?.retryable);
    if (transient?.error) throw transient.error;
    // Accepted copies have no size until their first poll, which reports right after.
    if (reportAfter && !results.some((r) => r.status === 'accepted')) this.report(undefined, false);
  }

  /** Settles items sent without an answer: found in the target folder → copied, else → pending. */
  private async settleSent(sent: CopyItemRow[], all: CopyItemRow[]): Promise<void> {
    const session = this.sessionOrThrow();
    await this.learnNames(sent.filter((item) => item.sourceName === ''));
    const named = this.saves.items(this.job.id).filter((item) => item.state === 'sent');
    let listing: FileItem[];
    try {
      listing = await session.listAllFiles(this.driveId, this.folderId);
    } catch (err) {
      if (!isFileNotFound(err)) throw err;
      listing = []; // the folder is gone, so nothing landed in it; the next batch finds it again
    }
    const claimed = new Set(all.flatMap((item) => (item.resultFileId ? [item.resultFileId] : [])));
    const found = matchSentItems(
      named.map((item) => ({ sourceFileId: item.sourceFileId, sourceName: item.sourceName, sourceKind: item.sourceKind, sentAt: item.updatedAt })),
      listing,
      claimed,
    );
    this.log.info({ job_id: this.job.id, sent: named.length, found: found.size }, 'settled copies sent without an answer');
    this.saves.recordResults(
      this.job.id,
      named.map((item): ItemResult => {
        const copyId = found.get(item.sourceFileId);
        // A found folder may still be filling in the background; Aliyun finishes it on its own.
        return copyId ? { sourceFileId: item.sourceFileId, state: 'copied', resultFileId: copyId } : { sourceFileId: item.sourceFileId, state: 'pending' };
      }),
    );
  }

  /** Finds names of chosen items below the share's top level (needed to look for their copies). */
  private async learnNames(unnamed: CopyItemRow[]): Promise<void> {
    if (unnamed.length === 0) return;
    const session = this.sessionOrThrow();
    const wanted = new Set(unnamed.map((item) => item.sourceFileId));
    const found = new Map<string, { name: string; kind: 'file' | 'folder' }>();
    const folders = ['root'];
    for (let calls = 0; folders.length > 0 && wanted.size > 0 && calls < MAX_NAME_LOOKUP_CALLS; calls++) {
      const parent = folders.shift() as string;
      for (const child of await session.listShareFiles(this.data.shareId, this.password, parent)) {
        if (wanted.delete(child.file_id)) found.set(child.file_id, { name: child.name, kind: child.type });
        if (child.type === 'folder') folders.push(child.file_id);
      }
    }
    if (wanted.size > 0) this.log.warn({ job_id: this.job.id, unnamed: wanted.size }, 'names of some sent items not found; they will be sent again');
    this.saves.setItemNames(this.job.id, found);
  }

  // ---- async tasks -----------------------------------------------------------------------------

  /**
   * Polls every accepted copy until it ends, with growing waits and an overall bound.
   * @param items the job's items as last read. @returns them once no copy runs any more.
   */
  private async pollTasks(items: CopyItemRow[]): Promise<CopyItemRow[]> {
    let current = items;
    let waitMs = this.poll.firstMs;
    const deadline = this.clock.now() + this.poll.overallMs;
    for (;;) {
      const running = current.filter((item) => item.state === 'accepted');
      if (running.length === 0) return current;
      this.checkStillLinked();
      const session = this.sessionOrThrow();
      for (const item of running) {
        this.checkAborted();
        if (!item.asyncTaskId) {
          // 202 without a task id: nothing to follow; Aliyun finishes it on its own.
          this.saves.recordResults(this.job.id, [{ sourceFileId: item.sourceFileId, state: 'copied' }]);
          continue;
        }
        const task = await session.getAsyncTask(item.asyncTaskId);
        this.tasks.set(item.asyncTaskId, task);
        if (taskPhase(task) !== 'running') this.saves.recordResults(this.job.id, [taskResult(item.sourceFileId, task)]);
      }
      this.report(undefined, false);
      current = this.saves.items(this.job.id);
      if (!current.some((item) => item.state === 'accepted')) return current;
      if (this.clock.now() >= deadline) {
        throw new CopyStillRunningError(this.poll.overallMs);
      }
      await this.clock.sleep(waitMs, this.job.signal);
      waitMs = Math.min(this.poll.maxMs, Math.round(waitMs * 1.5));
    }
  }

  /**
   * Tasks that ended in an earlier run have no counts in memory; read them once more so the
   * outcome says how much was copied (only when few, and only for a partial or counted save).
   */
  private async recountFinishedTasks(items: CopyItemRow[]): Promise<void> {
    const missing = items.filter((item) => item.asyncTaskId && !this.tasks.has(item.asyncTaskId) && (item.state === 'done' || item.state === 'failed'));
    if (missing.length === 0 || missing.length > MAX_TASKS_RECOUNTED) return;
    const session = this.sessionOrThrow();
    for (const item of missing) {
      try {
        this.tasks.set(item.asyncTaskId as string, await session.getAsyncTask(item.asyncTaskId as string));
      } catch (err) {
        this.log.warn({ job_id: this.job.id, err }, 'could not read a finished copy task again; counting it as one item');
        return;
      }
    }
  }

  // ---- reporting -------------------------------------------------------------------------------

  /**
   * Progress to the notifier, at most once per interval unless `force`; counts go to the row.
   * Not awaited: the save never waits for Telegram. The notifier keeps each status message's
   * edits in order, and the outcome (which the job does await) after them.
   */
  private report(progress: SaveProgress | undefined, force: boolean): void {
    const now = this.clock.now();
    const due = force || now - this.lastProgressAt >= (this.deps.progressIntervalMs ?? 1000);
    let shown = progress;
    if (!shown) {
      const tally = tallySave(this.saves.items(this.job.id), this.tasks);
      this.saves.setProgress(this.job.id, tally.done, tally.total);
      if (!due) return;
      shown = { stage: 'copying', shareName: this.shareName || this.data.shareId, done: tally.done, total: tally.total };
    }
    if (!due) return;
    this.lastProgressAt = now;
    const report = shown;
    this.flushProgress();
    // Told once the job's next Aliyun request is on the wire: telling is never on the save's path.
    const handle = setImmediate(() => this.flushProgress());
    this.pendingProgress = {
      handle,
      tell: () => {
        let sent: Promise<void>;
        try {
          sent = this.deps.notifier.progress(this.data, report);
        } catch (err) {
          sent = Promise.reject(err);
        }
        sent.catch((err: unknown) => this.log.warn({ job_id: this.job.id, err }, 'progress notification failed'));
      },
    };
  }

  /** Tells the progress report waiting to be told, now (before the outcome, or a newer report). */
  private flushProgress(): void {
    const pending = this.pendingProgress;
    if (!pending) return;
    this.pendingProgress = undefined;
    clearImmediate(pending.handle);
    pending.tell();
  }

  /** Stores the outcome and tells the user — only if this run is the one that ended the save. */
  private async end(outcome: SaveOutcome): Promise<void> {
    const tally = tallySave(this.finalItems ?? this.saves.items(this.job.id), this.tasks);
    const ended = this.saves.finish(this.job.id, {
      state: outcome.kind === 'failed' ? 'failed' : outcome.kind,
      failureKind: failureKindOf(outcome),
      errorMessage: outcome.kind === 'failed' ? (outcome.detail ?? null) : null,
      ...(outcome.kind === 'partial' ? { filesCopied: outcome.copied, filesTotal: outcome.total } : {}),
      ...(outcome.kind === 'saved' ? { filesCopied: tally.copied, filesTotal: tally.total } : {}),
      shareName: 'shareName' in outcome ? (outcome.shareName ?? null) : null,
    });
    this.flushProgress();
    if (!ended) return;
    this.log.info({ job_id: this.job.id, outcome: outcome.kind, ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}) }, 'save ended');
    try {
      await this.deps.notifier.outcome(this.data, outcome);
    } catch (err) {
      this.log.warn({ job_id: this.job.id, err }, 'outcome notification failed');
    }
  }

  /** Turns an error into a final outcome, a parked job, or a retry. */
  private async fail(err: unknown): Promise<never> {
    if (err instanceof FinalJobError || err instanceof RateLimitedJobError) throw err;
    // Shutting down (or the lock was lost): the queue resumes the job later.
    if (this.job.signal?.aborted) throw err;
    // An account gone (not one whose login died) was logged out: no "log in again".
    const loggedOut = err instanceof AccountUnavailableError && err.reason === 'missing';
    const kind = loggedOut ? 'logged_out' : classifyFailure(err, { passwordGiven: this.password !== '' });
    if (kind !== null) {
      if (kind === 'not_understood' && isAliyunError(err)) this.alertNotUnderstood(err);
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
      this.log.warn({ job_id: this.job.id, err, attempts: this.job.attemptsMade + 1 }, 'last attempt failed');
      await this.end({ kind: 'failed', reason, ...this.named(), detail: isAliyunError(err) ? err.code : String(err) });
      throw new FinalJobError(`save failed on its last attempt: ${reason}`, { cause: err });
    }
    this.log.warn({ job_id: this.job.id, err, attempt: this.job.attemptsMade + 1 }, 'save run failed; will retry');
    throw err;
  }

  /** Tells the operators of an answer not understood, in the background (never on the save's path). */
  private alertNotUnderstood(err: AliyunError): void {
    this.deps.operatorAlerts?.notUnderstood({ endpoint: err.endpoint, shape: err.answerShape }).catch((alertErr: unknown) => {
      this.log.warn({ job_id: this.job.id, err: alertErr }, 'operator alert failed');
    });
  }

  private checkAborted(): void {
    this.job.signal?.throwIfAborted();
    if (isStopRequested(this.deps.db, this.job.id)) throw new SaveFailure('stopped', 'stopped by the user');
  }

  /**
   * Waits out the account's pace here, where the wait can be aborted, then checks the signal:
   * a run that lost its job meanwhile (another run took it over) must not send the batch.
   */
  private async paceBeforeSend(): Promise<void> {
    const waitMs = this.deps.client.paceOf(accountKey(this.data.accountId)).readyInMs;
    if (waitMs > 0) await this.clock.sleep(waitMs, this.job.signal);
    this.checkAborted();
  }
}
