/**
 * The Aliyun Drive wire format, as one set of zod schemas shared by the client (which validates
 * every answer at the boundary) and the simulator (which builds its answers from these types).
 *
 * Shapes follow ../shared/seed-share-api.md (captured from the real service). Objects are loose:
 * the real service adds fields freely, and a client must not break when it does.
 */
import { z } from 'zod';

/** ISO-8601 UTC time with milliseconds; `""` means "never" where an expiration is expected. */
const isoTime = z.string();

// ---------------------------------------------------------------------------------------------
// Errors

/** Error body: `{"code","message","requestId"}`, sometimes `resultCode` and a Chinese `display_message`. */
export const errorBodySchema = z.looseObject({
  code: z.string(),
  message: z.string().optional().default(''),
  requestId: z.string().optional(),
  resultCode: z.string().optional(),
  display_message: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---------------------------------------------------------------------------------------------
// Accounts (auth host)

export const tokenRequestSchema = z.object({
  grant_type: z.literal('refresh_token'),
  refresh_token: z.string().min(1),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number(),
  token_type: z.string(),
  expire_time: isoTime.optional(),
  user_id: z.string(),
  user_name: z.string().optional().default(''),
  nick_name: z.string().optional().default(''),
  default_drive_id: z.string().optional(),
  device_id: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const userInfoSchema = z.looseObject({
  user_id: z.string(),
  nick_name: z.string().optional().default(''),
  user_name: z.string().optional().default(''),
  default_drive_id: z.string(),
  /** Missing on old accounts; only files here can get public share links. */
  resource_drive_id: z.string().optional(),
  backup_drive_id: z.string().optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

export const createSessionRequestSchema = z.object({
  deviceName: z.string(),
  modelName: z.string(),
  pubKey: z.string().regex(/^04[0-9a-f]{128}$/),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

export const createSessionResponseSchema = z.looseObject({
  result: z.boolean(),
  success: z.boolean(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

// ---------------------------------------------------------------------------------------------
// QR login (passport host)

export const qrGenerateResponseSchema = z.looseObject({
  content: z.looseObject({
    success: z.boolean(),
    data: z.looseObject({
      t: z.union([z.number(), z.string()]),
      ck: z.string(),
      codeContent: z.string(),
    }),
  }),
  hasError: z.boolean(),
});
export type QrGenerateResponse = z.infer<typeof qrGenerateResponseSchema>;

export const qrStatusSchema = z.enum(['NEW', 'SCANED', 'CONFIRMED', 'EXPIRED', 'CANCELED']);
export type QrStatus = z.infer<typeof qrStatusSchema>;

export const qrQueryResponseSchema = z.looseObject({
  content: z.looseObject({
    success: z.boolean().optional(),
    data: z.looseObject({
      qrCodeStatus: qrStatusSchema,
      /** base64 of JSON (UTF-8, sometimes GB18030) once CONFIRMED. */
      bizExt: z.string().optional(),
    }),
  }),
  hasError: z.boolean(),
});
export type QrQueryResponse = z.infer<typeof qrQueryResponseSchema>;

/** The decoded `bizExt`: only the refresh token is needed. */
export const qrBizExtSchema = z.looseObject({
  pds_login_result: z.looseObject({
    refreshToken: z.string().min(1),
    accessToken: z.string().optional(),
    userId: z.string().optional(),
    nickName: z.string().optional(),
    defaultDriveId: z.string().optional(),
  }),
});
export type QrBizExt = z.infer<typeof qrBizExtSchema>;

// ---------------------------------------------------------------------------------------------
// Files

export const fileTypeSchema = z.enum(['file', 'folder']);

export const fileItemSchema = z.looseObject({
  drive_id: z.string().optional(),
  share_id: z.string().optional(),
  file_id: z.string(),
  name: z.string(),
  type: fileTypeSchema,
  parent_file_id: z.string(),
  size: z.number().optional(),
  file_extension: z.string().optional(),
  mime_type: z.string().optional(),
  category: z.string().optional(),
  created_at: isoTime.optional(),
  updated_at: isoTime.optional(),
  trashed: z.boolean().optional(),
  status: z.string().optional(),
});
export type FileItem = z.infer<typeof fileItemSchema>;

export const fileListResponseSchema = z.looseObject({
  items: z.array(fileItemSchema),
  /** Empty string on the last page. */
  next_marker: z.string().optional().default(''),
});
export type FileListResponse = z.infer<typeof fileListResponseSchema>;

export const listOwnFilesRequestSchema = z.object({
  drive_id: z.string(),
  parent_file_id: z.string(),
  limit: z.number().int().min(1).max(200).optional(),
  marker: z.string().optional(),
  order_by: z.string().optional(),
  order_direction: z.enum(['ASC', 'DESC']).optional(),
});
export type ListOwnFilesRequest = z.infer<typeof listOwnFilesRequestSchema>;

export const getByPathRequestSchema = z.object({ drive_id: z.string(), file_path: z.string() });
export type GetByPathRequest = z.infer<typeof getByPathRequestSchema>;

export const createWithFoldersRequestSchema = z.object({
  drive_id: z.string(),
  parent_file_id: z.string(),
  name: z.string().min(1),
  type: z.literal('folder'),
  check_name_mode: z.enum(['refuse', 'auto_rename', 'ignore']),
});
export type CreateWithFoldersRequest = z.infer<typeof createWithFoldersRequestSchema>;

export const createWithFoldersResponseSchema = z.looseObject({
  parent_file_id: z.string().optional(),
  type: z.string().optional(),
  file_id: z.string(),
  domain_id: z.string().optional(),
  drive_id: z.string(),
  file_name: z.string().optional(),
  encrypt_mode: z.string().optional(),
  /** true when `refuse` found an existing folder of that name. */
  exist: z.boolean().optional(),
});
export type CreateWithFoldersResponse = z.infer<typeof createWithFoldersResponseSchema>;

export const searchFilesRequestSchema = z.object({
  drive_id: z.string(),
  query: z.string(),
  limit: z.number().int().optional(),
  marker: z.string().optional(),
  order_by: z.string().optional(),
});
export type SearchFilesRequest = z.infer<typeof searchFilesRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Opening a share (anonymous)

export const shareInfoSchema = z.looseObject({
  share_name: z.string().optional().default(''),
  display_name: z.string().optional(),
  share_title: z.string().optional(),
  has_pwd: z.boolean().optional(),
  file_count: z.number().optional(),
  creator_id: z.string().optional(),
  creator_name: z.string().optional(),
  expiration: isoTime.optional().default(''),
  updated_at: isoTime.optional(),
  file_infos: z.array(
    z.looseObject({ type: fileTypeSchema, file_id: z.string(), file_name: z.string() }),
  ),
});
export type ShareInfo = z.infer<typeof shareInfoSchema>;

export const shareTokenRequestSchema = z.object({ share_id: z.string(), share_pwd: z.string() });
export type ShareTokenRequest = z.infer<typeof shareTokenRequestSchema>;

export const shareTokenResponseSchema = z.looseObject({
  share_token: z.string().min(1),
  expire_time: isoTime,
  expires_in: z.number(),
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

// ---------------------------------------------------------------------------------------------
// Copy (batch and single) and async tasks

export const copyBodySchema = z.object({
  share_id: z.string(),
  file_id: z.string(),
  to_drive_id: z.string(),
  to_parent_file_id: z.string(),
  auto_rename: z.boolean().optional(),
  addition_data: z.record(z.string(), z.unknown()).optional(),
});
export type CopyBody = z.infer<typeof copyBodySchema>;

export const batchRequestSchema = z.object({
  resource: z.string(),
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.string(),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1)
    .max(100),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

/** One answer inside a batch: 201 copied, 202 accepted (async), 204 no content, 4xx failed. */
export const batchItemResponseSchema = z.looseObject({
  id: z.string(),
  status: z.number(),
  body: z.record(z.string(), z.unknown()).optional(),
});
export type BatchItemResponse = z.infer<typeof batchItemResponseSchema>;

export const batchResponseSchema = z.looseObject({ responses: z.array(batchItemResponseSchema) });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The body of a 201/202 copy answer (also the single `/adrive/v1/file/copy` answer). */
export const copyResultSchema = z.looseObject({
  domain_id: z.string().optional(),
  drive_id: z.string(),
  file_id: z.string(),
  async_task_id: z.string().optional(),
});
export type CopyResult = z.infer<typeof copyResultSchema>;

export const asyncTaskStateSchema = z.enum(['Running', 'Succeed', 'Failed', 'PartialSucceed']);
export type AsyncTaskState = z.infer<typeof asyncTaskStateSchema>;

export const asyncTaskSchema = z.looseObject({
  async_task_id: z.string(),
  state: asyncTaskStateSchema,
  message: z.string().optional().default(''),
  total_process: z.number().optional().default(0),
  consumed_process: z.number().optional().default(0),
  failed_process: z.number().optional().default(0),
  punished_file_count: z.number().optional().default(0),
});
export type AsyncTask = z.infer<typeof asyncTaskSchema>;

// ---------------------------------------------------------------------------------------------
// One's own share links

export const shareLinkStatusSchema = z.string(); // "enabled", "disabled", "forbidden", …

export const shareLinkSchema = z.looseObject({
  share_id: z.string(),
  share_name: z.string().optional().default(''),
  display_name: z.string().optional(),
  share_msg: z.string().optional(),
  full_share_msg: z.string().optional(),
  share_url: z.string(),
  share_pwd: z.string().optional().default(''),
  description: z.string().optional().default(''),
  /** `""` = never expires. */
  expiration: isoTime.optional().default(''),
  expired: z.boolean().optional().default(false),
  status: shareLinkStatusSchema.optional().default('enabled'),
  creator: z.string().optional(),
  drive_id: z.string().optional(),
  file_id: z.string().optional(),
  file_id_list: z.array(z.string()).optional(),
  preview_count: z.number().optional().default(0),
  save_count: z.number().optional().default(0),
  download_count: z.number().optional().default(0),
  popularity: z.number().optional(),
  created_at: isoTime,
  updated_at: isoTime.optional(),
  first_file: fileItemSchema.optional(),
  album: z.looseObject({ name: z.string(), album_id: z.string() }).optional(),
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
  next_marker: z.string().optional().default(''),
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
  invalid_items: z.array(fileItemSchema).optional().default([]),
});
export type CheckAvailableResponse = z.infer<typeof checkAvailableResponseSchema>;

export const extractCodeResponseSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  data: z.looseObject({ share_id: z.string(), share_pwd: z.string().optional().default('') }).optional(),
});
export type ExtractCodeResponse = z.infer<typeof extractCodeResponseSchema>;

export const downloadUrlResponseSchema = z.looseObject({
  download_url: z.string(),
  url: z.string().optional(),
  thumbnail: z.string().optional(),
});
export type DownloadUrlResponse = z.infer<typeof downloadUrlResponseSchema>;

export const videoPreviewResponseSchema = z.looseObject({
  share_id: z.string(),
  file_id: z.string(),
  video_preview_play_info: z.looseObject({
    category: z.string(),
    meta: z.record(z.string(), z.unknown()).optional(),
    live_transcoding_task_list: z
      .array(z.looseObject({ template_id: z.string(), status: z.string(), url: z.string().optional() }))
      .optional()
      .default([]),
  }),
});
export type VideoPreviewResponse = z.infer<typeof videoPreviewResponseSchema>;

// ---------------------------------------------------------------------------------------------
// added by the simulator: request bodies the simulator validates that had no schema yet

/** `{share_id}`: get_share_by_anonymous, share_link get/cancel/get_share_msg, subscription/update. */
export const shareIdRequestSchema = z.object({ share_id: z.string().min(1) });
export type ShareIdRequest = z.infer<typeof shareIdRequestSchema>;

export const asyncTaskRequestSchema = z.object({ async_task_id: z.string().min(1) });
export type AsyncTaskRequest = z.infer<typeof asyncTaskRequestSchema>;

/** `/v2/file/get`. */
export const getFileRequestSchema = z.object({ drive_id: z.string(), file_id: z.string() });
export type GetFileRequest = z.infer<typeof getFileRequestSchema>;

/** `/adrive/v1/file/copy`: the seed wraps the copy fields in `"body"`; bare fields are accepted too. */
export const singleCopyRequestSchema = z.union([z.object({ body: copyBodySchema }), copyBodySchema]);
export type SingleCopyRequest = z.infer<typeof singleCopyRequestSchema>;

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
