/** One's own share links, and reading files through a share link. */
import { z } from 'zod';
import { fileItemSchema } from './files.js';
import { isoTime, maybe, orElse, num, id } from './fields.js';

export const shareLinkStatusSchema = z.string(); // "enabled", "disabled", "forbidden", …

export const shareLinkSchema = z.looseObject({
  share_id: z.string().min(1),
  share_name: orElse(z.string(), ''),
  display_name: maybe(z.string()),
  share_msg: maybe(z.string()),
  full_share_msg: maybe(z.string()),
  share_url: orElse(z.string(), ''),
  share_pwd: orElse(z.string(), ''),
  description: orElse(z.string(), ''),
  /** `""` = never expires. */
  expiration: orElse(isoTime, ''),
  expired: orElse(z.boolean(), false),
  status: orElse(shareLinkStatusSchema, 'enabled'),
  creator: maybe(z.string()),
  drive_id: maybe(id),
  file_id: maybe(z.string()),
  file_id_list: maybe(z.array(z.string())),
  preview_count: orElse(num, 0),
  save_count: orElse(num, 0),
  download_count: orElse(num, 0),
  popularity: maybe(num),
  created_at: orElse(isoTime, ''),
  updated_at: maybe(isoTime),
  first_file: maybe(fileItemSchema),
  album: maybe(z.looseObject({ name: orElse(z.string(), ''), album_id: z.string() })),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;

export const shareLinkListRequestSchema = z.object({
  creator: z.string(),
  include_canceled: z.boolean().optional(),
  category: z.string().optional(),
  order_by: z.string().optional(),
  order_direction: z.enum(['ASC', 'DESC']).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  marker: z.string().optional(),
});
export type ShareLinkListRequest = z.infer<typeof shareLinkListRequestSchema>;

export const shareLinkListResponseSchema = z.looseObject({
  items: z.array(shareLinkSchema),
  next_marker: orElse(z.string(), ''),
});
export type ShareLinkListResponse = z.infer<typeof shareLinkListResponseSchema>;

export const shareMsgResponseSchema = z.looseObject({
  full_share_msg: z.string(),
  share_url: z.string(),
});
export type ShareMsgResponse = z.infer<typeof shareMsgResponseSchema>;

export const shareLinkUpdateRequestSchema = z.object({
  share_id: z.string(),
  expiration: z.string().optional(),
  share_pwd: z.string().optional(),
  share_name: z.string().optional(),
  description: z.string().optional(),
});
export type ShareLinkUpdateRequest = z.infer<typeof shareLinkUpdateRequestSchema>;

export const shareLinkCreateRequestSchema = z.object({
  drive_id: z.string(),
  file_id_list: z.array(z.string()).min(1),
  share_pwd: z.string().optional(),
  expiration: z.string().optional(),
});
export type ShareLinkCreateRequest = z.infer<typeof shareLinkCreateRequestSchema>;

export const checkAvailableRequestSchema = z.object({
  drive_file_list: z.array(z.object({ drive_id: z.string(), file_id: z.string() })).min(1),
});
export type CheckAvailableRequest = z.infer<typeof checkAvailableRequestSchema>;

export const checkAvailableResponseSchema = z.looseObject({
  invalid_items: orElse(z.array(fileItemSchema), []),
});
export type CheckAvailableResponse = z.infer<typeof checkAvailableResponseSchema>;

export const extractCodeResponseSchema = z.looseObject({
  code: id,
  message: maybe(z.string()),
  data: maybe(z.looseObject({ share_id: z.string(), share_pwd: orElse(z.string(), '') })),
});
export type ExtractCodeResponse = z.infer<typeof extractCodeResponseSchema>;

export const downloadUrlResponseSchema = z.looseObject({
  download_url: z.string(),
  url: maybe(z.string()),
  thumbnail: maybe(z.string()),
});
export type DownloadUrlResponse = z.infer<typeof downloadUrlResponseSchema>;

export const videoPreviewResponseSchema = z.looseObject({
  share_id: maybe(z.string()),
  file_id: maybe(z.string()),
  video_preview_play_info: z.looseObject({
    category: maybe(z.string()),
    meta: maybe(z.record(z.string(), z.unknown())),
    live_transcoding_task_list: orElse(
      z.array(z.looseObject({ template_id: z.string(), status: orElse(z.string(), ''), url: maybe(z.string()) })),
      [],
    ),
  }),
});
export type VideoPreviewResponse = z.infer<typeof videoPreviewResponseSchema>;

export const extractCodeRequestSchema = z.object({ content: z.string() });
export type ExtractCodeRequest = z.infer<typeof extractCodeRequestSchema>;

/** `/v2/file/get_share_link_download_url` and `/v2/file/get_share_link_video_preview_play_info`. */
export const shareFileRequestSchema = z.object({
  share_id: z.string(),
  file_id: z.string(),
  drive_id: z.string().optional(),
  expire_sec: z.number().optional(),
  category: z.string().optional(),
  template_id: z.string().optional(),
  get_preview_url: z.boolean().optional(),
});
export type ShareFileRequest = z.infer<typeof shareFileRequestSchema>;
