/**
 * Copying from a share into the user's drive: the batch form (≤ 100 items per request, every
 * item checked on its own) and the seed's single form, plus async-task polling.
 */
import { AliyunError, isShareTokenInvalid } from './errors.js';
import {
  asyncTaskSchema,
  batchResponseSchema,
  copyItemBodySchema,
  copyResultSchema,
  errorBodySchema,
  type AsyncTask,
  type BatchItemResponse,
} from './schemas.js';
import { withShareToken, type ShareTokenSource } from './share.js';
import type { Caller } from './transport.js';

/** The most sub-requests Aliyun takes in one batch. */
export const MAX_BATCH_ITEMS = 100;

const BATCH_PATH = 'adrive/v4/batch';

const BATCH_ITEM_ENDPOINT = `${BATCH_PATH} /file/copy`;

/** Where copies go. */
export interface CopyTarget {
  shareId: string;
  password?: string;
  toDriveId: string;
  toParentFileId: string;
}

/** A batch to copy: at most {@link MAX_BATCH_ITEMS} file ids. */
export interface CopyBatchInput extends CopyTarget {
  fileIds: readonly string[];
}

/**
 * The fate of one item: `copied` at once (201, `newFileId`), `accepted` to finish in the
 * background (202, poll `asyncTaskId`), or `failed` with its own error.
 */
export interface CopyItemResult {
  fileId: string;
  status: 'copied' | 'accepted' | 'failed';
  newFileId?: string;
  asyncTaskId?: string;
  error?: AliyunError;
}

function copyBody(target: CopyTarget, fileId: string): Record<string, unknown> {
  return {
    share_id: target.shareId,
    file_id: fileId,
    to_drive_id: target.toDriveId,
    to_parent_file_id: target.toParentFileId,
    auto_rename: true,
  };
}

/** Reads one sub-response of a batch. */
export function copyItemResult(fileId: string, response: BatchItemResponse | undefined): CopyItemResult {
  if (!response) {
    const error = new AliyunError({
      status: 0,
      code: 'BadResponse',
      message: 'the batch answer has no result for this item',
      endpoint: BATCH_ITEM_ENDPOINT,
      retryable: false,
    });
    return { fileId, status: 'failed', error };
  }
  const body = response.body ?? {};
  if (response.status >= 200 && response.status < 300) {
    const parsed = copyItemBodySchema.safeParse(body);
    const newFileId = parsed.success ? parsed.data.file_id : undefined;
    const asyncTaskId = parsed.success ? parsed.data.async_task_id : undefined;
    const accepted = response.status === 202 || Boolean(asyncTaskId);
    return {
      fileId,
      status: accepted ? 'accepted' : 'copied',
      ...(newFileId ? { newFileId } : {}),
      ...(asyncTaskId ? { asyncTaskId } : {}),
    };
  }
  const parsed = errorBodySchema.safeParse(body);
  const error = new AliyunError({
    status: response.status,
    code: parsed.success ? parsed.data.code : 'HttpError',
    message: parsed.success ? parsed.data.message || parsed.data.code : 'copy failed without an error body',
    endpoint: BATCH_ITEM_ENDPOINT,
    requestId: parsed.success ? parsed.data.requestId : undefined,
    displayMessage: parsed.success ? parsed.data.display_message : undefined,
  });
  return { fileId, status: 'failed', error };
}

async function sendBatch(
  call: Caller,
  shareToken: string,
  target: CopyTarget,
  fileIds: readonly string[],
): Promise<CopyItemResult[]> {
  const answer = await call({
    path: BATCH_PATH,
    headers: { 'x-share-token': shareToken },
    body: {
      resource: 'file',
      requests: fileIds.map((fileId, index) => ({
        id: String(index),
        method: 'POST',
        url: '/file/copy',
        headers: { 'Content-Type': 'application/json' },
        body: copyBody(target, fileId),
      })),
    },
    schema: batchResponseSchema,
    // After a timeout or a 5xx some copies may have happened; resending would duplicate them.
    idempotent: false,
    // A batch of 100 copies can take long (60 s by default). One that still gets no answer stays
    // `sent` in the save's copy record and is looked for in the target folder before it is sent
    // again (src/jobs), so a slow success never becomes `name(1)` copies.
    slow: true,
  });
  const byId = new Map(answer.responses.map((response) => [response.id, response]));
  return fileIds.map((fileId, index) => copyItemResult(fileId, byId.get(String(index))));
}

/**
 * Copies up to 100 items in one request. A stale share token (for the whole request or for
 * some items) is fetched again and only the affected items are sent once more. Throws only
 * when the first request fails as a whole: if the resend of some items throws, the first
 * answer still counts and those items come back `failed` with the resend's error.
 */
export async function copyBatch(call: Caller, tokens: ShareTokenSource, input: CopyBatchInput): Promise<CopyItemResult[]> {
  if (input.fileIds.length === 0) return [];
  if (input.fileIds.length > MAX_BATCH_ITEMS) {
    throw new RangeError(`a copy batch takes at most ${MAX_BATCH_ITEMS} items, got ${input.fileIds.length}`);
  }
  let replayed = false;
  let usedToken = '';
  const results = await withShareToken(tokens, (token) => {
    replayed = usedToken !== '';
    usedToken = token;
    return sendBatch(call, token, input, input.fileIds);
  });
  const stale = results.flatMap((result, index) => (result.status === 'failed' && isShareTokenInvalid(result.error) ? [index] : []));
  if (stale.length === 0 || replayed) return results;
  tokens.invalidate(usedToken);
  const staleIds = stale.map((index) => input.fileIds[index] ?? '');
  let again: CopyItemResult[];
  try {
    again = await sendBatch(call, await tokens.token(), input, staleIds);
  } catch (err) {
    // The first answer's copies happened: throwing them away would make the caller send them
    // again (duplicates) or report nothing copied. Only the resent items share the failure.
    const error = resendFailure(err);
    return results.map((result, index) => (stale.includes(index) ? { fileId: result.fileId, status: 'failed', error } : result));
  }
  stale.forEach((index, position) => {
    const result = again[position];
    if (result) results[index] = result;
  });
  return results;
}

/**
 * The error the resent items carry when the resend (or fetching its token) threw. Anything
 * that is not an Aliyun answer may have reached Aliyun, so it counts as retryable (the caller
 * looks for the items before sending them again).
 */
function resendFailure(err: unknown): AliyunError {
  if (err instanceof AliyunError) return err;
  return new AliyunError({
    status: 0,
    code: 'ResendFailed',
    message: `resending with a fresh share token failed: ${err instanceof Error ? err.name : 'unknown error'}`,
    endpoint: BATCH_ITEM_ENDPOINT,
    retryable: true,
  });
}

/** Progress of {@link copyAll}: the batch just finished. */
export interface CopyBatchNotice {
  index: number;
  total: number;
  results: CopyItemResult[];
}

/** Copies any number of items in batches of ≤ 100, one after another, reporting each batch. */
export async function copyAll(
  call: Caller,
  tokens: ShareTokenSource,
  input: CopyBatchInput & { onBatch?: (notice: CopyBatchNotice) => Promise<void> | void },
): Promise<CopyItemResult[]> {
  const chunks: string[][] = [];
  for (let start = 0; start < input.fileIds.length; start += MAX_BATCH_ITEMS) {
    chunks.push(input.fileIds.slice(start, start + MAX_BATCH_ITEMS));
  }
  const all: CopyItemResult[] = [];
  for (const [index, fileIds] of chunks.entries()) {
    const results = await copyBatch(call, tokens, { ...input, fileIds });
    all.push(...results);
    await input.onBatch?.({ index, total: chunks.length, results });
  }
  return all;
}

/** Copies one item with the seed's single form (`/adrive/v1/file/copy`, fields wrapped in `body`). */
export async function copyOne(
  call: Caller,
  tokens: ShareTokenSource,
  input: CopyTarget & { fileId: string },
): Promise<CopyItemResult> {
  const answer = await withShareToken(tokens, (token) =>
    call({
      path: 'adrive/v1/file/copy',
      headers: { 'x-share-token': token },
      body: { body: copyBody(input, input.fileId) },
      schema: copyResultSchema,
      idempotent: false,
    }),
  );
  return {
    fileId: input.fileId,
    status: answer.async_task_id ? 'accepted' : 'copied',
    newFileId: answer.file_id,
    ...(answer.async_task_id ? { asyncTaskId: answer.async_task_id } : {}),
  };
}

/** Where a background copy is: still running (or unknown), or ended one of three ways. */
export type TaskPhase = 'running' | 'succeeded' | 'partial' | 'failed';

const PHASES: Record<string, TaskPhase> = {
  running: 'running',
  succeed: 'succeeded',
  succeeded: 'succeeded',
  success: 'succeeded',
  done: 'succeeded',
  finished: 'succeeded',
  partialsucceed: 'partial',
  failed: 'failed',
  fail: 'failed',
};

/**
 * The phase of a task answer: `state` (or `status` beside or instead of it) read
 * case-insensitively, `done` = finished. A state this version does not know means "keep
 * polling": calling it a failure while the copy may still run would report a save as failed
 * that then completes.
 */
export function taskPhase(task: Pick<AsyncTask, 'state' | 'status'>): TaskPhase {
  for (const value of [task.state, task.status]) {
    const phase = value ? PHASES[value.toLowerCase()] : undefined;
    if (phase) return phase;
  }
  return 'running';
}

/** The state of a background copy. */
export function fetchAsyncTask(call: Caller, asyncTaskId: string): Promise<AsyncTask> {
  return call({ path: 'v2/async_task/get', body: { async_task_id: asyncTaskId }, schema: asyncTaskSchema });
}
