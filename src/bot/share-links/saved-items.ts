/**
 * "🔗 share it" under a save outcome: where the items of the save that the status message
 * shows (`SavesRepo.latestByStatusMessage`) are now in the user's drive — by the ids Aliyun
 * gave the copies, else by name in the target folder (an id was not recorded, e.g. for an old row),
 * else — the copy rows are pruned a while after a save ended — by the save's share name there.
 */
import type { AccountSession } from '../../api/index.js';
import type { CopyItemRow, SaveRow } from '../../db/saves.repo.js';
import type { DriveItem } from './share-ops.js';

/** States of a copy item whose copy exists in the drive. */
const COPIED_STATES: ReadonlySet<CopyItemRow['state']> = new Set(['copied', 'accepted', 'done']);

/** The saved items in the drive `driveId` (empty when none can be found any more). */
export async function resolveSavedItems(
  session: AccountSession,
  driveId: string,
  save: Pick<SaveRow, 'targetFolderId' | 'targetPath' | 'shareName'>,
  items: readonly CopyItemRow[],
): Promise<DriveItem[]> {
  if (items.length === 0) return findByShareName(session, driveId, save);
  const copied = items.filter((item) => COPIED_STATES.has(item.state));
  const found: DriveItem[] = copied.flatMap((item) =>
    item.resultFileId ? [{ fileId: item.resultFileId, name: item.sourceName || item.resultFileId, type: item.sourceKind, driveId }] : [],
  );
  const wanted = new Set(copied.filter((item) => !item.resultFileId && item.sourceName).map((item) => item.sourceName));
  if (wanted.size === 0) return found;

  const folderId = await targetFolderId(session, driveId, save);
  if (!folderId) return found;
  for (const entry of await session.listAllFiles(driveId, folderId)) {
    if (wanted.delete(entry.name)) found.push({ fileId: entry.file_id, name: entry.name, type: entry.type, driveId });
  }
  return found;
}

/** The target folder's id: recorded, else looked up by its path. */
async function targetFolderId(
  session: AccountSession,
  driveId: string,
  save: Pick<SaveRow, 'targetFolderId' | 'targetPath'>,
): Promise<string | undefined> {
  return save.targetFolderId ?? (save.targetPath ? (await session.getByPath(driveId, save.targetPath))?.file_id : undefined);
}

/**
 * No copy rows left: a save puts the share's top item (a folder named like the share, or the
 * single file of a one-file share) into the target folder, so the entry of that name is it.
 */
async function findByShareName(
  session: AccountSession,
  driveId: string,
  save: Pick<SaveRow, 'targetFolderId' | 'targetPath' | 'shareName'>,
): Promise<DriveItem[]> {
  const name = save.shareName?.trim();
  if (!name) return [];
  const folderId = await targetFolderId(session, driveId, save);
  if (!folderId) return [];
  const entry = (await session.listAllFiles(driveId, folderId)).find((candidate) => candidate.name === name);
  return entry ? [{ fileId: entry.file_id, name: entry.name, type: entry.type, driveId }] : [];
}
