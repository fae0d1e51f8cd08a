/**
 * Managing one's own share links, plus the seed's other logged-in share calls.
 */
import { z } from 'zod';
import {
  checkAvailableResponseSchema,
  downloadUrlResponseSchema,
  extractCodeResponseSchema,
  shareLinkListResponseSchema,
  shareLinkSchema,
  shareMsgResponseSchema,
  videoPreviewResponseSchema,
  type DownloadUrlResponse,
  type FileItem,
  type ShareLink,
  type ShareLinkListResponse,
  type ShareMsgResponse,
  type VideoPreviewResponse,
} from './schemas.js';
import { withShareToken, type ShareTokenSource } from './share.js';
import { collectPages } from './listing.js';
import type { Caller } from './transport.js';

/** Paging for the share-link list. */
export interface ShareLinkListOptions {
  marker?: string;
  /** 1–100; default 100. */
  limit?: number;
  includeCanceled?: boolean;
}

/** One page of the account's share links, newest first. */
export function listShareLinks(call: Caller, creator: string, options: ShareLinkListOptions = {}): Promise<ShareLinkListResponse> {
  return call({
    path: 'adrive/v3/share_link/list',
    body: {
      creator,
      include_canceled: options.includeCanceled ?? false,
      category: 'file,album',
      order_by: 'created_at',
      order_direction: 'DESC',
      limit: options.limit ?? 100,
      marker: options.marker ?? '',
    },
    schema: shareLinkListResponseSchema,
  });
}

/** Every share link of the account (at most `MAX_LISTING_PAGES` pages). */
export function listAllShareLinks(
  call: Caller,
  creator: string,
  options: Omit<ShareLinkListOptions, 'marker'> = {},
): Promise<ShareLink[]> {
  return collectPages('adrive/v3/share_link/list', (marker) => listShareLinks(call, creator, { ...options, marker }));
}

/** One of the account's share links. */
export function getShareLink(call: Caller, shareId: string): Promise<ShareLink> {
  return call({ path: 'adrive/v2/share_link/get', body: { share_id: shareId }, schema: shareLinkSchema });
}

/** The text to paste for a share link. */
export function getShareMsg(call: Caller, shareId: string): Promise<ShareMsgResponse> {
  return call({ path: 'adrive/v2/share_link/get_share_msg', body: { share_id: shareId }, schema: shareMsgResponseSchema });
}

/** What can change on a share link; unset fields stay as they are. */
export interface ShareLinkUpdate {
  shareId: string;
  /** ISO time, or `""` for never. */
  expiration?: string;
  /** `""` or 4 characters. */
  password?: string;
  name?: string;
  description?: string;
}

/** Changes a share link and answers with its new state. */
export function updateShareLink(call: Caller, update: ShareLinkUpdate): Promise<ShareLink> {
  const body: Record<string, unknown> = { share_id: update.shareId };
  if (update.expiration !== undefined) body.expiration = update.expiration;
  if (update.password !== undefined) body.share_pwd = update.password;
  if (update.name !== undefined) body.share_name = update.name;
  if (update.description !== undefined) body.description = update.description;
  return call({ path: 'adrive/v2/share_link/update', body, schema: shareLinkSchema });
}

/** Cancels a share link (the answer is an empty 200). */
export function cancelShareLink(call: Caller, shareId: string): Promise<void> {
  return call({ path: 'adrive/v2/share_link/cancel', body: { share_id: shareId }, schema: null });
}

/** A new share link. */
export interface ShareLinkCreate {
  driveId: string;
  fileIds: readonly string[];
  /** `""` (default) or 4 characters. */
  password?: string;
  /** ISO time at least ~2 min ahead, or `""` (default) for never. */
  expiration?: string;
}

/** Creates a share link; answers with `share_url` and `full_share_msg`. */
export function createShareLink(call: Caller, input: ShareLinkCreate): Promise<ShareLink> {
  return call({
    path: 'adrive/v2/share_link/create',
    body: {
      drive_id: input.driveId,
      file_id_list: [...input.fileIds],
      share_pwd: input.password ?? '',
      expiration: input.expiration ?? '',
    },
    schema: shareLinkSchema,
    // A resend after a timeout could create a second link.
    idempotent: false,
  });
}

/** The files among `fileIds` that cannot be shared (empty = all can). */
export async function checkAvailable(call: Caller, driveId: string, fileIds: readonly string[]): Promise<FileItem[]> {
  const answer = await call({
    path: 'adrive/v2/share_link/check_available',
    body: { drive_file_list: fileIds.map((fileId) => ({ drive_id: driveId, file_id: fileId })) },
    schema: checkAvailableResponseSchema,
  });
  return answer.invalid_items;
}

/** Aliyun's own parser for canonical share text; null when it finds no share. */
export async function extractCode(call: Caller, text: string): Promise<{ shareId: string; password: string } | null> {
  const answer = await call({ path: 'adrive/v2/share_link/extract_code', body: { content: text }, schema: extractCodeResponseSchema });
  if (answer.code !== '200' || !answer.data?.share_id) return null;
  return { shareId: answer.data.share_id, password: answer.data.share_pwd };
}

/** Marks a subscribed share as seen. */
export async function subscriptionUpdate(call: Caller, shareId: string): Promise<void> {
  await call({
    path: 'adrive/v1/share_link/subscription/update',
    body: { share_id: shareId, update_last_seen: true },
    schema: z.unknown(),
  });
}

/** A file inside a share, for the download and preview calls. */
export interface ShareFileRef {
  shareId: string;
  password?: string;
  fileId: string;
  /** The share's drive id, when known (the web client sends it). */
  driveId?: string;
}

function shareFileBody(ref: ShareFileRef): Record<string, unknown> {
  return { share_id: ref.shareId, file_id: ref.fileId, ...(ref.driveId !== undefined ? { drive_id: ref.driveId } : {}) };
}

/**
 * A download URL for a file inside a share. Answered 429 `ParamFlowException` by the real
 * service since 2024; saving first and downloading from one's own drive is what works.
 */
export function getShareDownloadUrl(
  call: Caller,
  tokens: ShareTokenSource,
  ref: ShareFileRef & { expireSec?: number },
): Promise<DownloadUrlResponse> {
  return withShareToken(tokens, (token) =>
    call({
      path: 'v2/file/get_share_link_download_url',
      headers: { 'x-share-token': token },
      body: { ...shareFileBody(ref), expire_sec: ref.expireSec ?? 600 },
      schema: downloadUrlResponseSchema,
    }),
  );
}

/** Video preview (transcoded streams) for a file inside a share. */
export function getShareVideoPreview(call: Caller, tokens: ShareTokenSource, ref: ShareFileRef): Promise<VideoPreviewResponse> {
  return withShareToken(tokens, (token) =>
    call({
      path: 'v2/file/get_share_link_video_preview_play_info',
      headers: { 'x-share-token': token },
      body: { ...shareFileBody(ref), category: 'live_transcoding', template_id: '', get_preview_url: true },
      schema: videoPreviewResponseSchema,
    }),
  );
}
