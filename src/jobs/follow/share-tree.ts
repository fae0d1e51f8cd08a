/**
 * A share's whole tree, listed anonymously (share token + `list_by_share`, every page of every
 * folder), parents before children. One listing serves every follower of the share.
 */
import { collectPages, type AliyunClient } from '../../api/index.js';
import { UNPACED, type ListingPace } from './list-pace.js';

/** One item of a share, with the path of its folder inside the share (`''` at the top). */
export interface ShareEntry {
  fileId: string;
  name: string;
  kind: 'file' | 'folder';
  /** Folder path inside the share, `/`-joined names; `''` for the share's top level. */
  dir: string;
  size: number;
}

/** Folders listed per check at most: a runaway share cannot keep a worker forever. */
export const MAX_FOLDERS_PER_CHECK = 2_000;

export function relPathOf(entry: Pick<ShareEntry, 'dir' | 'name'>): string {
  return entry.dir === '' ? entry.name : `${entry.dir}/${entry.name}`;
}

/** Items per `list_by_share` page (the most Aliyun gives). */
export const SHARE_PAGE_SIZE = 200;

/** Every page of every folder, each page paced by `pace` (one anonymous call each). */
export async function listShareTree(
  client: Pick<AliyunClient, 'listShareFilesPage'>,
  shareId: string,
  password: string,
  signal?: AbortSignal,
  pace: ListingPace = UNPACED,
): Promise<ShareEntry[]> {
  const entries: ShareEntry[] = [];
  const folders: Array<{ id: string; path: string }> = [{ id: 'root', path: '' }];
  for (let listed = 0; folders.length > 0 && listed < MAX_FOLDERS_PER_CHECK; listed++) {
    signal?.throwIfAborted();
    const folder = folders.shift() as { id: string; path: string };
    const items = await collectPages('adrive/v2/file/list_by_share', async (marker) => {
      await pace.take();
      signal?.throwIfAborted();
      return client.listShareFilesPage(shareId, password, { parentFileId: folder.id, marker, limit: SHARE_PAGE_SIZE });
    });
    for (const item of items) {
      const entry: ShareEntry = { fileId: item.file_id, name: item.name, kind: item.type, dir: folder.path, size: item.size ?? 0 };
      entries.push(entry);
      if (item.type === 'folder') folders.push({ id: item.file_id, path: relPathOf(entry) });
    }
  }
  return entries;
}

/** The folder part of a path inside the share (`''` at the top). */
export function dirOf(relPath: string): string {
  const slash = relPath.lastIndexOf('/');
  return slash < 0 ? '' : relPath.slice(0, slash);
}

/** The last name of a path inside the share. */
export function baseName(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}

/** `dir` (a path inside the share) below the drive folder `root`. */
export function joinPath(root: string, dir: string): string {
  if (dir === '') return root;
  return `${root.replace(/\/+$/, '')}/${dir}`;
}
