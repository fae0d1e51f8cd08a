/**
 * Pure: what `npm run doctor` prints. Step results → one line each, a failure → its code and
 * what it means to whoever runs the bot, and the closing verdict. No I/O.
 */
import { isAliyunError, isNotUnderstood, isUnreachable, type AliyunError } from '../api/index.js';

export type StepStatus = 'ok' | 'failed' | 'skipped';

/** One checked step: its name, how it went, and a short detail (never a token). */
export interface StepResult {
  name: string;
  status: StepStatus;
  detail: string;
}

export function passed(name: string, detail = ''): StepResult {
  return { name, status: 'ok', detail };
}

export function skipped(name: string, why: string): StepResult {
  return { name, status: 'skipped', detail: why };
}

/** A failed step: from an error (its code and meaning) or from a sentence. */
export function failed(name: string, cause: unknown): StepResult {
  return { name, status: 'failed', detail: typeof cause === 'string' ? cause : describeFailure(cause) };
}

/** What an error code means to the operator, and what to do about it. */
const MEANINGS: Record<string, string> = {
  'InvalidParameter.RefreshToken': 'the refresh token is dead: log in again',
  RefreshTokenExpired: 'the refresh token expired: log in again',
  AccessTokenInvalid: 'the access token was refused right after a refresh',
  AccessTokenExpired: 'the access token was refused right after a refresh',
  DeviceSessionSignatureInvalid: 'the device signature was refused',
  UserDeviceOffline: 'the device was refused: not registered, or too many devices on the account',
  UserDeviceIllegality: 'the device was refused as illegal',
  TooManyDevices: 'too many devices are logged in to this account: remove some in the Aliyun app',
  NoDriveId: 'no source named a drive of this account',
  'NotFound.ShareLink': 'link not found',
  'ShareLink.Cancelled': 'the share was cancelled by its creator',
  'ShareLink.Expired': 'the share has expired',
  'ShareLink.Forbidden': 'the share was blocked for a violation',
  'InvalidResource.SharePwd': 'wrong or missing share password',
  'ForbiddenNoPermission.File': 'no permission for this file or drive',
  'NotFound.File': 'file not found',
  'NotFound.FileId': 'file not found',
  TooManyRequests: 'rate limited: try again later',
  ParamFlowException: 'rate limited: try again later',
  Timeout: 'no answer in time',
  NetworkError: 'the host could not be reached',
  BadGateway: 'server trouble: try again later',
  ServerError: 'server trouble: try again later',
  QrError: 'the passport host refused the plain QR flow (newer web logins go through passport.alipan.com)',
};

/**
 * `answer not understood: X missing, Y null` from a `BadResponse` message
 * (`unexpected answer shape: X: Invalid input: expected string, received undefined; …`).
 * Unknown forms are kept as they are.
 */
export function describeNotUnderstood(message: string): string {
  const shape = /^unexpected answer shape:\s*(.*)$/s.exec(message);
  if (!shape) return `answer not understood: ${message}`;
  const parts = (shape[1] ?? '')
    .split(';')
    .map((issue) => issue.trim())
    .filter(Boolean)
    .map((issue) => {
      const at = issue.indexOf(': ');
      if (at < 0) return issue;
      const path = issue.slice(0, at);
      const what = issue.slice(at + 2);
      if (/received undefined/.test(what)) return `${path} missing`;
      if (/received null/.test(what)) return `${path} null`;
      return `${path}: ${what}`;
    });
  return `answer not understood: ${parts.join(', ') || message}`;
}

/** One failure in words: `Code (HTTP n) — meaning`, or the not-understood form. */
export function describeFailure(err: unknown): string {
  if (isAliyunError(err)) return describeAliyunError(err);
  return err instanceof Error ? err.message : String(err);
}

function describeAliyunError(err: AliyunError): string {
  if (isNotUnderstood(err)) return `${describeNotUnderstood(err.serverMessage)} (${err.endpoint})`;
  const status = err.status > 0 ? ` (HTTP ${err.status})` : '';
  const meaning = MEANINGS[err.code] ?? err.serverMessage;
  const extra = isUnreachable(err) ? `: ${err.serverMessage}` : '';
  return `${err.code}${status} — ${meaning}${extra}`;
}

const NAME_WIDTH = 22;
const STATUS_WORD: Record<StepStatus, string> = { ok: 'ok', failed: 'FAILED', skipped: 'skipped' };

/** The line of one step, indented under its section. */
export function formatStep(result: StepResult): string {
  const word = STATUS_WORD[result.status].padEnd(7);
  return `  ${result.name.padEnd(NAME_WIDTH)} ${word} ${result.detail}`.trimEnd();
}

/** The closing line: all ok, or which steps failed. */
export function formatVerdict(results: readonly StepResult[]): string {
  const bad = results.filter((result) => result.status === 'failed');
  if (bad.length === 0) return `all ${results.filter((r) => r.status === 'ok').length} steps ok`;
  return `${bad.length} of ${results.length} steps failed: ${[...new Set(bad.map((r) => r.name))].join(', ')}`;
}

/** 1 when any step failed (skipped steps do not count), else 0. */
export function exitCodeOf(results: readonly StepResult[]): number {
  return results.some((result) => result.status === 'failed') ? 1 : 0;
}

/** The drive ids a source named, for a detail: `default 1, resource 2`, or `names no drive`. */
export function describeDrives(drives: { default?: string | undefined; resource?: string | undefined; backup?: string | undefined }): string {
  const named = (['default', 'resource', 'backup'] as const).filter((kind) => drives[kind]).map((kind) => `${kind} ${drives[kind]}`);
  return named.length > 0 ? `drives ${named.join(', ')}` : 'names no drive';
}
