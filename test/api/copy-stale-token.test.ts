/**
 * A batch that Aliyun partly refused for a stale share token: the refused items are resent
 * with a fresh token, and when that resend fails the first answer's copies must still be
 * reported — else the caller sends them again (auto_rename → `x(1).mp4`) or says nothing was
 * copied.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, type AccountSession } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { aliyunError, clientFor, issueShareTokens, SHARE_TOKEN_PATH, startUpstream, type Recorded, type Reply, type Upstream } from './upstream.js';

const BATCH = '/adrive/v4/batch';
const TOKEN = SHARE_TOKEN_PATH;
const SHARE_ID = 'ob7csMtYs9S';
const MAX_RATE_LIMIT_WAIT_MS = 1_000;
const ids = Array.from({ length: 100 }, (_, index) => index.toString(16).padStart(40, '0'));
const target = { shareId: SHARE_ID, password: 'f259', toDriveId: '9600002', toParentFileId: 'root', fileIds: ids };

type BatchItem = { id: string; body: { file_id: string } };

let upstream: Upstream;
let account: FakeAccount;
let session: AccountSession;
let shareTokens: string[];

/** The file ids each batch request carried, in order. */
function sentFileIds(): string[][] {
  return upstream.calls(BATCH).map((call: Recorded) => (call.body.requests as BatchItem[]).map((item) => item.body.file_id));
}

/**
 * The first batch (first share token) copies items 0–49 and refuses 50–99 with
 * `ShareLinkTokenInvalid`; any later batch gets `resendReply`.
 */
function routeBatch(resendReply: () => Reply): void {
  upstream.route(
    BATCH,
    account.authed((req) => {
      if (req.headers['x-share-token'] !== shareTokens[0]) return resendReply();
      const responses = (req.body.requests as BatchItem[]).map((item) => {
        const index = parseInt(item.body.file_id, 16);
        return index < 50
          ? { id: item.id, status: 201, body: { drive_id: '9600002', file_id: `new-${index}` } }
          : { id: item.id, status: 401, body: { code: 'ShareLinkTokenInvalid', message: 'share token expired' } };
      });
      return { json: { responses } };
    }),
  );
}

beforeEach(async () => {
  upstream = await startUpstream();
  account = new FakeAccount(upstream);
  shareTokens = issueShareTokens(upstream);
  session = clientFor(upstream.url, { maxRateLimitWaitMs: MAX_RATE_LIMIT_WAIT_MS }).session(
    { accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() },
    { onRefreshToken: () => undefined },
  );
});

afterEach(async () => {
  await upstream.close();
});

/** The 50 copies of the first answer are kept, and only the refused 50 went out a second time. */
function expectFirstAnswerKept(results: Awaited<ReturnType<AccountSession['copyBatch']>>): void {
  expect(results.map((result) => result.fileId)).toEqual(ids);
  expect(results.slice(0, 50)).toEqual(ids.slice(0, 50).map((fileId, index) => ({ fileId, status: 'copied', newFileId: `new-${index}` })));
  expect(results.slice(50).every((result) => result.status === 'failed')).toBe(true);
}

describe('a batch partly refused for a stale share token, whose resend fails', () => {
  it('keeps the first answer when the resend is rate limited longer than the client waits', async () => {
    routeBatch(() => aliyunError(429, 'TooManyRequests', 'slow down', { 'x-retry-after': '60000' }));
    const results = await session.copyBatch(target);

    expectFirstAnswerKept(results);
    for (const result of results.slice(50)) {
      expect(result.error).toMatchObject({ code: 'TooManyRequests', status: 429, retryable: true, retryAfterMs: 60_000 });
    }
    const [first, resend, ...more] = sentFileIds();
    expect(first).toEqual(ids);
    expect(resend).toEqual(ids.slice(50)); // the copied half was never sent again
    expect(more).toEqual([]);
    expect(upstream.calls(BATCH)[1]?.headers['x-share-token']).toBe(shareTokens[1]);
  });

  it('keeps the first answer when the share was cancelled before the resend', async () => {
    routeBatch(() => aliyunError(400, 'ShareLink.Cancelled', 'share link has been cancelled'));
    const results = await session.copyBatch(target);

    expectFirstAnswerKept(results);
    for (const result of results.slice(50)) {
      expect(result.error).toMatchObject({ code: 'ShareLink.Cancelled', status: 400, retryable: false });
    }
    expect(sentFileIds()).toEqual([ids, ids.slice(50)]);
  });

  it('keeps the first answer when the fresh share token cannot be had any more', async () => {
    routeBatch(() => ({ json: { responses: [] } }));
    let tokenCalls = 0;
    upstream.route(TOKEN, () => {
      if (tokenCalls++ > 0) return aliyunError(400, 'ShareLink.Cancelled', 'share link has been cancelled');
      const token = `eyJshare.0.${Math.random().toString(36).slice(2)}`;
      shareTokens.push(token);
      return { json: { share_token: token, expire_time: new Date(Date.now() + 7_200_000).toISOString(), expires_in: 7200 } };
    });
    const results = await session.copyBatch(target);

    expectFirstAnswerKept(results);
    expect(results[99]?.error).toMatchObject({ code: 'ShareLink.Cancelled', retryable: false });
    expect(sentFileIds()).toEqual([ids]); // nothing was resent without a token
  });
});
