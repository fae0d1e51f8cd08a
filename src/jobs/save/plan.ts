/** Planning a save: open the share, check the password, decide what to copy and where. */
import { isAliyunError, MAX_BATCH_ITEMS } from '../../api/index.js';
import type { SaveRow } from '../../db/saves.repo.js';
import type { PlannedItem } from '../../db/saves/copy-ledger.js';
import { shareTitle } from '../copy-results.js';
import { classifyFailure, SaveFailure } from '../save-failure.js';
import type { SaveOutcome } from '../save-outcome.js';
import { listShareTree } from '../follow/share-tree.js';
import { hasSkipRules, keptBySkipRules } from '../skip-rules.js';
import { checkAborted, type SaveRun } from './context.js';

/** One item a save copies, and the folder path below the target it goes into. */
interface ChosenItem {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  dir: string;
}

/** Planned items in batches of at most `MAX_BATCH_ITEMS`, a batch never spanning two target folders. */
export function batched(chosen: readonly ChosenItem[]): PlannedItem[] {
  const byDir = [...chosen].sort((a, b) => (a.dir === b.dir ? 0 : a.dir < b.dir ? -1 : 1));
  let batchNo = -1;
  let inBatch = MAX_BATCH_ITEMS;
  let dir: string | undefined;
  return byDir.map((item) => {
    if (item.dir !== dir || inBatch >= MAX_BATCH_ITEMS) [batchNo, inBatch, dir] = [batchNo + 1, 0, item.dir];
    inBatch += 1;
    return { sourceFileId: item.id, sourceName: item.name, sourceKind: item.kind, batchNo, targetDir: item.dir };
  });
}

/**
 * Opens the share, checks the password, decides what to copy and where; records it all (the
 * copy record's items, in batches, and the target folder).
 * @returns a final outcome when there is nothing to copy, else null.
 */
export async function plan(run: SaveRun, row: SaveRow): Promise<SaveOutcome | null> {
  const { data, saves, jobId } = run;
  const session = run.drive.session;
  // Side by side: neither call needs the other, so a save waits for one round trip here, not two.
  // The token validates the password (share info does not) and is cached for the copies. A share
  // that is gone says so in its info: that answer wins over the token's.
  // (A stop asked meanwhile is seen before the first call that changes the drive.)
  const [infoCall, tokenCall] = await Promise.allSettled([session.getShareInfo(data.shareId), session.getShareToken(data.shareId, run.password)]);
  if (infoCall.status === 'rejected') throw infoCall.reason;
  const info = infoCall.value;
  // Kept in memory until the plan is recorded (with the name): an outcome before then names it.
  run.shareName = shareTitle(info) || data.shareId;
  if (tokenCall.status === 'rejected') throw tokenCall.reason;

  const top = new Map(info.file_infos.map((f) => [f.file_id, f]));
  let chosen: ChosenItem[];
  let skipped = 0;
  if (data.fileIds && data.fileIds.length > 0) {
    const dirs = data.fileDirs ?? {};
    chosen = [...new Set(data.fileIds)].map((id) => ({ id, name: top.get(id)?.file_name ?? '', kind: top.get(id)?.type ?? 'file', dir: dirs[id] ?? '' }));
  } else if (hasSkipRules(data.skip)) {
    const tree = await listShareTree(session, data.shareId, run.password, run.signal);
    const kept = keptBySkipRules(tree, data.skip, data.folderId);
    [chosen, skipped] = [kept.items, kept.skipped];
    checkAborted(run);
    if (chosen.length === 0 && skipped > 0) {
      saves.recordPlan(jobId, { shareName: run.shareName, aliyunUserId: run.drive.drive.aliyunUserId, targetFolderId: '', items: [], skipped });
      return { kind: 'saved', shareName: run.shareName, targetPath: data.targetPath, items: 0, files: 0, skipped };
    }
  } else if (data.folderId) {
    const folder = top.get(data.folderId);
    chosen = [{ id: data.folderId, name: folder?.file_name ?? '', kind: 'folder', dir: '' }];
  } else {
    chosen = info.file_infos.map((f) => ({ id: f.file_id, name: f.file_name, kind: f.type, dir: '' }));
  }
  if (chosen.length === 0) return { kind: 'failed', reason: 'not_found', shareName: run.shareName, detail: 'the share is empty' };

  run.target.folderId = row.targetFolderId ?? (await resolveFolder(run, true));
  const items = batched(chosen);
  const rows = saves.recordPlan(jobId, {
    shareName: run.shareName,
    aliyunUserId: run.drive.drive.aliyunUserId,
    targetFolderId: run.target.folderId,
    items,
    skipped,
  });
  run.skipped = skipped;
  run.planned = items;
  // Nothing was planned before this run: every item is a new row.
  if (rows.length === items.length) run.plannedRows = rows;
  return null;
}

/**
 * The target folder's id: from an earlier save into this drive to the same path when
 * `useCache` (no Aliyun call), else found or created by path.
 */
export async function resolveFolder(run: SaveRun, useCache: boolean): Promise<string> {
  const { data } = run;
  if (useCache) {
    const known = run.saves.findKnownTargetFolder(run.drive.drive, data.targetPath);
    if (known) return known;
  }
  // Finding the folder may create it: not for a save stopped meanwhile.
  checkAborted(run);
  try {
    const id = await run.drive.session.ensureFolderPath(run.target.driveId, data.targetPath);
    run.target.verified = true;
    run.saves.rememberTargetFolder(run.drive.drive, data.targetPath, id);
    return id;
  } catch (err) {
    const kind = classifyFailure(err, { passwordGiven: run.password !== '' });
    if (kind === null || kind === 'relogin') throw err;
    throw new SaveFailure('folder_not_found', isAliyunError(err) ? err.code : String(err), { cause: err });
  }
}
