/**
 * Opening a share: its info, its share token (cached), and listing inside it. Anonymous calls;
 * the caller decides whether they are paced through an account.
 */
import { isShareTokenInvalid } from './errors.js';
import {
  fileListResponseSchema,
  shareInfoSchema,
  shareTokenResponseSchema,
  type FileItem,
  type FileListResponse,
  type ShareInfo,
  type ShareTokenResponse,
} from './schemas.js';
import { collectPages } from './listing.js';
import type { Caller } from './transport.js';

/** Share info (v2): name, file count, top-level items. Does not check the password. */
export function fetchShareInfo(call: Caller, shareId: string): Promise<ShareInfo> {
  return call({ path: 'adrive/v2/share_link/get_share_by_anonymous', body: { share_id: shareId }, schema: shareInfoSchema });
}

/** Share info (v3): adds `share_title` and `has_pwd`. */
export function fetchShareInfoV3(call: Caller, shareId: string): Promise<ShareInfo> {
  return call({
    path: 'adrive/v3/share_link/get_share_by_anonymous',
    query: { share_id: shareId },
    body: { share_id: shareId },
    schema: shareInfoSchema,
  });
}

/** A fresh share token; a wrong or missing password fails with `InvalidResource.SharePwd`. */
export function fetchShareToken(call: Caller, shareId: string, password: string): Promise<ShareTokenResponse> {
  return call({
    path: 'v2/share_link/get_share_token',
    body: { share_id: shareId, share_pwd: password },
    schema: shareTokenResponseSchema,
  });
}

/** Paging inside a share. */
export interface SharePageOptions {
  parentFileId?: string;
  marker?: string;
  /** 1–200; default 100. */
  limit?: number;
}

/** One page of a share folder. */
export function fetchShareFilesPage(
  call: Caller,
  shareId: string,
  shareToken: string,
  options: SharePageOptions = {},
): Promise<FileListResponse> {
  return call({
    path: 'adrive/v2/file/list_by_share',
    headers: { 'x-share-token': shareToken },
    body: {
      share_id: shareId,
      parent_file_id: options.parentFileId ?? 'root',
      limit: options.limit ?? 100,
      order_by: 'name',
      order_direction: 'ASC',
      marker: options.marker ?? '',
    },
    schema: fileListResponseSchema,
  });
}

/** Gets (possibly cached) and forgets share tokens of one share. */
export interface ShareTokenSource {
  token(): Promise<string>;
  /** Drops the cached token after `ShareLinkTokenInvalid`. */
  invalidate(token: string): void;
}

/**
 * Runs `work` with a share token; on `ShareLinkTokenInvalid` fetches a new token and runs it
 * once more.
 */
export async function withShareToken<T>(source: ShareTokenSource, work: (token: string) => Promise<T>): Promise<T> {
  const token = await source.token();
  try {
    return await work(token);
  } catch (err) {
    if (!isShareTokenInvalid(err)) throw err;
    source.invalidate(token);
    return work(await source.token());
  }
}

/** Every item of a share folder, following `next_marker` to the end (at most `MAX_LISTING_PAGES` pages). */
export function fetchAllShareFiles(
  call: Caller,
  shareId: string,
  tokens: ShareTokenSource,
  parentFileId = 'root',
): Promise<FileItem[]> {
  return collectPages('adrive/v2/file/list_by_share', (marker) =>
    withShareToken(tokens, (token) => fetchShareFilesPage(call, shareId, token, { parentFileId, marker, limit: 200 })),
  );
}
