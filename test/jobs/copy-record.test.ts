/**
 * How Aliyun's answers become the save's copy record, and which failures end a save as what:
 * the pure rules under the save job. A per-item 429 did nothing (send again), a per-item 5xx may
 * have copied (look before sending again), a full drive is recorded as such wherever it shows.
 */
import { describe, expect, it } from 'vitest';
import { AccountUnavailableError } from '../../src/accounts.js';
import { AliyunError, type AsyncTask, type CopyItemResult, type ShareInfo } from '../../src/api/index.js';
import { countState, isMissingTarget, itemResult, shareTitle, taskResult } from '../../src/jobs/copy-results.js';
import { batched } from '../../src/jobs/save/plan.js';
import { MAX_BATCH_ITEMS } from '../../src/api/index.js';
import { classifyFailure, DRIVE_FULL_CODE, failureKindOfCode, SaveFailure } from '../../src/jobs/save-failure.js';

function aliyun(status: number, code: string, message = code): AliyunError {
  return new AliyunError({ status, code, message, endpoint: 'adrive/v4/batch#item' });
}
function failed(error?: AliyunError): CopyItemResult {
  return { fileId: 'f1', status: 'failed', ...(error ? { error } : {}) };
}
function task(fields: Partial<AsyncTask>): AsyncTask {
  return { message: '', total_process: 0, consumed_process: 0, failed_process: 0, punished_file_count: 0, ...fields };
}

describe('a batch answer, item by item', () => {
  it('a copy made at once is copied, with its new id when Aliyun gave one', () => {
    expect(itemResult({ fileId: 'f1', status: 'copied', newFileId: 'n1' })).toEqual({ sourceFileId: 'f1', state: 'copied', resultFileId: 'n1' });
    expect(itemResult({ fileId: 'f1', status: 'copied' })).toEqual({ sourceFileId: 'f1', state: 'copied', resultFileId: null });
  });

  it('a copy accepted to run in the background keeps its task id', () => {
    expect(itemResult({ fileId: 'f1', status: 'accepted', asyncTaskId: 't1', newFileId: 'n1' })).toEqual({
      sourceFileId: 'f1',
      state: 'accepted',
      asyncTaskId: 't1',
      resultFileId: 'n1',
    });
    expect(itemResult({ fileId: 'f1', status: 'accepted' })).toEqual({ sourceFileId: 'f1', state: 'accepted', asyncTaskId: null, resultFileId: null });
  });

  it('a per-item 429 did nothing: pending, to be sent again', () => {
    expect(itemResult(failed(aliyun(429, 'TooManyRequests')))).toEqual({ sourceFileId: 'f1', state: 'pending' });
    expect(itemResult(failed(aliyun(400, 'ParamFlowException')))).toEqual({ sourceFileId: 'f1', state: 'pending' });
  });

  it('a per-item 5xx may have copied: sent, to be looked for before any resend', () => {
    expect(itemResult(failed(aliyun(503, 'ServiceUnavailable')))).toEqual({ sourceFileId: 'f1', state: 'sent' });
  });

  it('a final failure is recorded with its code; a full drive with the one drive-full code', () => {
    expect(itemResult(failed(aliyun(404, 'NotFound.File')))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: 'NotFound.File' });
    expect(itemResult(failed(aliyun(409, 'QuotaExhausted.Drive')))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: DRIVE_FULL_CODE });
    expect(itemResult(failed(aliyun(400, 'CopyFailed', 'ErrQuotaExhausted midway')))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: DRIVE_FULL_CODE });
    expect(itemResult(failed())).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: 'unknown' });
  });

  it('counts answers by state for the log line', () => {
    const results = [itemResult({ fileId: 'a', status: 'copied' }), itemResult({ fileId: 'b', status: 'copied' }), itemResult(failed(aliyun(404, 'NotFound.File')))];
    expect(countState(results, 'copied')).toBe(2);
    expect(countState(results, 'failed')).toBe(1);
    expect(countState(results, 'accepted')).toBe(0);
  });

  it('a copy failing as if its target folder were gone (or another drive\'s)', () => {
    expect(isMissingTarget(failed(aliyun(404, 'NotFound.File')))).toBe(true);
    expect(isMissingTarget(failed(aliyun(404, 'NotFound.FileId')))).toBe(true);
    expect(isMissingTarget(failed(aliyun(403, 'ForbiddenNoPermission.File')))).toBe(true);
    expect(isMissingTarget(failed(aliyun(409, 'QuotaExhausted.Drive')))).toBe(false);
    expect(isMissingTarget(failed())).toBe(false);
  });
});

describe('an ended background copy', () => {
  it('succeeded: done', () => {
    expect(taskResult('f1', task({ state: 'Succeed' }))).toEqual({ sourceFileId: 'f1', state: 'done' });
  });

  it('partly succeeded: done with the reason — a full drive or some files failed', () => {
    expect(taskResult('f1', task({ state: 'PartialSucceed', message: 'ErrQuotaExhausted: full' }))).toEqual({ sourceFileId: 'f1', state: 'done', errorCode: DRIVE_FULL_CODE });
    expect(taskResult('f1', task({ state: 'PartialSucceed', message: 'some files failed' }))).toEqual({ sourceFileId: 'f1', state: 'done', errorCode: 'PartialSucceed' });
  });

  it('failed: its Err… code from the message, a full drive, or AsyncTaskFailed', () => {
    expect(taskResult('f1', task({ state: 'Failed', message: 'ErrQuotaExhausted: The resource drive has exceeded the limit' }))).toEqual({
      sourceFileId: 'f1',
      state: 'failed',
      errorCode: DRIVE_FULL_CODE,
    });
    expect(taskResult('f1', task({ state: 'Failed', message: 'ErrSourceNotFound: gone' }))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: 'ErrSourceNotFound' });
    expect(taskResult('f1', task({ state: 'Failed', message: 'the copy failed (ErrSomething)' }))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: 'AsyncTaskFailed' });
    expect(taskResult('f1', task({ state: 'Failed' }))).toEqual({ sourceFileId: 'f1', state: 'failed', errorCode: 'AsyncTaskFailed' });
  });
});

describe('the name a share is shown by', () => {
  const info = (fields: Partial<ShareInfo>): ShareInfo => ({ share_name: '', expiration: '', file_infos: [], ...fields });
  it('the title, else the share name, else the display name, else the first item\'s name, else nothing', () => {
    expect(shareTitle(info({ share_title: 'T', share_name: 'S', display_name: 'D', file_infos: [{ type: 'file', file_id: 'f', file_name: 'F' }] }))).toBe('T');
    expect(shareTitle(info({ share_name: 'S', display_name: 'D' }))).toBe('S');
    expect(shareTitle(info({ display_name: 'D', file_infos: [{ type: 'file', file_id: 'f', file_name: 'F' }] }))).toBe('D');
    expect(shareTitle(info({ file_infos: [{ type: 'folder', file_id: 'f', file_name: 'F' }] }))).toBe('F');
    expect(shareTitle(info({}))).toBe('');
  });
});

describe('which failures end a save, and as what', () => {
  const given = { passwordGiven: true };
  const none = { passwordGiven: false };

  it('transient ones (rate limits, 5xx, network, our own errors) do not: null, to be retried', () => {
    expect(classifyFailure(aliyun(429, 'TooManyRequests'), given)).toBeNull();
    expect(classifyFailure(aliyun(503, 'ServiceUnavailable'), given)).toBeNull();
    expect(classifyFailure(aliyun(0, 'Timeout'), given)).toBeNull();
    expect(classifyFailure(new TypeError('ours'), given)).toBeNull();
    expect(classifyFailure('a string', given)).toBeNull();
  });

  it('a failure already classified keeps its kind; an account that must log in is relogin', () => {
    expect(classifyFailure(new SaveFailure('folder_not_found', 'NotFound.File'), given)).toBe('folder_not_found');
    expect(classifyFailure(new AccountUnavailableError(1, 'needs_relogin'), given)).toBe('relogin');
    expect(classifyFailure(aliyun(400, 'InvalidParameter.RefreshToken'), given)).toBe('relogin');
  });

  it('a gone share says how it went', () => {
    expect(classifyFailure(aliyun(404, 'NotFound.ShareLink'), given)).toBe('not_found');
    expect(classifyFailure(aliyun(400, 'ShareLink.Cancelled'), given)).toBe('cancelled');
    expect(classifyFailure(aliyun(400, 'ShareLink.Expired'), given)).toBe('expired');
    expect(classifyFailure(aliyun(400, 'ShareLink.Forbidden'), given)).toBe('forbidden');
  });

  it('a refused password is wrong when one was given, missing when none was', () => {
    expect(classifyFailure(aliyun(400, 'InvalidResource.SharePwd'), given)).toBe('wrong_password');
    expect(classifyFailure(aliyun(400, 'InvalidResource.SharePwd'), none)).toBe('missing_password');
  });

  it('a full drive, a missing file, and anything else final', () => {
    expect(classifyFailure(aliyun(409, 'QuotaExhausted.Drive'), given)).toBe('drive_full');
    // Even a retryable answer that says the drive is full: retrying cannot make room.
    expect(classifyFailure(aliyun(500, 'InternalError', 'ErrQuotaExhausted'), given)).toBe('drive_full');
    expect(classifyFailure(aliyun(404, 'NotFound.File'), given)).toBe('not_found');
    expect(classifyFailure(aliyun(400, 'InvalidParameter.ShareId'), given)).toBe('unknown');
  });

  it('a stored item code maps to the same kinds', () => {
    expect(failureKindOfCode(null)).toBe('unknown');
    expect(failureKindOfCode('')).toBe('unknown');
    expect(failureKindOfCode('ShareLink.Expired')).toBe('expired');
    expect(failureKindOfCode('NotFound.ShareLink')).toBe('not_found');
    expect(failureKindOfCode(DRIVE_FULL_CODE)).toBe('drive_full');
    expect(failureKindOfCode('NotFound.File')).toBe('not_found');
    expect(failureKindOfCode('ErrSourceNotFound')).toBe('not_found');
    expect(failureKindOfCode('AsyncTaskFailed')).toBe('unknown');
    expect(failureKindOfCode('BadResponse')).toBe('not_understood');
  });

  it('a device session refused (too many devices) is its own kind, for the "remove a device" advice', () => {
    expect(classifyFailure(aliyun(400, 'UserDeviceOffline'), given)).toBe('device_refused');
    expect(classifyFailure(aliyun(400, 'UserDeviceIllegality'), given)).toBe('device_refused');
  });

  it('a SaveFailure says its kind and detail', () => {
    expect(new SaveFailure('folder_not_found', 'NotFound.File')).toMatchObject({ name: 'SaveFailure', kind: 'folder_not_found', detail: 'NotFound.File', message: 'folder_not_found: NotFound.File' });
    expect(new SaveFailure('logged_out').message).toBe('logged_out');
  });
});

describe('planned batches', () => {
  const item = (id: string, dir: string) => ({ id, name: `${id}.mkv`, kind: 'file' as const, dir });
  /** Each batch's target folders and size, in batch order. */
  function shape(planned: ReturnType<typeof batched>) {
    const batches = new Map<number, { dirs: Set<string>; size: number }>();
    for (const p of planned) {
      const batch = batches.get(p.batchNo) ?? { dirs: new Set<string>(), size: 0 };
      batch.dirs.add(p.targetDir ?? '');
      batch.size += 1;
      batches.set(p.batchNo, batch);
    }
    return [...batches.values()].map((b) => ({ dirs: [...b.dirs], size: b.size }));
  }

  it('picks of two folders given in mixed order: one batch per folder, never a batch into two folders', () => {
    const planned = batched([item('a', 'Season 2'), item('b', 'Season 1'), item('c', 'Season 2'), item('d', 'Season 1')]);
    expect(shape(planned)).toEqual([{ dirs: ['Season 1'], size: 2 }, { dirs: ['Season 2'], size: 2 }]);
  });

  it(`at most ${MAX_BATCH_ITEMS} items a batch; a new folder starts a new batch`, () => {
    const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => item(`e${i}`, ''));
    expect(shape(batched([...many, item('x', 'Extras')]))).toEqual([
      { dirs: [''], size: MAX_BATCH_ITEMS },
      { dirs: [''], size: 1 },
      { dirs: ['Extras'], size: 1 },
    ]);
  });
});
