import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, signDevice, type ApiLogger } from '../../src/api/index.js';
import { createLogger } from '../../src/logger.js';
import { FakeAccount } from './fake-account.js';
import { aliyunError, clientFor, startUpstream, type Upstream } from './upstream.js';

/** A pino-compatible logger that records every line, children included. */
function spyLogger(lines: string[], bindings: Record<string, unknown> = {}): ApiLogger {
  const record = (level: string) => (obj: object, msg?: string) => void lines.push(JSON.stringify({ level, ...bindings, ...obj, msg }));
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    child: (more) => spyLogger(lines, { ...bindings, ...more }),
  };
}

let upstream: Upstream;
beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await upstream.close();
});

describe('no token in any log line or error message', () => {
  it('holds through refreshes, retries, share tokens and servers that echo secrets back', async () => {
    const lines: string[] = [];
    const pinoLines: string[] = [];
    const pinoLogger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => void (pinoLines.push(String(chunk)), done()) }));
    const account = new FakeAccount(upstream);
    const device = generateDevice();
    const shareToken = 'eyJhbGciOiJSUzI1NiJ9.c2hhcmUtdG9rZW4tc2VjcmV0.c2lnbmF0dXJl';
    let tokenAttempts = 0;
    upstream.route('/v2/account/token', (req) => {
      // The first exchange fails with a page that quotes the refresh token; then the real answer.
      if (tokenAttempts++ === 0) return { status: 500, text: `<h1>oops</h1> refresh_token=${req.body.refresh_token}` };
      return account.exchange(req);
    });
    upstream.route('/adrive/v3/file/list', account.authed((req) => aliyunError(400, 'InvalidParameter', `bad header ${req.headers.authorization} sig ${req.headers['x-signature']}`)));
    upstream.route('/v2/share_link/get_share_token', () => ({ json: { share_token: shareToken, expire_time: '2030-01-01T00:00:00.000Z', expires_in: 7200 } }));
    upstream.route('/adrive/v2/file/list_by_share', (req) => ({ status: 502, text: `<html>Bad Gateway for token ${req.headers['x-share-token']}</html>` }));
    upstream.route('/adrive/v2/share_link/get_share_by_anonymous', () => ({ status: 401, json: { code: 'X', message: `share ${shareToken}` } }));

    const errors: Error[] = [];
    for (const logger of [spyLogger(lines), pinoLogger]) {
      const client = clientFor(upstream.url, { logger, retries: 1 });
      const session = client.session({ accountKey: `k${errors.length}`, refreshToken: account.refreshToken, ...device }, { onRefreshToken: () => undefined });
      tokenAttempts = 0;
      for (const attempt of [
        () => session.listFiles('9600002', 'root'),
        () => session.listShareFiles('9Q00000000L', 'f259'),
        () => client.getShareInfo('9Q00000000L'),
      ]) {
        errors.push((await attempt().catch((e: unknown) => e)) as Error);
      }
    }

    const secrets = [
      ...account.issuedRefreshTokens,
      ...account.issuedAccessTokens,
      shareToken,
      device.privateKeyHex,
      signDevice(device.privateKeyHex, device.deviceId, account.userId),
    ];
    expect(account.issuedAccessTokens.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeGreaterThan(5);
    expect(pinoLines.length).toBeGreaterThan(5);
    expect(lines.some((line) => line.includes('"endpoint":"adrive/v3/file/list"'))).toBe(true);
    expect(errors.map((err) => (err as { code?: string }).code)).toEqual(['InvalidParameter', 'BadGateway', 'X', 'InvalidParameter', 'BadGateway', 'X']);
    const texts = [...lines, ...pinoLines, ...errors.flatMap((err) => [err.message, String(err.stack), JSON.stringify(err)])];
    for (const secret of secrets) {
      for (const text of texts) expect(text.includes(secret), `a secret leaked into: ${text.slice(0, 200)}`).toBe(false);
    }
    expect(errors[0]?.message).toContain('[redacted]');
  });
});
