/**
 * The rules for telling Aliyun's failures apart, one by one, on errors built directly (the
 * HTTP path is covered in errors.test.ts): each classifier says yes to its own codes and no to
 * its neighbours', so a caller acting on one never acts on another.
 */
import { describe, expect, it } from 'vitest';
import {
  AliyunError,
  isAccessTokenExpired,
  isAliyunError,
  isAlreadyExists,
  isAmbiguousFailure,
  isDeviceOffline,
  isDeviceRefused,
  isDeviceSessionLost,
  isDriveFull,
  isDriveFullMessage,
  isFileNotFound,
  isForbiddenFile,
  isNotUnderstood,
  isRateLimited,
  isReloginNeeded,
  isShareDailyLimit,
  isShareGone,
  isShareNotAllowed,
  isShareTokenInvalid,
  isTooManyDevices,
  isUnreachable,
  isWrongPassword,
  shareGoneReason,
} from '../../src/api/errors.js';

function err(code: string, status = 400, message = `${code} said the server`): AliyunError {
  return new AliyunError({ status, code, message, endpoint: 'adrive/v1/test', requestId: 'req-1' });
}

/** A plain Error that happens to carry a code: never taken for Aliyun's. */
const lookalike = Object.assign(new Error('x'), { code: 'QuotaExhausted.Drive', status: 409 });

describe('an AliyunError', () => {
  it('says what, where and how in its message; keeps the server\'s own text apart', () => {
    const e = new AliyunError({ status: 404, code: 'NotFound.File', message: 'file not found', endpoint: 'adrive/v1/file/get', requestId: 'r1' });
    expect(e.message).toBe('NotFound.File (HTTP 404) at adrive/v1/file/get: file not found');
    expect(e).toMatchObject({ name: 'AliyunError', status: 404, code: 'NotFound.File', endpoint: 'adrive/v1/file/get', requestId: 'r1', serverMessage: 'file not found', retryable: false });
    expect(e).toBeInstanceOf(Error);
  });

  it('a failure without an HTTP status (a timeout) names no status', () => {
    const e = new AliyunError({ status: 0, code: 'Timeout', message: 'no answer in 5000 ms', endpoint: 'adrive/v4/batch' });
    expect(e.message).toBe('Timeout at adrive/v4/batch: no answer in 5000 ms');
    expect(e.retryable).toBe(true);
  });

  it('is retryable by its status and code unless told otherwise', () => {
    expect(err('InternalError', 500).retryable).toBe(true);
    expect(err('ParamFlowException', 400).retryable).toBe(true);
    expect(err('NotFound.File', 404).retryable).toBe(false);
    expect(new AliyunError({ status: 500, code: 'X', message: '', endpoint: 'e', retryable: false }).retryable).toBe(false);
    expect(new AliyunError({ status: 400, code: 'X', message: '', endpoint: 'e', retryable: true }).retryable).toBe(true);
  });

  it('`with` copies every field and replaces only those given', () => {
    const e = new AliyunError({ status: 429, code: 'TooManyRequests', message: 'slow', endpoint: 'e', requestId: 'r', retryAfterMs: 10, displayMessage: '请稍后' });
    const later = e.with({ retryAfterMs: 5_000 });
    expect(later).toBeInstanceOf(AliyunError);
    expect(later).not.toBe(e);
    expect(later).toMatchObject({ status: 429, code: 'TooManyRequests', serverMessage: 'slow', endpoint: 'e', requestId: 'r', retryable: true, retryAfterMs: 5_000, displayMessage: '请稍后' });
    expect(later.message).toBe(e.message);
    expect(e.retryAfterMs).toBe(10);
    const final = new AliyunError({ status: 500, code: 'X', message: 'm', endpoint: 'e', retryable: false });
    expect(final.with({}).retryable).toBe(false);
  });

  it('isAliyunError tells it from other errors', () => {
    expect(isAliyunError(err('X'))).toBe(true);
    expect(isAliyunError(lookalike)).toBe(false);
    expect(isAliyunError('NotFound.File')).toBe(false);
    expect(isAliyunError(undefined)).toBe(false);
  });
});

describe('each classifier knows its own codes and nobody else\'s', () => {
  const classifiers: Array<[name: string, test: (e: unknown) => boolean, codes: Array<string | AliyunError>]> = [
    ['isWrongPassword', isWrongPassword, ['InvalidResource.SharePwd']],
    ['isReloginNeeded', isReloginNeeded, ['InvalidParameter.RefreshToken', 'RefreshTokenExpired']],
    ['isNotUnderstood', isNotUnderstood, ['BadResponse']],
    ['isTooManyDevices', isTooManyDevices, ['TooManyDevices']],
    ['isAccessTokenExpired', isAccessTokenExpired, ['AccessTokenInvalid', 'AccessTokenExpired']],
    ['isShareTokenInvalid', isShareTokenInvalid, ['ShareLinkTokenInvalid']],
    ['isDeviceOffline', isDeviceOffline, ['UserDeviceOffline']],
    ['isDeviceRefused', isDeviceRefused, ['UserDeviceOffline', 'UserDeviceIllegality']],
    ['isForbiddenFile', isForbiddenFile, ['ForbiddenNoPermission.File']],
    ['isShareNotAllowed', isShareNotAllowed, ['FileShareNotAllowed']],
    ['isAlreadyExists', isAlreadyExists, ['AlreadyExist.File']],
    ['isShareDailyLimit', isShareDailyLimit, ['SharelinkCreateExceedDailyLimit']],
    ['isShareGone', isShareGone, ['NotFound.ShareLink', 'ShareLink.Cancelled', 'ShareLink.Expired', 'ShareLink.Forbidden']],
    ['isFileNotFound', isFileNotFound, ['NotFound.File', 'NotFound.FileId']],
    ['isDeviceSessionLost', isDeviceSessionLost, ['DeviceSessionSignatureInvalid', err('BadRequest', 400, 'Not Found Device Info for this session')]],
  ];
  const everyCode = [...new Set(classifiers.flatMap(([, , codes]) => codes.filter((c): c is string => typeof c === 'string')))];

  it.each(classifiers)('%s', (_name, test, codes) => {
    for (const code of codes) expect(test(typeof code === 'string' ? err(code) : code)).toBe(true);
    for (const other of everyCode.filter((code) => !codes.includes(code))) expect(test(err(other))).toBe(false);
    expect(test(lookalike)).toBe(false);
    expect(test(undefined)).toBe(false);
  });

  it('a plain BadRequest is no lost device session', () => {
    expect(isDeviceSessionLost(err('BadRequest', 400, 'bad request'))).toBe(false);
    expect(isDeviceSessionLost(err('InvalidParameter', 400, 'not found device info'))).toBe(false);
  });

  it('unreachable is a NetworkError only (nothing answered); a timeout or a 5xx was reached', () => {
    expect(isUnreachable(err('NetworkError', 0))).toBe(true);
    expect(isUnreachable(err('Timeout', 0))).toBe(false);
    expect(isUnreachable(err('InternalError', 500))).toBe(false);
    expect(isUnreachable(Object.assign(new Error('x'), { code: 'NetworkError' }))).toBe(false);
  });

  it('an ambiguous failure (the token exchange may or may not have happened) is a retryable one that is not a rate limit', () => {
    expect(isAmbiguousFailure(new AliyunError({ status: 0, code: 'Timeout', message: 'no answer', endpoint: 'v2/account/token' }))).toBe(true);
    expect(isAmbiguousFailure(err('InternalError', 500))).toBe(true);
    expect(isAmbiguousFailure(err('NetworkError', 0))).toBe(true);
    // A 429: nothing was done.
    expect(isAmbiguousFailure(err('TooManyRequests', 429))).toBe(false);
    // An answer that refuses for good is no doubt at all.
    expect(isAmbiguousFailure(err('InvalidParameter.RefreshToken', 400))).toBe(false);
    expect(isAmbiguousFailure(Object.assign(new Error('x'), { retryable: true }))).toBe(false);
  });

  it('a rate limit is a 429 of any code, or ParamFlowException / TooManyRequests at any status', () => {
    expect(isRateLimited(err('Whatever', 429))).toBe(true);
    expect(isRateLimited(err('ParamFlowException', 400))).toBe(true);
    expect(isRateLimited(err('TooManyRequests', 403))).toBe(true);
    expect(isRateLimited(err('InternalError', 500))).toBe(false);
    expect(isRateLimited(err('Timeout', 0))).toBe(false);
    expect(isRateLimited(lookalike)).toBe(false);
  });
});

describe('why a share is gone', () => {
  it('each code has its own reason, from an error or a code stored earlier', () => {
    expect(shareGoneReason(err('NotFound.ShareLink'))).toBe('not_found');
    expect(shareGoneReason('ShareLink.Cancelled')).toBe('cancelled');
    expect(shareGoneReason('ShareLink.Expired')).toBe('expired');
    expect(shareGoneReason(err('ShareLink.Forbidden'))).toBe('forbidden');
  });

  it('anything else is not a gone share', () => {
    expect(shareGoneReason('NotFound.File')).toBeUndefined();
    expect(shareGoneReason(err('ShareLinkTokenInvalid'))).toBeUndefined();
    expect(shareGoneReason(lookalike)).toBeUndefined();
    expect(shareGoneReason(undefined)).toBeUndefined();
    expect(shareGoneReason('toString')).toBeUndefined();
    expect(isShareGone('NotFound.ShareLink')).toBe(false); // a stored code is no error
  });
});

describe('a full drive', () => {
  it('is any QuotaExhausted code, from an error or a code stored earlier', () => {
    expect(isDriveFull(err('QuotaExhausted.Drive', 409))).toBe(true);
    expect(isDriveFull(err('QuotaExhausted', 400))).toBe(true);
    expect(isDriveFull('QuotaExhausted.Drive')).toBe(true);
  });

  it('or an error whose text says so (an async copy ends with ErrQuotaExhausted)', () => {
    expect(isDriveFull(err('AsyncTaskFailed', 400, 'ErrQuotaExhausted: the drive is full'))).toBe(true);
    expect(isDriveFull(err('Failed', 400, 'copy stopped: QuotaExhausted'))).toBe(true);
  });

  it('and nothing else', () => {
    expect(isDriveFull(err('NotFound.File', 404, 'no such file'))).toBe(false);
    expect(isDriveFull('NotFound.File')).toBe(false);
    expect(isDriveFull(lookalike)).toBe(false);
    expect(isDriveFull(undefined)).toBe(false);
  });

  it('an async copy\'s closing message says so in any case', () => {
    expect(isDriveFullMessage('ErrQuotaExhausted: The resource drive has exceeded the limit')).toBe(true);
    expect(isDriveFullMessage('errquotaexhausted')).toBe(true);
    expect(isDriveFullMessage('ErrSourceNotFound')).toBe(false);
    expect(isDriveFullMessage('')).toBe(false);
  });
});

describe('a missing file', () => {
  it('an async copy\'s ErrSourceNotFound counts only as a stored code', () => {
    expect(isFileNotFound('ErrSourceNotFound')).toBe(true);
    expect(isFileNotFound(err('ErrSourceNotFound'))).toBe(false);
    expect(isFileNotFound('NotFound.FileId')).toBe(true);
    expect(isFileNotFound('NotFound.ShareLink')).toBe(false);
    expect(isFileNotFound(undefined)).toBe(false);
  });
});
