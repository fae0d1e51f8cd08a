/**
 * Pure: which failures end a save for good, and as which {@link FailureKind}. Anything that
 * maps to `null` is transient (rate limits, 5xx, network) and worth another run.
 */
import { AccountUnavailableError } from '../accounts.js';
import {
  isAliyunError,
  isDeviceRefused,
  isDriveFull,
  isFileNotFound,
  isNotUnderstood,
  isReloginNeeded,
  isWrongPassword,
  shareGoneReason,
} from '../api/index.js';
import type { FailureKind } from './save-outcome.js';

/** A failure the pipeline has already classified (e.g. "the target folder cannot be made"). */
export class SaveFailure extends Error {
  override readonly name = 'SaveFailure';
  constructor(
    readonly kind: FailureKind,
    readonly detail?: string,
    options?: ErrorOptions,
  ) {
    super(detail ? `${kind}: ${detail}` : kind, options);
  }
}

/**
 * The failure kind for a final error, or null when the error is transient.
 * `passwordGiven` tells a wrong password from a missing one (Aliyun says the same for both).
 */
export function classifyFailure(err: unknown, context: { passwordGiven: boolean }): FailureKind | null {
  if (err instanceof SaveFailure) return err.kind;
  if (err instanceof AccountUnavailableError) return 'relogin';
  if (!isAliyunError(err)) return null;
  if (isReloginNeeded(err)) return 'relogin';
  const gone = shareGoneReason(err);
  if (gone) return gone;
  if (isWrongPassword(err)) return context.passwordGiven ? 'wrong_password' : 'missing_password';
  if (isDriveFull(err)) return 'drive_full';
  if (isNotUnderstood(err)) return 'not_understood';
  // Reaching here means a new device session was refused too (the session retries once).
  if (isDeviceRefused(err)) return 'device_refused';
  if (err.retryable) return null;
  if (isFileNotFound(err)) return 'not_found';
  return 'unknown';
}

/** The failure kind behind an error code stored for one copy item. */
export function failureKindOfCode(code: string | null): FailureKind {
  // No code (null, ''): no rule below matches, so 'unknown'.
  const gone = shareGoneReason(code);
  if (gone) return gone;
  if (isDriveFull(code)) return 'drive_full';
  if (isFileNotFound(code)) return 'not_found';
  if (isNotUnderstood(code)) return 'not_understood';
  return 'unknown';
}

/** The code stored for an item whose drive filled up (batch answer or async task message). */
export const DRIVE_FULL_CODE = 'QuotaExhausted.Drive';
