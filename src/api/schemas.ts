/**
 * The Aliyun Drive wire format, as zod schemas: request bodies (which the simulator also
 * validates) and the answers the client reads.
 *
 * Answers are read tolerantly, because the real service answers with `null` for fields it has
 * nothing for (`"code": null` on a successful create_session, `"requestId": null` on auth-host
 * errors, `"body": null` on a 204 batch item), adds fields at will and has changed shapes over
 * the years (../shared/aliyun-real-responses.json). So: only the fields the code uses are
 * checked, `null` reads as "absent" everywhere, objects are loose, and numbers may come as
 * strings. An answer that still fails is a real change of the service (see `BadResponse`).
 */
import { z } from 'zod';

/** ISO-8601 UTC time with milliseconds; `""` means "never" where an expiration is expected. */
const isoTime = z.string();

/** A field the service may leave out or send as `null`: both read as `undefined`. */
function maybe<S extends z.ZodType>(schema: S) {
  return schema
    .nullish()
    .transform((value): z.output<S> | undefined => value ?? undefined)
    .optional();
}

/** A field the service may leave out or send as `null`, read as `fallback` then. */
function orElse<S extends z.ZodType>(schema: S, fallback: z.output<S>) {
  return schema.nullish().transform((value): z.output<S> => value ?? fallback);
}

/** A number, also when sent as a numeric string (some clients have seen `"size": "123"`). */
const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** An id: a string, also when sent as a number. */
const id = z.union([z.string(), z.number().transform(String)]);

// ---------------------------------------------------------------------------------------------
// Errors

/** Error body: `{"code","message","requestId"}`; `message`/`requestId` may be null or missing. */
export const errorBodySchema = z.looseObject({
  code: z.string().min(1),
  message: orElse(z.string(), ''),
  requestId: maybe(z.string()),
  resultCode: maybe(z.string()),
  display_message: maybe(z.string()),
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
  expires_in: orElse(num, 7200),
  token_type: maybe(z.string()),
  expire_time: maybe(isoTime),
  user_id: z.string().min(1),
  user_name: orElse(z.string(), ''),
  nick_name: orElse(z.string(), ''),
  default_drive_id: maybe(id),
  device_id: maybe(z.string()),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/**
 * `/v2/user/get`. On the user host it names the drives; on the API host it reportedly names none
 * since mid-2025, so every drive id is optional.
 */
export const userInfoSchema = z.looseObject({
  user_id: maybe(z.string()),
  nick_name: orElse(z.string(), ''),
  user_name: orElse(z.string(), ''),
  default_drive_id: maybe(id),
  /** Missing on old accounts; only files here can get public share links. */
  resource_drive_id: maybe(id),
  backup_drive_id: maybe(id),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

export const createSessionRequestSchema = z.object({
  deviceName: z.string(),
  modelName: z.string(),
  pubKey: z.string().regex(/^04[0-9a-f]{128}$/),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

/** `{"result":true,"success":true,"code":null,"message":null}`; `result:false` = too many devices. */
export const createSessionResponseSchema = z.looseObject({
  result: maybe(z.boolean()),
  success: maybe(z.boolean()),
  code: maybe(z.string()),
  message: maybe(z.string()),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>;

// ---------------------------------------------------------------------------------------------
// QR login (passport host)

export const qrGenerateResponseSchema = z.looseObject({
  content: z.looseObject({
    success: maybe(z.boolean()),
    data: z.looseObject({
      t: id,
      ck: z.string(),
      codeContent: z.string(),
    }),
  }),
  hasError: orElse(z.boolean(), false),
});
export type QrGenerateResponse = z.infer<typeof qrGenerateResponseSchema>;

export const qrStatusSchema = z.enum(['NEW', 'SCANED', 'CONFIRMED', 'EXPIRED', 'CANCELED']);
export type QrStatus = z.infer<typeof qrStatusSchema>;

export const qrQueryResponseSchema = z.looseObject({
  content: z.looseObject({
    success: maybe(z.boolean()),
    data: z.looseObject({
      /** Unknown statuses read as `NEW` (still waiting) rather than as a broken answer. */
      qrCodeStatus: z.string().transform((status): QrStatus => {
        const known = qrStatusSchema.safeParse(status.toUpperCase());
        return known.success ? known.data : 'NEW';
      }),
      /** base64 of JSON (UTF-8, sometimes GB18030) once CONFIRMED. */
      bizExt: maybe(z.string()),
    }),
  }),
  hasError: orElse(z.boolean(), false),
});
export type QrQueryResponse = z.infer<typeof qrQueryResponseSchema>;

/** The decoded `bizExt`: only the refresh token is needed. */
export const qrBizExtSchema = z.looseObject({
  pds_login_result: z.looseObject({
    refreshToken: z.string().min(1),
    accessToken: maybe(z.string()),
    userId: maybe(z.string()),
    nickName: maybe(z.string()),
    defaultDriveId: maybe(id),
  }),
});
export type QrBizExt = z.infer<typeof qrBizExtSchema>;

// ---------------------------------------------------------------------------------------------
// Files

export const fileTypeSchema = z.enum(['file', 'folder']);

export const fileItemSchema = z.looseObject({
  drive_id: maybe(id),
  share_id: maybe(z.string()),
  file_id: z.string().min(1),
  name: z.string(),
  type: fileTypeSchema,
  parent_file_id: maybe(z.string()),
  size: maybe(num),
  file_extension: maybe(z.string()),
  mime_type: maybe(z.string()),
  category: maybe(z.string()),
  created_at: maybe(isoTime),
  updated_at: maybe(isoTime),
  trashed: maybe(z.boolean()),
  status: maybe(z.string()),
});
export type FileItem = z.infer<typeof fileItemSchema>;

export const fileListResponseSchema = z.looseObject({
  items: z.array(fileItemSchema),
  /** Empty string on the last page. */
  next_marker: orElse(z.string(), ''),
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
  parent_file_id: maybe(z.string()),
  type: maybe(z.string()),
  file_id: z.string().min(1),
  domain_id: maybe(z.string()),
  drive_id: maybe(id),
  file_name: maybe(z.string()),
  encrypt_mode: maybe(z.string()),
  /** true when `refuse` found an existing folder of that name. */
  exist: maybe(z.boolean()),
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

/** One answer inside a batch: 201 copied, 202 accepted (async), 204 no content (`body: null`), 4xx failed. */
export const batchItemResponseSchema = z.looseObject({
  id,
  status: num,
  body: maybe(z.record(z.string(), z.unknown())),
});
export type BatchItemResponse = z.infer<typeof batchItemResponseSchema>;

export const batchResponseSchema = z.looseObject({ responses: z.array(batchItemResponseSchema) });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** The body of a 201/202 copy answer (also the single `/adrive/v1/file/copy` answer). */
export const copyResultSchema = z.looseObject({
  domain_id: maybe(z.string()),
  drive_id: maybe(id),
  file_id: maybe(z.string()),
  async_task_id: maybe(z.string()),
});
export type CopyResult = z.infer<typeof copyResultSchema>;

export const asyncTaskStateSchema = z.enum(['Running', 'Succeed', 'Failed', 'PartialSucceed']);
export type AsyncTaskState = z.infer<typeof asyncTaskStateSchema>;

/**
 * `/v2/async_task/get`. `state` (some answers carry `status` beside it, or instead) is kept as
 * sent; `taskPhase` in copy.ts reads it case-insensitively and calls anything unknown "running".
 */
export const asyncTaskSchema = z.looseObject({
  async_task_id: maybe(z.string()),
  state: maybe(z.string()),
  status: maybe(z.string()),
  message: orElse(z.string(), ''),
  total_process: orElse(num, 0),
  consumed_process: orElse(num, 0),
  failed_process: orElse(num, 0),
  punished_file_count: orElse(num, 0),
});
export type AsyncTask = z.infer<typeof asyncTaskSchema>;

// ---------------------------------------------------------------------------------------------
// One's own share links

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
