/**
 * QR login on the passport paths: generate (GET) and query (POST, form body `t=…&ck=…`), in the
 * captured shapes (`content.status` per state, `success: false` once EXPIRED).
 */
import type { QrDesk } from '../qr.js';
import { ok, type Reply, type Route, type RouteContext } from '../route.js';

function generate(desk: QrDesk) {
  return (ctx: RouteContext): Reply => {
    const { t, ck } = desk.generate();
    const answer = {
      content: {
        data: {
          t,
          ck,
          codeContent: `${ctx.baseUrl}/qrcodeCheck.htm?lgToken=${ck.slice(0, 32)}&lgWeb=1`,
          resultCode: 100,
          processFinished: false,
        },
        status: 0,
        success: true,
      },
      hasError: false,
    };
    return ok(answer);
  };
}

/** `content.status` as the captured answers show it per state. */
const STATUS_CODE: Record<string, number> = { NEW: 0, SCANED: 1, CONFIRMED: 2, EXPIRED: -1, CANCELED: -2 };

function query(desk: QrDesk) {
  return (ctx: RouteContext): Reply => {
    const form = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
    const { status, bizExt } = desk.query(Number(form['t']), String(form['ck'] ?? ''));
    const answer = {
      content: {
        data: {
          qrCodeStatus: status,
          resultCode: 100,
          ...(bizExt ? { bizExt, loginResult: 'success', loginType: 'normal' } : {}),
        },
        status: STATUS_CODE[status] ?? 0,
        success: status !== 'EXPIRED' && status !== 'CANCELED',
      },
      hasError: false,
    };
    return ok(answer);
  };
}

export function qrRoutes(desk: QrDesk): Route[] {
  return [
    { method: 'GET', path: '/newlogin/qrcode/generate.do', handle: generate(desk) },
    { method: 'POST', path: '/newlogin/qrcode/query.do', handle: query(desk) },
  ];
}
