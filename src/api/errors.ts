/**
 * One typed error for every way an Aliyun call can fail, and the rules for telling them apart,
 * so callers never compare code strings themselves.
 */
import type { Shape } from './shape.js';

/** Fields of an {@link AliyunError}; `message` is the server's (sanitized) text. */
export interface AliyunErrorInit {
  status: number;
  code: string;
  message: string;
  endpoint: string;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  retryAfterMs?: number | undefined;
  displayMessage?: string | undefined;
  /** `BadResponse` only: the answer's keys and value types (never its values), see shape.ts. */
  answerShape?: Shape | undefined;
}

/** Codes that mean "slow down": retried without spending an attempt. */
const RATE_LIMIT_CODES = new Set(['TooManyRequests', 'ParamFlowException']);
/** Codes that are about the network, not the service: the request may or may not have arrived. */
const TRANSPORT_CODES = new Set(['Timeout', 'NetworkError']);

/** Whether a failure with this status and code is worth retrying. */
export function isRetryableFailure(status: number, code: string): boolean {
  return status === 429 || status >= 500 || RATE_LIMIT_CODES.has(code) || TRANSPORT_CODES.has(code);
}

/**
 * A failed Aliyun call. Never carries a request body, header or token: `message` is the
 * server's text (or a short sanitized snippet of a non-JSON answer).
 */
export class AliyunError extends Error {
  override readonly name = 'AliyunError';
  readonly status: number;
  readonly code: string;
  readonly endpoint: string;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  /** How long the server asked us to wait (ms), when it said so or when we gave up waiting. */
  readonly retryAfterMs: number | undefined;
  /** The Chinese `display_message` some answers carry, for showing to a user. */
  readonly displayMessage: string | undefined;
  /** The server's own message (or our description), without the code/status/endpoint prefix. */
  readonly serverMessage: string;
  /** `BadResponse` only: the shape of the answer that was not understood. */
  readonly answerShape: Shape | undefined;

  constructor(init: AliyunErrorInit) {
    const where = init.status > 0 ? `(HTTP ${init.status}) at ${init.endpoint}` : `at ${init.endpoint}`;
    super(`${init.code} ${where}: ${init.message}`);
    this.status = init.status;
    this.code = init.code;
    this.endpoint = init.endpoint;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? isRetryableFailure(init.status, init.code);
    this.retryAfterMs = init.retryAfterMs;
    this.displayMessage = init.displayMessage;
    this.serverMessage = init.message;
    this.answerShape = init.answerShape;
  }

  /** A copy with some fields replaced (e.g. `retryAfterMs` when we stop waiting out a 429). */
  with(changes: Partial<AliyunErrorInit>): AliyunError {
    return new AliyunError({
      status: this.status,
      code: this.code,
      message: this.serverMessage,
      endpoint: this.endpoint,
      requestId: this.requestId,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      displayMessage: this.displayMessage,
      answerShape: this.answerShape,
      ...changes,
    });
  }
}

/** Type guard. */
export function isAliyunError(err: unknown): err is AliyunError {
  return err instanceof AliyunError;
}

function hasCode(err: unknown, ...codes: string[]): boolean {
  return err instanceof AliyunError && codes.includes(err.code);
}

/** The code of an error, or a code stored earlier (a copy item's), as one thing to classify. */
function codeOf(errOrCode: unknown): string | undefined {
  if (typeof errOrCode === 'string') return errOrCode;
  return errOrCode instanceof AliyunError ? errOrCode.code : undefined;
}

/** Why a share is gone for everyone. */
export type ShareGoneReason = 'not_found' | 'cancelled' | 'expired' | 'forbidden';

const SHARE_GONE: Record<string, ShareGoneReason> = {
  'NotFound.ShareLink': 'not_found',
  'ShareLink.Cancelled': 'cancelled',
  'ShareLink.Expired': 'expired',
  'ShareLink.Forbidden': 'forbidden',
};

/** Why the share is gone (an error, or a stored code), or undefined when it is not. */
export function shareGoneReason(errOrCode: unknown): ShareGoneReason | undefined {
  const code = codeOf(errOrCode);
  // Own keys only: a code such as `toString` must not find Object.prototype's.
  return code !== undefined && Object.hasOwn(SHARE_GONE, code) ? SHARE_GONE[code] : undefined;
}

/** The share no longer exists for anyone: not found, cancelled, expired or blocked. */
export function isShareGone(err: unknown): boolean {
  return err instanceof AliyunError && shareGoneReason(err) !== undefined;
}

/** The share needs a (different) password. */
export function isWrongPassword(err: unknown): boolean {
  return hasCode(err, 'InvalidResource.SharePwd');
}

/**
 * The user's drive is full: an error (a batch item's `QuotaExhausted.Drive`, or the text an
 * async task ends with), or a code stored earlier.
 */
export function isDriveFull(errOrCode: unknown): boolean {
  const code = codeOf(errOrCode);
  if (code !== undefined && /QuotaExhausted/.test(code)) return true;
  return errOrCode instanceof AliyunError && /ErrQuotaExhausted|QuotaExhausted/.test(errOrCode.serverMessage);
}

/** The host could not be reached at all (DNS, refused connection, TLS): nothing was answered. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof AliyunError && err.code === 'NetworkError';
}

/** An async copy's closing message says the drive filled up midway (`ErrQuotaExhausted`). */
export function isDriveFullMessage(message: string): boolean {
  return /QuotaExhausted/i.test(message);
}

/**
 * The refresh token is dead: the user must log in again. The auth host says so with
 * `InvalidParameter.RefreshToken` (and `requestId: null`) or `RefreshTokenExpired`.
 */
export function isReloginNeeded(err: unknown): boolean {
  return hasCode(err, 'InvalidParameter.RefreshToken', 'RefreshTokenExpired');
}

/**
 * Aliyun answered in a shape this version does not understand (`BadResponse`, see transport.ts):
 * an error, or a code stored earlier (a copy item's).
 */
export function isNotUnderstood(errOrCode: unknown): boolean {
  return codeOf(errOrCode) === 'BadResponse';
}

/** The account has too many devices for a new device session. */
export function isTooManyDevices(err: unknown): boolean {
  return hasCode(err, 'TooManyDevices');
}

/**
 * A failure that leaves the exchange's outcome unknown (a timeout, a dropped connection, a 5xx):
 * Aliyun may or may not have rotated the token. A 429 is not one: nothing was done.
 */
export function isAmbiguousFailure(err: unknown): err is AliyunError {
  return err instanceof AliyunError && err.retryable && !isRateLimited(err);
}

/** Rate limited (429 `TooManyRequests` / `ParamFlowException`). */
export function isRateLimited(err: unknown): boolean {
  return err instanceof AliyunError && (err.status === 429 || RATE_LIMIT_CODES.has(err.code));
}

/** The access token has expired. */
export function isAccessTokenExpired(err: unknown): boolean {
  return hasCode(err, 'AccessTokenInvalid', 'AccessTokenExpired');
}

/** The share token has expired (~2 h). */
export function isShareTokenInvalid(err: unknown): boolean {
  return hasCode(err, 'ShareLinkTokenInvalid');
}

/** The device session is missing or stale: create_session again. */
export function isDeviceSessionLost(err: unknown): boolean {
  return (
    hasCode(err, 'DeviceSessionSignatureInvalid') ||
    (hasCode(err, 'BadRequest') && /not found device info/i.test((err as AliyunError).serverMessage))
  );
}

/** The device is offline / not registered. */
export function isDeviceOffline(err: unknown): boolean {
  return hasCode(err, 'UserDeviceOffline');
}

/**
 * The service refuses this device (`UserDeviceOffline`: not registered or too many devices;
 * `UserDeviceIllegality`): a new device session may help once; if it repeats, the user must act.
 */
export function isDeviceRefused(err: unknown): boolean {
  return hasCode(err, 'UserDeviceOffline', 'UserDeviceIllegality');
}

/** A file or folder is missing (an error, or a stored code; `ErrSourceNotFound` from an async copy). */
export function isFileNotFound(errOrCode: unknown): boolean {
  const code = codeOf(errOrCode);
  return code === 'NotFound.File' || code === 'NotFound.FileId' || (typeof errOrCode === 'string' && code === 'ErrSourceNotFound');
}

/** Not this account's to touch: another account's share link or file, or a drive that isn't yours. */
export function isForbiddenFile(err: unknown): boolean {
  return hasCode(err, 'ForbiddenNoPermission.File');
}

/** This file type cannot be shared. */
export function isShareNotAllowed(err: unknown): boolean {
  return hasCode(err, 'FileShareNotAllowed');
}

/** A name already exists (only without auto_rename). */
export function isAlreadyExists(err: unknown): boolean {
  return hasCode(err, 'AlreadyExist.File');
}

/** The account hit its daily share-creation limit. */
export function isShareDailyLimit(err: unknown): boolean {
  return hasCode(err, 'SharelinkCreateExceedDailyLimit');
}
