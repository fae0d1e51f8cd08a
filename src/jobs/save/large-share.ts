/**
 * A large share waits a moment before its first copy, so its asker can choose part of it
 * instead (the bot offers its /pick list on the status message): saving a 40 GB season when one
 * episode was wanted is hard to undo, and a folder share is copied in one batch — once it has
 * started there is nothing left to stop. Only saves whose asker can choose (`mayChoose`) wait.
 */
import { collectPages } from '../../api/index.js';
import { SHARE_PAGE_SIZE } from '../follow/share-tree.js';
import { checkAborted, type SaveRun } from './context.js';

/** When a save waits before copying: a share over `bytes`, for `waitMs`. */
export interface LargeShareWait {
  bytes: number;
  waitMs: number;
}

/** Default of {@link LargeShareWait.waitMs}: enough to read the message and tap a button. */
export const DEFAULT_LARGE_SHARE_WAIT_MS = 15_000;

/** Folders listed to size a share at most: sizing must not cost more than a glance. */
export const MAX_FOLDERS_SIZED = 50;

/** How often a waiting save looks for a stop request. */
const STOP_CHECK_MS = 250;

/**
 * The size of the files below `rootId` ('root': the whole share) as listed, once it passes
 * `limit` (the listing stops there) or after at most {@link MAX_FOLDERS_SIZED} folders.
 */
export async function sharedBytes(run: SaveRun, rootId: string, limit: number): Promise<number> {
  const { data, password, signal } = run;
  const folders = [rootId];
  let bytes = 0;
  for (let listed = 0; folders.length > 0 && listed < MAX_FOLDERS_SIZED && bytes <= limit; listed++) {
    const parentFileId = folders.shift() as string;
    const items = await collectPages('adrive/v2/file/list_by_share', (marker) => {
      signal?.throwIfAborted();
      return run.drive.session.listShareFilesPage(data.shareId, password, { parentFileId, marker, limit: SHARE_PAGE_SIZE });
    });
    for (const item of items) {
      if (item.type === 'folder') folders.push(item.file_id);
      else bytes += item.size ?? 0;
    }
  }
  return bytes;
}

/**
 * Just planned: a share over `options.bytes` reports its size (stage `waiting`) and waits
 * `options.waitMs`, ending as `stopped` when the asker stops it meanwhile. Sizing is a courtesy:
 * when the listing fails the save goes on at once.
 */
export async function waitIfLarge(run: SaveRun, options: LargeShareWait | undefined): Promise<void> {
  const { data, log, clock, signal } = run;
  if (!options || !data.mayChoose || (data.fileIds && data.fileIds.length > 0)) return;
  // One file has nothing to choose from: no listing call to size it (the first save stays at its floor).
  const planned = run.planned ?? run.saves.items(run.jobId);
  if (planned.length === 1 && planned[0]!.sourceKind === 'file') return;
  let bytes: number;
  try {
    bytes = await sharedBytes(run, data.folderId ?? 'root', options.bytes);
  } catch (err) {
    if (signal?.aborted) throw err;
    log.warn({ err }, 'could not size the share; saving it without waiting');
    return;
  }
  if (bytes <= options.bytes) return;
  log.info({ bytes, wait_ms: options.waitMs }, 'large share: waiting before copying so the asker may choose');
  run.progress.report({ stage: 'waiting', shareName: run.shareName || data.shareId, bytes, startsInMs: options.waitMs }, true);
  const until = clock.now() + options.waitMs;
  for (let left = options.waitMs; left > 0; left = until - clock.now()) {
    checkAborted(run);
    await clock.sleep(Math.min(STOP_CHECK_MS, left), signal);
  }
  checkAborted(run);
}
