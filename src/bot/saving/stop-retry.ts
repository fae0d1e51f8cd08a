/**
 * The next step under a save: ✖ stop while it runs (the status message's button, /cancel), and
 * 🔁 retry after an outcome that a later run may fix (busy, unknown, drive full, partial,
 * stopped). A retry is the same request again on the same status message, with a new job id;
 * the job behind the button waits in the store behind "save another copy".
 */
import { InlineKeyboard } from 'grammy';
import type { SaveOutcome } from '../../jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../jobs/save-share.job.js';
import { requestStop } from '../../jobs/stop-requests.js';
import { isFinalSaveState, type SaveRow } from '../../db/saves.repo.js';
import type { BotDeps } from '../context.js';
import { t, type Lang } from '../i18n/index.js';

/** Callback data of the stop button on a status message (the message names the save). */
export const STOP_CALLBACK = 'stop';
/** Callback data prefix of /cancel's buttons: `stop:<status message id>` or `stop:all`. */
export const STOP_PREFIX = 'stop:';
/** Callback data prefix of the retry button: `retry:<key>`, the key of the job in `pending.again`. */
export const RETRY_PREFIX = 'retry:';

/** The ✖ stop button of a running save's status message. */
export function stopKeyboard(lang: Lang): InlineKeyboard {
  return new InlineKeyboard().text(t(lang, 'save.stopButton'), STOP_CALLBACK);
}

/**
 * Whether another run may end better: Aliyun was busy, something unknown, the drive was full,
 * the user stopped it, the runs were cut off (interrupted), or Aliyun refused the device.
 */
export function isRetryable(outcome: SaveOutcome): boolean {
  if (outcome.kind === 'partial') return true;
  return outcome.kind === 'failed' && ['busy', 'unknown', 'drive_full', 'stopped', 'interrupted', 'device_refused'].includes(outcome.reason);
}

/** Keeps `job` for a 🔁 button under the message `key` and returns the button. */
export function retryButton(deps: Pick<BotDeps, 'pending'>, lang: Lang, job: SaveShareJob, key: number): InlineKeyboard {
  deps.pending.again.set(job.chatId, key, job);
  return new InlineKeyboard().text(t(lang, 'save.retryButton'), `${RETRY_PREFIX}${key}`);
}

/** Copy states of an item that is in the drive already. */
const IN_DRIVE = new Set(['copied', 'done']);

/**
 * The job a retry runs: the same request, shown on `statusMessageId`, as a new job. When the
 * run before copied some of the share's top-level items (stopped, partial), only the others
 * are asked for — Aliyun would copy the rest again under new names.
 */
export function retryJob(deps: Pick<BotDeps, 'saves'>, job: SaveShareJob, statusMessageId: number): SaveShareJob {
  const { statusMessageFollows: _follows, ...rest } = job;
  const retry: SaveShareJob = { ...rest, statusMessageId, retry: (job.retry ?? 0) + 1 };
  if (job.folderId !== undefined) return retry; // one folder is one item: nothing to leave out
  const items = deps.saves.items(saveJobId(job));
  const missing = items.filter((item) => !IN_DRIVE.has(item.state)).map((item) => item.sourceFileId);
  if (missing.length === 0 || missing.length === items.length) return retry;
  return { ...retry, fileIds: missing };
}

/** The user's saves in a chat that have not ended, newest first. */
export function runningSaves(deps: Pick<BotDeps, 'saves'>, chatId: number, userId: number): SaveRow[] {
  return deps.saves
    .recentHistory({ telegramUserId: userId, chatId, limit: 50 })
    .filter((entry) => !isFinalSaveState(entry.state))
    .flatMap((entry) => deps.saves.get(entry.jobId) ?? []);
}

/**
 * Asks the save shown by `statusMessageId` to stop, if it is the user's and still running.
 * @returns whether a stop was asked for.
 */
export function stopSaveShownBy(deps: Pick<BotDeps, 'saves' | 'db'>, chatId: number, statusMessageId: number, userId: number): boolean {
  const row = deps.saves.latestByStatusMessage(chatId, statusMessageId);
  if (!row || isFinalSaveState(row.state) || row.telegramUserId !== userId) return false;
  requestStop(deps.db, row.jobId);
  return true;
}

/** Asks every running save of the user in the chat to stop. @returns how many. */
export function stopAllSaves(deps: Pick<BotDeps, 'saves' | 'db'>, chatId: number, userId: number): number {
  const rows = runningSaves(deps, chatId, userId);
  for (const row of rows) requestStop(deps.db, row.jobId);
  return rows.length;
}
