/**
 * QR login on the passport host: generate a code, poll its status, and on CONFIRMED pull the
 * refresh token out of `bizExt`.
 */
import { AliyunError } from './errors.js';
import {
  qrBizExtSchema,
  qrGenerateResponseSchema,
  qrQueryResponseSchema,
  type QrBizExt,
  type QrStatus,
} from './schemas.js';
import type { Caller } from './transport.js';

/** A QR code to render (`codeContent`) and the handle (`t`, `ck`) to poll it with. */
export interface QrCode {
  t: string;
  ck: string;
  codeContent: string;
}

/** The state of a QR code; `refreshToken` (and who logged in) once CONFIRMED. */
export interface QrQueryResult {
  status: QrStatus;
  refreshToken?: string;
  nickName?: string;
  userId?: string;
}

const QUERY_ENDPOINT = 'newlogin/qrcode/query.do';

/** Asks for a new login QR code. */
export async function qrGenerate(call: Caller): Promise<QrCode> {
  const answer = await call({
    host: 'passport',
    method: 'GET',
    path: 'newlogin/qrcode/generate.do',
    query: { appName: 'aliyun_drive', fromSite: '52', appEntrance: 'web' },
    schema: qrGenerateResponseSchema,
  });
  if (answer.hasError || !answer.content.success) {
    throw new AliyunError({ status: 200, code: 'QrError', message: 'passport refused to make a QR code', endpoint: 'newlogin/qrcode/generate.do' });
  }
  const { t, ck, codeContent } = answer.content.data;
  return { t: String(t), ck, codeContent };
}

/** Polls a QR code once (the web client polls every ~3 s). */
export async function qrQuery(call: Caller, code: Pick<QrCode, 't' | 'ck'>): Promise<QrQueryResult> {
  const answer = await call({
    host: 'passport',
    path: QUERY_ENDPOINT,
    query: { appName: 'aliyun_drive', fromSite: '52' },
    form: { t: code.t, ck: code.ck },
    schema: qrQueryResponseSchema,
  });
  if (answer.hasError) {
    throw new AliyunError({ status: 200, code: 'QrError', message: 'passport answered with an error', endpoint: QUERY_ENDPOINT });
  }
  const { qrCodeStatus, bizExt } = answer.content.data;
  if (qrCodeStatus !== 'CONFIRMED') return { status: qrCodeStatus };
  const login = decodeBizExt(bizExt).pds_login_result;
  return {
    status: qrCodeStatus,
    refreshToken: login.refreshToken,
    ...(login.nickName ? { nickName: login.nickName } : {}),
    ...(login.userId ? { userId: login.userId } : {}),
  };
}

/** Decodes bytes as UTF-8, falling back to GB18030 (some answers are not UTF-8). */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The decoded `bizExt` of a CONFIRMED answer (base64 of JSON, UTF-8 or GB18030). */
export function decodeBizExt(bizExt: string | undefined): QrBizExt {
  const fail = (why: string): AliyunError =>
    new AliyunError({ status: 200, code: 'BadResponse', message: `bizExt ${why}`, endpoint: QUERY_ENDPOINT, retryable: false });
  if (!bizExt) throw fail('is missing from a CONFIRMED answer');
  let json: unknown;
  try {
    json = JSON.parse(decodeText(Buffer.from(bizExt, 'base64')));
  } catch {
    throw fail('is not base64 JSON');
  }
  const parsed = qrBizExtSchema.safeParse(json);
  if (!parsed.success) throw fail('has no pds_login_result.refreshToken');
  return parsed.data;
}

/** The refresh token inside a CONFIRMED answer's `bizExt`. */
export function refreshTokenFromBizExt(bizExt: string | undefined): string {
  return decodeBizExt(bizExt).pds_login_result.refreshToken;
}
