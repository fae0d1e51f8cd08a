/**
 * Copying, exactly once across crashes, rate limits and retries. This file is the only one that
 * writes the copy record (`save_copy_items`, see src/db/saves/copy-ledger.ts) while copying:
 * items are marked `sent` in one transaction before their batch goes out, and Aliyun's answer
 * per item (copied / accepted with its task id / failed) is stored before anything else happens.
 * A later run never sends an item that is copied, accepted or done (accepted ones are polled by
 * their stored task id), and an item left `sent` without an answer is looked for in the target
 * folder before it is sent again.
 */
import {
  isAliyunError,
  isFileNotFound,
  isNotUnderstood,
  isRateLimited,
  MAX_BATCH_ITEMS,
  type CopyItemResult,
  type FileItem,
} from '../../api/index.js';
import type { CopyItemRow, ItemResult } from '../../db/saves.repo.js';
import { countState, isMissingTarget, itemResult } from '../copy-results.js';
import { DRIVE_FULL_CODE } from '../save-failure.js';
import { matchSentItems } from '../sent-items.js';
import { alertNotUnderstood, checkAborted, type SaveRun } from './context.js';
import { joinPath } from '../follow/share-tree.js';
import { resolveFolder } from './plan.js';

/** Share listing calls spent looking for the names of chosen items below the top level. */
const MAX_NAME_LOOKUP_CALLS = 20;

/**
 * Sends every pending batch, after settling items an earlier run left `sent`. The items are read
 * once and kept up to date with what this run records; read again only after settling.
 * @returns the items after copying.
 */
export async function copyAll(run: SaveRun): Promise<CopyItemRow[]> {
  let batchesSent = 0;
  let items = run.plannedRows ?? run.saves.items(run.jobId);
  for (;;) {
    const sent = items.filter((item) => item.state === 'sent');
    if (sent.length > 0) {
      checkAborted(run);
      run.drive.checkStillLinked();
      await settleSent(run, sent, items);
      items = run.saves.items(run.jobId);
      continue;
    }
    // A full drive stops further batches: they could only fail the same way.
    if (items.some((item) => item.errorCode === DRIVE_FULL_CODE)) return items;
    const pending = items.filter((item) => item.state === 'pending');
    const first = pending[0];
    if (!first) return items;
    const batch = pending.filter((item) => item.batchNo === first.batchNo).slice(0, MAX_BATCH_ITEMS);
    // A save of one batch goes from "opening" to its outcome: a "copying" report would only
    // cost a write and an edit the outcome replaces at once.
    const reportAfter = batchesSent > 0 || pending.length > batch.length;
    await sendBatch(run, batch, reportAfter, (results) => {
      items = withResults(items, results);
    });
    batchesSent += 1;
  }
}

/** `items` with `results` applied as `recordResults` stores them (an absent field keeps its value). */
function withResults(items: CopyItemRow[], results: readonly ItemResult[]): CopyItemRow[] {
  const bySource = new Map(results.map((result) => [result.sourceFileId, result]));
  const now = Date.now();
  return items.map((item) => {
    const result = bySource.get(item.sourceFileId);
    if (!result) return item;
    return {
      ...item,
      state: result.state,
      asyncTaskId: result.asyncTaskId === undefined ? item.asyncTaskId : result.asyncTaskId,
      resultFileId: result.resultFileId === undefined ? item.resultFileId : result.resultFileId,
      errorCode: result.errorCode === undefined ? item.errorCode : result.errorCode,
      updatedAt: now,
    };
  });
}

/** Sends one batch; `recorded` hears every answer stored for its items (none when it throws). */
async function sendBatch(run: SaveRun, batch: CopyItemRow[], reportAfter: boolean, recorded: (results: ItemResult[]) => void): Promise<void> {
  const { saves, jobId, data, target } = run;
  await paceBeforeSend(run);
  const session = run.drive.session;
  const fileIds = batch.map((item) => item.sourceFileId);
  const dir = batch[0]?.targetDir ?? '';
  const toParentFileId = await folderFor(run, dir);
  saves.markSent(jobId, fileIds);
  let results: CopyItemResult[];
  try {
    results = await session.copyBatch({
      shareId: data.shareId,
      password: run.password,
      toDriveId: target.driveId,
      toParentFileId,
      fileIds,
    });
  } catch (err) {
    // A 429 or a refusal of the whole request copied nothing: those items can go again.
    // After a 5xx or a timeout they stay `sent`, to be looked for before any resend.
    if (isAliyunError(err) && (isRateLimited(err) || (!err.retryable && err.status >= 400))) {
      saves.recordResults(jobId, fileIds.map((sourceFileId) => ({ sourceFileId, state: 'pending' as const })));
    }
    throw err;
  }
  const answers = results.map(itemResult);
  saves.recordResults(jobId, answers);
  recorded(answers);
  run.log.debug(
    { batch: batch[0]?.batchNo, copied: countState(answers, 'copied'), accepted: countState(answers, 'accepted'), failed: countState(answers, 'failed') },
    'copy batch answered',
  );

  const failures = results.filter((r) => r.status === 'failed');
  if (dir === '' && failures.length === results.length && !target.verified && failures.every((r) => isMissingTarget(r))) {
    // Every copy failed as if the target folder were gone: the cached id may be stale.
    const fresh = await resolveFolder(run, false);
    if (fresh !== target.folderId) {
      run.log.info('target folder was re-created; sending the batch again');
      target.folderId = fresh;
      saves.setTargetFolder(jobId, fresh);
      const again = fileIds.map((sourceFileId) => ({ sourceFileId, state: 'pending' as const, errorCode: null }));
      saves.recordResults(jobId, again);
      recorded(again);
      return;
    }
  }
  const strange = failures.find((r) => isNotUnderstood(r.error))?.error;
  if (strange) alertNotUnderstood(run, strange);
  const transient = failures.find((r) => r.error?.retryable);
  if (transient?.error) throw transient.error;
  // Accepted copies have no size until their first poll, which reports right after.
  if (reportAfter && !results.some((r) => r.status === 'accepted')) run.progress.report(undefined, false);
}

/** Settles items sent without an answer: found in their target folder → copied, else → pending. */
async function settleSent(run: SaveRun, sent: CopyItemRow[], all: CopyItemRow[]): Promise<void> {
  const { saves, jobId } = run;
  await learnNames(run, sent.filter((item) => item.sourceName === ''));
  const named = saves.items(jobId).filter((item) => item.state === 'sent');
  const claimed = new Set(all.flatMap((item) => (item.resultFileId ? [item.resultFileId] : [])));
  const found = new Map<string, string>();
  for (const dir of new Set(named.map((item) => item.targetDir))) {
    const inDir = named.filter((item) => item.targetDir === dir);
    const listing = await listTarget(run, dir);
    const matched = matchSentItems(
      inDir.map((item) => ({ sourceFileId: item.sourceFileId, sourceName: item.sourceName, sourceKind: item.sourceKind, sentAt: item.updatedAt })),
      listing,
      claimed,
    );
    for (const [sourceFileId, copyId] of matched) found.set(sourceFileId, copyId);
  }
  run.log.info({ sent: named.length, found: found.size }, 'settled copies sent without an answer');
  saves.recordResults(
    jobId,
    named.map((item): ItemResult => {
      const copyId = found.get(item.sourceFileId);
      // A found folder may still be filling in the background; Aliyun finishes it on its own.
      return copyId ? { sourceFileId: item.sourceFileId, state: 'copied', resultFileId: copyId } : { sourceFileId: item.sourceFileId, state: 'pending' };
    }),
  );
}

/** What is in the target folder (or its sub-folder `dir`) now; nothing when it is gone. */
async function listTarget(run: SaveRun, dir: string): Promise<FileItem[]> {
  try {
    return await run.drive.session.listAllFiles(run.target.driveId, await folderFor(run, dir));
  } catch (err) {
    if (!isFileNotFound(err)) throw err;
    return []; // the folder is gone, so nothing landed in it; the next batch finds it again
  }
}

/**
 * The id of the folder `dir` below the target (the target itself for `''`): found or created
 * once per run, so items chosen inside a share's sub-folders keep their folder path.
 */
async function folderFor(run: SaveRun, dir: string): Promise<string> {
  if (dir === '') return run.target.folderId;
  const dirs = (run.target.dirs ??= new Map());
  const known = dirs.get(dir);
  if (known) return known;
  const id = await run.drive.session.ensureFolderPath(run.target.driveId, joinPath(run.data.targetPath, dir));
  dirs.set(dir, id);
  return id;
}

/** Finds names of chosen items below the share's top level (needed to look for their copies). */
async function learnNames(run: SaveRun, unnamed: CopyItemRow[]): Promise<void> {
  if (unnamed.length === 0) return;
  const session = run.drive.session;
  const wanted = new Set(unnamed.map((item) => item.sourceFileId));
  const found = new Map<string, { name: string; kind: 'file' | 'folder' }>();
  const folders = ['root'];
  for (let calls = 0; folders.length > 0 && wanted.size > 0 && calls < MAX_NAME_LOOKUP_CALLS; calls++) {
    const parent = folders.shift() as string;
    for (const child of await session.listShareFiles(run.data.shareId, run.password, parent)) {
      if (wanted.delete(child.file_id)) found.set(child.file_id, { name: child.name, kind: child.type });
      if (child.type === 'folder') folders.push(child.file_id);
    }
  }
  if (wanted.size > 0) run.log.warn({ unnamed: wanted.size }, 'names of some sent items not found; they will be sent again');
  run.saves.setItemNames(run.jobId, found);
}

/**
 * Waits out the account's pace here, where the wait can be aborted, then checks the signal, a
 * stop request and the account: a run that lost its job meanwhile (another run took it over),
 * was stopped or logged out must not send the batch.
 */
async function paceBeforeSend(run: SaveRun): Promise<void> {
  const waitMs = run.drive.paceWaitMs();
  if (waitMs > 0) await run.clock.sleep(waitMs, run.signal);
  checkAborted(run);
  run.drive.checkStillLinked();
}
