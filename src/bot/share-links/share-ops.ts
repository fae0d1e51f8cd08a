/**
 * The Aliyun side of /share, as small functions of a session that return plain data (they
 * run inside `conversation.external`, whose results are stored as JSON).
 */
import type { AccountSession, FileItem } from '../../api/index.js';

/** A file or folder of the user's drive, as the share flow carries it. */
export interface DriveItem {
  fileId: string;
  name: string;
  type: 'file' | 'folder';
  driveId: string;
}

/** The drives that matter: where links can be made, and the backup drive if it is another one. */
export interface ShareDrives {
  /** The resource drive (the default drive on old accounts without one). */
  shareDriveId: string;
  /** The backup drive, whose files cannot get links; absent when it is the same drive. */
  backupDriveId?: string;
}

/** One page of a folder. */
export interface FolderPage {
  items: DriveItem[];
  /** `""` on the last page. */
  nextMarker: string;
}

/** Items per page of the folder browser. */
export const BROWSE_PAGE_SIZE = 8;

function driveItemOf(item: FileItem, driveId: string): DriveItem {
  return { fileId: item.file_id, name: item.name, type: item.type, driveId: item.drive_id ?? driveId };
}

/** The account's drives, for sharing. */
export async function shareDrives(session: AccountSession): Promise<ShareDrives> {
  const drives = await session.driveIds();
  const shareDriveId = await session.targetDriveId();
  const backup = drives.backup || drives.default;
  return backup && backup !== shareDriveId ? { shareDriveId, backupDriveId: backup } : { shareDriveId };
}

/** A page of a folder of the share drive. */
export async function listFolderPage(session: AccountSession, driveId: string, folderId: string, marker: string): Promise<FolderPage> {
  const page = await session.listFiles(driveId, folderId, { marker, limit: BROWSE_PAGE_SIZE });
  return { items: page.items.map((item) => driveItemOf(item, driveId)), nextMarker: page.next_marker };
}

/** Up to 50 items whose name matches, in the share drive; plus how many match in the backup drive. */
export async function searchDrives(session: AccountSession, drives: ShareDrives, query: string): Promise<{ items: DriveItem[]; inBackup: number }> {
  const found = await session.searchFiles(drives.shareDriveId, query, 50);
  const items = found.map((item) => driveItemOf(item, drives.shareDriveId));
  // Only worth a second search when the user would otherwise see nothing.
  const inBackup = items.length === 0 && drives.backupDriveId ? (await session.searchFiles(drives.backupDriveId, query, 20)).length : 0;
  return { items, inBackup };
}

/** The item at a path of the share drive, or where else it is. */
export async function findByPath(
  session: AccountSession,
  drives: ShareDrives,
  path: string,
): Promise<{ found: DriveItem } | { inBackup: true } | { missing: true }> {
  const item = await session.getByPath(drives.shareDriveId, path);
  if (item) return { found: driveItemOf(item, drives.shareDriveId) };
  if (drives.backupDriveId && (await session.getByPath(drives.backupDriveId, path))) return { inBackup: true };
  return { missing: true };
}

/** The ids among `items` that Aliyun will not share (check_available), per drive. */
export async function unshareableIds(session: AccountSession, items: readonly DriveItem[]): Promise<string[]> {
  const byDrive = new Map<string, string[]>();
  for (const item of items) byDrive.set(item.driveId, [...(byDrive.get(item.driveId) ?? []), item.fileId]);
  const refused: string[] = [];
  for (const [driveId, fileIds] of byDrive) {
    for (const invalid of await session.checkAvailable(driveId, fileIds)) refused.push(invalid.file_id);
  }
  return refused;
}

/** Why Aliyun refuses an item, as far as we can tell: the drive it is in, or its type. */
export type RefusalReason = 'backup' | 'type' | 'other';

/** Pure: the likely reason for a refused item. */
export function refusalReason(item: DriveItem, drives: ShareDrives): RefusalReason {
  if (item.driveId !== drives.shareDriveId) return 'backup';
  return item.type === 'file' ? 'type' : 'other';
}

/** What the user chose for the new link. */
export interface LinkOptions {
  /** 0 = never expires. */
  days: number;
  /** `""` = none. */
  password: string;
}

/** The new link, as the chat shows it. */
export interface CreatedLink {
  shareId: string;
  url: string;
  /** The text to paste, as Aliyun writes it. */
  text: string;
}

const DAY = 24 * 60 * 60_000;

/** Creates the link (expiry counted from now). */
export async function createLink(session: AccountSession, items: readonly DriveItem[], options: LinkOptions): Promise<CreatedLink> {
  const driveId = items[0]?.driveId ?? (await session.targetDriveId());
  const link = await session.createShareLink({
    driveId,
    fileIds: items.map((item) => item.fileId),
    password: options.password,
    expiration: options.days > 0 ? new Date(Date.now() + options.days * DAY).toISOString() : '',
  });
  const text = link.full_share_msg ?? (await session.getShareMsg(link.share_id)).full_share_msg;
  return { shareId: link.share_id, url: link.share_url, text };
}
