import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isDriveFull,
  isRateLimited,
  isReloginNeeded,
  isShareGone,
  isWrongPassword,
  type AliyunError,
} from '../../src/api/index.js';
import { aliyunError, clientFor, startUpstream, type Reply, type Upstream } from './upstream.js';

const INFO = '/adrive/v2/share_link/get_share_by_anonymous';
const goodInfo: Reply = { json: { share_name: 'movies', file_count: 1, file_infos: [{ type: 'folder', file_id: 'f1', file_name: 'movies' }] } };

let upstream: Upstream;
beforeEach(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await upstream.close();
});

/** Answers the given replies in order, then the last one forever. */
function sequence(...replies: Reply[]): () => Reply {
  let index = 0;
  return () => replies[Math.min(index++, replies.length - 1)] as Reply;
}

async function failure(promise: Promise<unknown>): Promise<AliyunError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!err) throw new Error('expected the call to fail');
  return err as AliyunError;
}

describe('every error code of the spec maps to one typed error', () => {
  const table: Array<[code: string, status: number, retryable: boolean, message?: string]> = [
    ['AccessTokenInvalid', 401, false],
    ['AccessTokenExpired', 401, false],
    ['InvalidParameter.RefreshToken', 400, false],
    ['DeviceSessionSignatureInvalid', 400, false],
    ['BadRequest', 400, false, 'not found device info'],
    ['UserDeviceOffline', 401, false],
    ['ShareLinkTokenInvalid', 401, false],
    ['NotFound.ShareLink', 404, false],
    ['ShareLink.Cancelled', 400, false],
    ['ShareLink.Expired', 400, false],
    ['ShareLink.Forbidden', 400, false],
    ['InvalidResource.SharePwd', 400, false],
    ['ForbiddenNoPermission.File', 403, false],
    ['QuotaExhausted.Drive', 409, false, 'The resource drive has exceeded the limit'],
    ['AlreadyExist.File', 409, false],
    ['NotFound.File', 404, false],
    ['NotFound.FileId', 404, false],
    ['TooManyRequests', 429, true],
    ['ParamFlowException', 429, true],
    ['SharelinkCreateExceedDailyLimit', 403, false],
    ['FileShareNotAllowed', 403, false],
    ['InvalidParameter.ShareId', 400, false],
    ['InternalError', 500, true],
    ['ServiceUnavailable', 503, true],
    ['GatewayTimeout', 504, true],
  ];

  it.each(table)('%s (HTTP %i) → retryable %s', async (code, status, retryable, message) => {
    upstream.route(INFO, () => aliyunError(status, code, message ?? `${code} happened`));
    const client = clientFor(upstream.url, { retries: 0, maxRateLimitWaitMs: 0 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err.name).toBe('AliyunError');
    expect(err).toMatchObject({ code, status, retryable, requestId: 'req-test', endpoint: 'adrive/v2/share_link/get_share_by_anonymous' });
    expect(err.serverMessage).toBe(message ?? `${code} happened`);
    expect(upstream.calls(INFO)).toHaveLength(1);
  });

  it('helpers classify the errors callers act on', async () => {
    const client = clientFor(upstream.url, { retries: 0, maxRateLimitWaitMs: 0 });
    const errorFor = async (status: number, code: string, message?: string) => {
      upstream.route(INFO, () => aliyunError(status, code, message));
      return failure(client.getShareInfo('abcDEF12345'));
    };
    for (const code of ['NotFound.ShareLink', 'ShareLink.Cancelled', 'ShareLink.Expired', 'ShareLink.Forbidden']) {
      expect(isShareGone(await errorFor(400, code))).toBe(true);
    }
    expect(isShareGone(await errorFor(401, 'ShareLinkTokenInvalid'))).toBe(false);
    expect(isWrongPassword(await errorFor(400, 'InvalidResource.SharePwd'))).toBe(true);
    expect(isDriveFull(await errorFor(409, 'QuotaExhausted.Drive'))).toBe(true);
    expect(isReloginNeeded(await errorFor(400, 'InvalidParameter.RefreshToken'))).toBe(true);
    expect(isRateLimited(await errorFor(429, 'ParamFlowException'))).toBe(true);
    expect(isWrongPassword(await errorFor(400, 'InvalidParameter.ShareId'))).toBe(false);
  });
});

describe('retries', () => {
  it('waits out a 429 for at least its x-retry-after (ms) and then succeeds', async () => {
    upstream.route(INFO, sequence(aliyunError(429, 'TooManyRequests', 'slow down', { 'x-retry-after': '400' }), goodInfo));
    const client = clientFor(upstream.url);
    const started = performance.now();
    const info = await client.getShareInfo('abcDEF12345');
    expect(info.share_name).toBe('movies');
    const [first, second] = upstream.calls(INFO);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(400);
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('honours Retry-After in seconds', async () => {
    upstream.route(INFO, sequence(aliyunError(429, 'ParamFlowException', 'flow', { 'retry-after': '1' }), goodInfo));
    const client = clientFor(upstream.url);
    await client.getShareInfo('abcDEF12345');
    const [first, second] = upstream.calls(INFO);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('does not spend retries on 429s', async () => {
    const limited = aliyunError(429, 'TooManyRequests', 'slow down', { 'x-retry-after': '10' });
    upstream.route(INFO, sequence(limited, limited, limited, limited, goodInfo));
    const client = clientFor(upstream.url, { retries: 0 });
    await expect(client.getShareInfo('abcDEF12345')).resolves.toMatchObject({ share_name: 'movies' });
    expect(upstream.calls(INFO)).toHaveLength(5);
  });

  it('gives up on 429s after the total wait bound, handing back the wait so a job can be parked', async () => {
    upstream.route(INFO, () => aliyunError(429, 'TooManyRequests', 'slow down', { 'x-retry-after': '300' }));
    const client = clientFor(upstream.url, { maxRateLimitWaitMs: 700 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'TooManyRequests', status: 429, retryable: true, retryAfterMs: 300 });
    expect(upstream.calls(INFO)).toHaveLength(3); // waited 300 + 300; a third wait would pass 700
  });

  it('a 503 asking to come back in a day is retried after our own backoff, not a day later', async () => {
    upstream.route(INFO, sequence(aliyunError(503, 'ServiceUnavailable', 'busy', { 'retry-after': '86400' }), goodInfo));
    const client = clientFor(upstream.url, { retries: 3, maxDelayMs: 50 });
    const started = performance.now();
    await expect(client.getShareInfo('abcDEF12345')).resolves.toMatchObject({ share_name: 'movies' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(upstream.calls(INFO)).toHaveLength(2);
  }, 10_000);

  it('a 429 asking for a day hands back a wait of at most 15 minutes, so a parked save comes back', async () => {
    upstream.route(INFO, () => aliyunError(429, 'TooManyRequests', 'slow down', { 'retry-after': '86400' }));
    const client = clientFor(upstream.url, { maxRateLimitWaitMs: 700 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'TooManyRequests', retryAfterMs: 15 * 60_000 });
    expect(upstream.calls(INFO)).toHaveLength(1);
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    upstream.route(INFO, sequence(aliyunError(500, 'InternalError'), aliyunError(503, 'ServiceUnavailable'), goodInfo));
    const client = clientFor(upstream.url, { retries: 3 });
    await expect(client.getShareInfo('abcDEF12345')).resolves.toMatchObject({ share_name: 'movies' });
    const attempts = upstream.calls(INFO);
    expect(attempts).toHaveLength(3);
    // Each attempt is its own request, with the headers the web client sends.
    const requestIds = attempts.map((attempt) => attempt.headers['x-request-id']);
    expect(new Set(requestIds).size).toBe(3);
    for (const attempt of attempts) {
      expect(attempt.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(attempt.headers).toMatchObject({
        referer: 'https://www.alipan.com/',
        origin: 'https://www.alipan.com',
        'content-type': 'application/json',
      });
      expect(attempt.headers['user-agent']).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
      expect(attempt.body).toEqual({ share_id: 'abcDEF12345' });
    }
  });

  it('stops after `retries` and throws the last 5xx, still marked retryable', async () => {
    upstream.route(INFO, () => aliyunError(500, 'InternalError'));
    const client = clientFor(upstream.url, { retries: 2 });
    expect(await failure(client.getShareInfo('abcDEF12345'))).toMatchObject({ code: 'InternalError', status: 500, retryable: true });
    expect(upstream.calls(INFO)).toHaveLength(3);
  });

  it('does not retry final errors', async () => {
    upstream.route(INFO, () => aliyunError(404, 'NotFound.ShareLink'));
    const client = clientFor(upstream.url, { retries: 3 });
    await failure(client.getShareInfo('abcDEF12345'));
    expect(upstream.calls(INFO)).toHaveLength(1);
  });
});

describe('answers that are not Aliyun JSON', () => {
  it('a plain-text "Bad Gateway" is a clear retryable error, and is retried', async () => {
    upstream.route(INFO, () => ({ status: 502, text: 'Bad Gateway' }));
    const client = clientFor(upstream.url, { retries: 1 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'BadGateway', status: 502, retryable: true });
    expect(err.message).toContain('Bad Gateway');
    expect(upstream.calls(INFO)).toHaveLength(2);

    upstream.route(INFO, sequence({ status: 502, text: 'Bad Gateway' }, goodInfo));
    await expect(client.getShareInfo('abcDEF12345')).resolves.toMatchObject({ share_name: 'movies' });
  });

  it('an HTML error page becomes a short, tag-free snippet', async () => {
    const page = `<html><head><style>body{color:red}</style></head><body><h1>503 Service Temporarily Unavailable</h1>${'<p>padding</p>'.repeat(200)}</body></html>`;
    upstream.route(INFO, () => ({ status: 503, text: page, headers: { 'content-type': 'text/html' } }));
    const client = clientFor(upstream.url, { retries: 0 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'ServerError', status: 503, retryable: true });
    expect(err.message).toContain('503 Service Temporarily Unavailable');
    expect(err.message).not.toMatch(/[<>]|color:red/);
    expect(err.message.length).toBeLessThan(250);
  });

  it('a changed answer shape is a BadResponse naming the field, not undefined later', async () => {
    upstream.route(INFO, () => ({ json: { share_name: 'movies', files: [] } }));
    const client = clientFor(upstream.url, { retries: 3 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'BadResponse', status: 200, retryable: false });
    expect(err.message).toContain('file_infos');
    expect(upstream.calls(INFO)).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('a silent server is a retryable Timeout after the configured time', async () => {
    upstream.route(INFO, () => ({ hang: true }));
    const client = clientFor(upstream.url, { timeoutMs: 250, retries: 1 });
    const started = performance.now();
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'Timeout', retryable: true });
    expect(upstream.calls(INFO)).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('a refused connection is a retryable NetworkError', async () => {
    const url = upstream.url;
    await upstream.close();
    const client = clientFor(url, { retries: 1 });
    const err = await failure(client.getShareInfo('abcDEF12345'));
    expect(err).toMatchObject({ code: 'NetworkError', retryable: true, status: 0 });
    upstream = await startUpstream(); // for afterEach
  });
});
