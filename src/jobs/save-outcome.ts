/**
 * What the save pipeline tells the outside world, and nothing about how: the bot implements
 * `SaveNotifier` with Telegram messages; tests implement it with a recorder. No grammY here.
 */
import type { SaveShareJob } from './save-share.job.js';

/**
 * Where a running save is. `copying` counts files where known (a file item; `consumed/total` of
 * an async task that reported counts) and 1 for an item whose files are not known (yet).
 */
export type SaveProgress =
  | { stage: 'opening' }
  /** Planned, and waiting `startsInMs` before copying: the share is large (`bytes`), so its asker may choose part of it instead. */
  | { stage: 'waiting'; shareName: string; bytes: number; startsInMs: number }
  | { stage: 'copying'; shareName: string; done: number; total: number };

/**
 * Why a save ended without saving anything. The bot turns each kind into words.
 *
 * - `wrong_password`   — the share has a password and the one given is wrong.
 * - `missing_password` — the share has a password and none was given; ask the user for it.
 * - `cancelled`        — the creator cancelled the share (`ShareLink.Cancelled`).
 * - `expired`          — the share expired (`ShareLink.Expired`).
 * - `forbidden`        — Aliyun blocked the share for a violation (`ShareLink.Forbidden`).
 * - `not_found`        — no such share (`NotFound.ShareLink`), or the chosen files are gone from it.
 * - `drive_full`       — the user's drive is full and nothing was copied (some copied → `partial`).
 * - `relogin`          — the account's refresh token died (`needs_relogin`): log in again, and
 *                        the share is saved then.
 * - `logged_out`       — the user logged out (the account row is gone), or linked ANOTHER Aliyun
 *                        account, while the save was queued or running: it stopped without
 *                        copying more, and is NOT saved after a later login (send it again).
 * - `busy`             — Aliyun kept failing (rate limits, 5xx, a task that never ended) until the
 *                        last attempt; nothing is broken, try again later.
 * - `folder_not_found` — the target folder could not be found or created in the user's drive.
 * - `interrupted`      — the save's runs kept being cut off (its worker died or froze mid-job,
 *                        or lost the job) until the queue gave it up; send it again.
 * - `device_refused`   — Aliyun refused the bot's device for this account even after a new device
 *                        session (`UserDeviceIllegality`, `UserDeviceOffline`: too many devices,
 *                        or this one blocked); the user must act (remove devices, /login again).
 * - `not_understood`   — Aliyun answered in a shape this version does not understand (a changed
 *                        service, `BadResponse`); the operators are told.
 * - `unknown`          — anything else; `detail` carries the Aliyun code for the logs/admins.
 * - `stopped`          — the user stopped the save (src/jobs/stop-requests.ts); what was copied stays.
 */
export type FailureKind =
  | 'wrong_password'
  | 'missing_password'
  | 'cancelled'
  | 'expired'
  | 'forbidden'
  | 'not_found'
  | 'drive_full'
  | 'relogin'
  | 'logged_out'
  | 'busy'
  | 'folder_not_found'
  | 'interrupted'
  | 'device_refused'
  | 'not_understood'
  | 'unknown'
  | 'stopped';

/** Every failure kind, for exhaustive lists (stats, translations). */
export const FAILURE_KINDS: readonly FailureKind[] = [
  'wrong_password',
  'missing_password',
  'cancelled',
  'expired',
  'forbidden',
  'not_found',
  'drive_full',
  'relogin',
  'logged_out',
  'busy',
  'folder_not_found',
  'interrupted',
  'device_refused',
  'not_understood',
  'unknown',
  'stopped',
];

/**
 * Why a save ended `partial` (something was copied, not everything). Stored as the save's
 * `failure_kind`, so history and stats can tell them apart.
 *
 * - `drive_full`  — the drive filled up midway; the rest did not fit. Free space, send again.
 * - `some_failed` — the drive had room, but some items failed for other reasons (gone from the
 *                   share meanwhile, refused by Aliyun); the outcome names the first few.
 */
export type PartialReason = 'drive_full' | 'some_failed';

/**
 * The `failure_kind` of a `duplicate` save turned away because the first save of the share was
 * still queued or running (`inProgress`), so a line rebuilt from the row says "still being saved".
 */
export const IN_PROGRESS_KIND = 'in_progress';

/** At most this many failed items are named in a `some_failed` outcome (the rest are counted). */
export const MAX_FAILED_NAMES = 5;

/** What the `copied`/`total` of a `partial` outcome count. */
export type CountUnit = 'files' | 'items';

/**
 * How a save ended; sent exactly once per job. `copied`/`total` of a `partial` count files when
 * the files of every item were known (`unit: 'files'`), else top-level items copied wholly
 * (`unit: 'items'`); the pipeline always sets `unit`.
 */
export type SaveOutcome =
  /**
   * Everything copied. `items` = top-level items copied; `files` = files copied, when known for
   * every item (a file copied at once is one; a folder counts what its async copy reported).
   */
  | { kind: 'saved'; shareName: string; targetPath: string; items: number; files?: number; skipped?: number }
  /** The drive filled up midway: `copied` of `total` made it. */
  | { kind: 'partial'; shareName: string; targetPath: string; copied: number; total: number; unit?: CountUnit; reason: 'drive_full'; skipped?: number }
  /**
   * Some items failed for reasons other than a full drive: `copied` of `total` made it.
   * `failedItems` top-level items failed wholly (or, for a folder, in part); `failedNames` names
   * the first {@link MAX_FAILED_NAMES} of them whose names are known.
   */
  | {
      kind: 'partial';
      shareName: string;
      targetPath: string;
      copied: number;
      total: number;
      unit?: CountUnit;
      reason: 'some_failed';
      failedItems: number;
      failedNames: string[];
      skipped?: number;
    }
  /**
   * Nothing copied: this account saved the same share (and folder, and chosen files) before, at
   * `savedAt` (epoch ms). With `inProgress`, that save is still queued or running — `savedAt`
   * is when it was asked for — and this request was turned away so nothing is copied twice.
   */
  | { kind: 'duplicate'; shareName: string; targetPath: string; savedAt: number; inProgress?: true }
  | { kind: 'failed'; reason: FailureKind; shareName?: string; detail?: string };

/** The bot's side of the pipeline. Both calls may throw; the pipeline logs and carries on. */
export interface SaveNotifier {
  progress(job: SaveShareJob, progress: SaveProgress): Promise<void>;
  outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void>;
}
