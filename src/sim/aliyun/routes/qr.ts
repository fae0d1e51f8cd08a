/** QR login on the passport paths: generate (GET) and query (POST, form body `t=…&ck=…`). */
import type { QrGenerateResponse, QrQueryResponse } from '../../../api/schemas.js';
import type { QrDesk } from '../qr.js';
import { ok, type Reply, type Route, type RouteContext } from '../route.js';

function generate(desk: QrDesk) {
  return (ctx: RouteContext): Reply => {
    const { t, ck } = desk.generate();
    const answer: QrGenerateResponse = {
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

function query(desk: QrDesk) {
  return (ctx: RouteContext): Reply => {
    const form = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
    const { status, bizExt } = desk.query(Number(form['t']), String(form['ck'] ?? ''));
    const answer: QrQueryResponse = {
      content: {
        data: {
          qrCodeStatus: status,
          resultCode: 100,
          ...(bizExt ? { bizExt, loginResult: 'success', loginType: 'normal' } : {}),
        },
        status: 0,
        success: true,
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
