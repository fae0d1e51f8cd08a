/** Accounts: the auth host (tokens, user, device session) and QR login on the passport host. */
import { z } from 'zod';
import { isoTime, maybe, orElse, num, id } from './fields.js';

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
