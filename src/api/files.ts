/**
 * The user's own files: listing, lookup by path, folders, search.
 */
import { AliyunError, isFileNotFound } from './errors.js';
import {
  createWithFoldersResponseSchema,
  fileItemSchema,
  fileListResponseSchema,
  type CreateWithFoldersResponse,
  type FileItem,
  type FileListResponse,
} from './schemas.js';
import { collectPages } from './listing.js';
import type { Caller } from './transport.js';

/** Paging for own-file listings. */
export interface PageOptions {
  marker?: string;
  /** 1–200; default 100. */
  limit?: number;
}

/** One page of a folder. */
export function listFiles(call: Caller, driveId: string, parentFileId: string, page: PageOptions = {}): Promise<FileListResponse> {
  return call({
    path: 'adrive/v3/file/list',
    body: { drive_id: driveId, parent_file_id: parentFileId, limit: page.limit ?? 100, marker: page.marker ?? '' },
    schema: fileListResponseSchema,
  });
}

/** Every item of a folder, following `next_marker` to the end (at most `MAX_LISTING_PAGES` pages). */
export function listAllFiles(call: Caller, driveId: string, parentFileId: string): Promise<FileItem[]> {
  return collectPages('adrive/v3/file/list', (marker) => listFiles(call, driveId, parentFileId, { marker, limit: 200 }));
}

/** The file or folder at `path` (e.g. `/a/b`), or null when there is none. */
export async function getByPath(call: Caller, driveId: string, path: string): Promise<FileItem | null> {
  try {
    return await call({
      path: 'v2/file/get_by_path',
      body: { drive_id: driveId, file_path: path },
      schema: fileItemSchema,
    });
  } catch (err) {
    if (isFileNotFound(err)) return null;
    throw err;
  }
}

/** Creates a folder, or answers with the existing one of that name (`check_name_mode: refuse`). */
export function createFolder(call: Caller, driveId: string, parentFileId: string, name: string): Promise<CreateWithFoldersResponse> {
  return call({
    path: 'adrive/v2/file/createWithFolders',
    body: { drive_id: driveId, parent_file_id: parentFileId, name, type: 'folder', check_name_mode: 'refuse' },
    schema: createWithFoldersResponseSchema,
  });
}

/**
 * Renames a file or folder: `POST /v3/file/update` (the call aligo and alist make), answering
 * with the file as it is now. A taken name is refused (409 `AlreadyExist.File`), never `name(1)`.
 */
export function renameFile(call: Caller, driveId: string, fileId: string, name: string): Promise<FileItem> {
  return call({
    path: 'v3/file/update',
    body: { drive_id: driveId, file_id: fileId, name, check_name_mode: 'refuse' },
    schema: fileItemSchema,
  });
}

/** The segments of a folder path; `/` and `""` are the root. */
export function folderSegments(path: string): string[] {
  return path
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '');
}

/** The id of the folder at `path`, creating missing folders on the way; `/` is `"root"`. */
export async function ensureFolderPath(call: Caller, driveId: string, path: string): Promise<string> {
  const segments = folderSegments(path);
  if (segments.length === 0) return 'root';
  const notAFolder = (where: string): AliyunError =>
    new AliyunError({ status: 409, code: 'AlreadyExist.File', message: `"${where}" is a file, not a folder`, endpoint: 'adrive/v2/file/createWithFolders', retryable: false });
  const fullPath = `/${segments.join('/')}`;
  const existing = await getByPath(call, driveId, fullPath);
  if (existing) {
    if (existing.type !== 'folder') throw notAFolder(fullPath);
    return existing.file_id;
  }
  let parentId = 'root';
  for (const [index, segment] of segments.entries()) {
    const folder = await createFolder(call, driveId, parentId, segment);
    if (folder.type === 'file') throw notAFolder(`/${segments.slice(0, index + 1).join('/')}`);
    parentId = folder.file_id;
  }
  return parentId;
}

/** The search query for an exact-ish name match, with quotes and backslashes escaped. */
export function nameMatchQuery(name: string): string {
  return `name match "${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Files whose name matches `name` (first page, up to `limit`). */
export async function searchFiles(call: Caller, driveId: string, name: string, limit = 100): Promise<FileItem[]> {
  const page = await call({
    path: 'adrive/v3/file/search',
    body: { drive_id: driveId, query: nameMatchQuery(name), limit },
    schema: fileListResponseSchema,
  });
  return page.items;
}
