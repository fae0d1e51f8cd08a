/**
 * Pure: how Aliyun's answers are written into the copy record (`save_copy_items`).
 */
import {
  isDriveFull,
  isDriveFullMessage,
  isFileNotFound,
  isForbiddenFile,
  isRateLimited,
  taskPhase,
  type AsyncTask,
  type CopyItemResult,
  type ShareInfo,
} from '../api/index.js';
import type { ItemResult } from '../db/saves.repo.js';
import { DRIVE_FULL_CODE } from './save-failure.js';

/** The name to show for a share. */
export function shareTitle(info: ShareInfo): string {
  return info.share_title || info.share_name || info.display_name || info.file_infos[0]?.file_name || '';
}

/** How many recorded answers are in `state` (for the log line of a batch). */
export function countState(results: readonly ItemResult[], state: ItemResult['state']): number {
  return results.filter((r) => r.state === state).length;
}

/** A copy failed as if its target folder were missing (or belonged to another drive). */
export function isMissingTarget(result: CopyItemResult): boolean {
  return isFileNotFound(result.error) || isForbiddenFile(result.error);
}

/**
 * How one batch answer is recorded. A per-item 429 did nothing (send again); a per-item 5xx
 * may have copied, so the item stays `sent` and is looked for before any resend.
 */
export function itemResult(result: CopyItemResult): ItemResult {
  const sourceFileId = result.fileId;
  switch (result.status) {
    case 'copied':
      return { sourceFileId, state: 'copied', resultFileId: result.newFileId ?? null };
    case 'accepted':
      return { sourceFileId, state: 'accepted', asyncTaskId: result.asyncTaskId ?? null, resultFileId: result.newFileId ?? null };
    case 'failed': {
      const error = result.error;
      if (error && isRateLimited(error)) return { sourceFileId, state: 'pending' };
      if (error?.retryable) return { sourceFileId, state: 'sent' };
      return { sourceFileId, state: 'failed', errorCode: error && isDriveFull(error) ? DRIVE_FULL_CODE : (error?.code ?? 'unknown') };
    }
  }
}

/** How an ended async copy is recorded; `ErrQuotaExhausted` in its message means the drive filled up. */
export function taskResult(sourceFileId: string, task: AsyncTask): ItemResult {
  const driveFull = isDriveFullMessage(task.message);
  const phase = taskPhase(task);
  if (phase === 'succeeded') return { sourceFileId, state: 'done' };
  if (phase === 'partial') return { sourceFileId, state: 'done', errorCode: driveFull ? DRIVE_FULL_CODE : 'PartialSucceed' };
  return { sourceFileId, state: 'failed', errorCode: driveFull ? DRIVE_FULL_CODE : (/^(Err\w+)/.exec(task.message)?.[1] ?? 'AsyncTaskFailed') };
}
