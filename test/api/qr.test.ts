import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QrStatus } from '../../src/api/index.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

const GENERATE = '/newlogin/qrcode/generate.do';
const QUERY = '/newlogin/qrcode/query.do';

let upstream: Upstream;
beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await upstream.close();
});

/** Serves one QR code that walks through `states`; CONFIRMED carries `bizExt`. */
function serveQr(states: QrStatus[], bizExt: string): void {
  let polls = 0;
  upstream.route(GENERATE, () => ({
    json: { content: { success: true, data: { t: 1700000000123, ck: 'ck-abc', codeContent: 'https://passport.aliyundrive.com/qrcodeCheck.htm?lgToken=xyz' } }, hasError: false },
  }));
  upstream.route(QUERY, (req) => {
    if (req.body.t !== '1700000000123' || req.body.ck !== 'ck-abc') return { json: { content: { data: { qrCodeStatus: 'EXPIRED' } }, hasError: false } };
    const status = states[Math.min(polls++, states.length - 1)] as QrStatus;
    return { json: { content: { success: true, data: { qrCodeStatus: status, ...(status === 'CONFIRMED' ? { bizExt } : {}) } }, hasError: false } };
  });
}

const utf8BizExt = (refreshToken: string, nickName: string) =>
  Buffer.from(JSON.stringify({ pds_login_result: { refreshToken, nickName, userId: 'u1' } }), 'utf8').toString('base64');

describe('QR login', () => {
  it('NEW → SCANED → CONFIRMED yields the refresh token', async () => {
    serveQr(['NEW', 'SCANED', 'CONFIRMED'], utf8BizExt('rt-from-qr-0123456789', '小明'));
    const client = clientFor(upstream.url);
    const code = await client.qrGenerate();
    expect(code).toEqual({ t: '1700000000123', ck: 'ck-abc', codeContent: 'https://passport.aliyundrive.com/qrcodeCheck.htm?lgToken=xyz' });
    const [generate] = upstream.calls(GENERATE);
    expect(generate?.method).toBe('GET');
    expect(Object.fromEntries(generate?.query ?? [])).toEqual({ appName: 'aliyun_drive', fromSite: '52', appEntrance: 'web' });

    const seen = [];
    for (;;) {
      const result = await client.qrQuery(code);
      seen.push(result.status);
      if (result.status === 'CONFIRMED') {
        expect(result).toEqual({ status: 'CONFIRMED', refreshToken: 'rt-from-qr-0123456789', nickName: '小明', userId: 'u1' });
        break;
      }
      expect(result.refreshToken).toBeUndefined();
    }
    expect(seen).toEqual(['NEW', 'SCANED', 'CONFIRMED']);
    const [query] = upstream.calls(QUERY);
    expect(query?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(query?.query ?? [])).toEqual({ appName: 'aliyun_drive', fromSite: '52' });
  });

  it('decodes a GB18030 bizExt', async () => {
    // {"pds_login_result":{"refreshToken":"rt-gb","nickName":"你好"}} with 你好 in GB18030 (C4E3 BAC3).
    const bytes = Buffer.concat([
      Buffer.from('{"pds_login_result":{"refreshToken":"rt-gb-0123456789","nickName":"'),
      Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
      Buffer.from('"}}'),
    ]);
    serveQr(['CONFIRMED'], bytes.toString('base64'));
    const client = clientFor(upstream.url);
    const result = await client.qrQuery(await client.qrGenerate());
    expect(result).toMatchObject({ status: 'CONFIRMED', refreshToken: 'rt-gb-0123456789', nickName: '你好' });
  });

  it('reports EXPIRED and CANCELED without a token', async () => {
    serveQr(['EXPIRED'], '');
    const client = clientFor(upstream.url);
    expect(await client.qrQuery(await client.qrGenerate())).toEqual({ status: 'EXPIRED' });
  });

  it('a CONFIRMED answer without a usable bizExt is a clear BadResponse', async () => {
    serveQr(['CONFIRMED'], Buffer.from('{"pds_login_result":{}}').toString('base64'));
    const client = clientFor(upstream.url);
    await expect(client.qrQuery(await client.qrGenerate())).rejects.toMatchObject({ code: 'BadResponse', retryable: false });
  });
});
