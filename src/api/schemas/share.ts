/** Opening a share (anonymous, then with a share token). */
import { z } from 'zod';
import { fileTypeSchema } from './files.js';
import { isoTime, maybe, orElse, num } from './fields.js';

export const shareInfoSchema = z.looseObject({
  share_name: orElse(z.string(), ''),
  display_name: maybe(z.string()),
  share_title: maybe(z.string()),
  has_pwd: maybe(z.boolean()),
  file_count: maybe(num),
  creator_id: maybe(z.string()),
  creator_name: maybe(z.string()),
  expiration: orElse(isoTime, ''),
  updated_at: maybe(isoTime),
  /** The share's top-level items: what is saved. Missing is a changed service, not an empty share. */
  file_infos: z.array(z.looseObject({ type: fileTypeSchema, file_id: z.string(), file_name: orElse(z.string(), '') })),
});
export type ShareInfo = z.infer<typeof shareInfoSchema>;

export const shareTokenRequestSchema = z.object({ share_id: z.string(), share_pwd: z.string() });
export type ShareTokenRequest = z.infer<typeof shareTokenRequestSchema>;

export const shareTokenResponseSchema = z.looseObject({
  share_token: z.string().min(1),
  expire_time: maybe(isoTime),
  expires_in: orElse(num, 7200),
});
export type ShareTokenResponse = z.infer<typeof shareTokenResponseSchema>;

export const listShareFilesRequestSchema = z.object({
  share_id: z.string(),
  parent_file_id: z.string(),
  limit: z.number().int().min(1).max(200).optional(),
  order_by: z.string().optional(),
  order_direction: z.enum(['ASC', 'DESC']).optional(),
  marker: z.string().optional(),
});
export type ListShareFilesRequest = z.infer<typeof listShareFilesRequestSchema>;

/** `{share_id}`: get_share_by_anonymous, share_link get/cancel/get_share_msg, subscription/update. */
export const shareIdRequestSchema = z.object({ share_id: z.string().min(1) });
export type ShareIdRequest = z.infer<typeof shareIdRequestSchema>;
