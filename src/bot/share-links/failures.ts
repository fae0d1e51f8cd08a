/**
 * Why an Aliyun call about share links failed, in a few kinds the user can act on, plus the
 * plain words for each. Kinds are plain strings so they survive a conversation's storage.
 */
import {
  isAliyunError,
  isDeviceRefused,
  isFileNotFound,
  isForbiddenFile,
  isNotUnderstood,
  isRateLimited,
  isReloginNeeded,
  isShareDailyLimit,
  isShareNotAllowed,
  shareGoneReason,
} from '../../api/index.js';
import { t, type Lang } from '../i18n/index.js';

export type ShareLinkFailureKind =
  | 'relogin'
  | 'busy'
  /** The share link does not exist (any more) for this account. */
  | 'gone'
  | 'cancelled'
  | 'forbidden'
  | 'fileGone'
  | 'notAllowed'
  | 'dailyLimit'
  /** Aliyun refuses the bot's device for this account, a new device session included. */
  | 'deviceRefused'
  /** Aliyun answered in a shape this version does not understand. */
  | 'notUnderstood'
  | 'other';

export interface ShareLinkFailure {
  kind: ShareLinkFailureKind;
  /** The Aliyun code, for the "other" message and the logs. */
  code: string;
}

/** The kind of a thrown error; anything that is not an Aliyun answer is a bug and rethrown. */
export function failureOf(error: unknown): ShareLinkFailure {
  if (error instanceof NotLoggedIn) return { kind: 'relogin', code: 'NotLoggedIn' };
  if (!isAliyunError(error)) throw error;
  const code = error.code;
  if (isReloginNeeded(error)) return { kind: 'relogin', code };
  if (isRateLimited(error) || error.retryable) return { kind: 'busy', code };
  if (isShareDailyLimit(error)) return { kind: 'dailyLimit', code };
  // Another account's share answers 403 ForbiddenNoPermission: for this user it does not exist.
  const gone = shareGoneReason(error);
  if (gone === 'not_found' || isForbiddenFile(error)) return { kind: 'gone', code };
  if (gone === 'cancelled') return { kind: 'cancelled', code };
  if (gone === 'forbidden') return { kind: 'forbidden', code };
  if (isFileNotFound(error)) return { kind: 'fileGone', code };
  if (isShareNotAllowed(error)) return { kind: 'notAllowed', code };
  if (isNotUnderstood(error)) return { kind: 'notUnderstood', code };
  if (isDeviceRefused(error)) return { kind: 'deviceRefused', code };
  return { kind: 'other', code };
}

/** Thrown when the user has no working login (none, or the refresh token died). */
export class NotLoggedIn extends Error {
  constructor() {
    super('no working Aliyun login');
  }
}

/** What to tell the user (HTML). */
export function failureText(lang: Lang, failure: ShareLinkFailure): string {
  switch (failure.kind) {
    case 'relogin':
      return t(lang, 'loginNeeded');
    case 'busy':
      return t(lang, 'busy');
    case 'gone':
      return t(lang, 'staleGone');
    case 'cancelled':
      return t(lang, 'staleCancelled');
    case 'forbidden':
      return t(lang, 'staleForbidden');
    case 'fileGone':
      return t(lang, 'errFileGone');
    case 'notAllowed':
      return t(lang, 'errNotAllowed', { why: t(lang, 'whyType') });
    case 'dailyLimit':
      return t(lang, 'errDailyLimit');
    case 'deviceRefused':
      return t(lang, 'aliyun.deviceRefused');
    case 'notUnderstood':
      return t(lang, 'aliyun.notUnderstood');
    case 'other':
      return t(lang, 'otherError', { code: failure.code });
  }
}

/** HTML → the plain text a callback answer shows (it has no parse mode; at most 200 characters). */
export function plainText(html: string): string {
  const text = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
