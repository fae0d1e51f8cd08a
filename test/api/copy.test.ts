import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, isDriveFull, type AccountSession, type CopyBatchNotice } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { aliyunError, clientFor, issueShareTokens, SHARE_TOKEN_PATH, startUpstream, type Recorded, type Reply, type Upstream } from './upstream.js';

const BATCH = '/adrive/v4/batch';
const TOKEN = SHARE_TOKEN_PATH;
const SHARE_ID = 'ob7csMtYs9S';
const fileIds = (count: number) => Array.from({ length: count }, (_, index) => index.toString(16).padStart(40, '0'));

let upstream: Upstream;
let account: FakeAccount;
let session: AccountSession;
let shareTokens: string[];

/** Per item: every 50th (from 7) fails with a full drive, every 10th (from 3) is accepted async. */
function answerItem(request: { id: string; body: Record<string, string> }): Reply['json'] {
  const index = parseInt(request.body.file_id ?? '', 16);
  if (index % 50 === 7) return { id: request.id, status: 409, body: { code: 'QuotaExhausted.Drive', message: 'The resource drive has exceeded the limit' } };
  if (index % 10 === 3) return { id: request.id, status: 202, body: { drive_id: '9600002', file_id: `new-${index}`, async_task_id: `task-${index}` } };
  return { id: request.id, status: 201, body: { drive_id: '9600002', file_id: `new-${index}` } };
}

function batchHandler(itemReply: (request: { id: string; body: Record<string, string> }, req: Recorded) => unknown = answerItem) {
  return account.authed((req) => {
    if (!shareTokens.includes(String(req.headers['x-share-token']))) return aliyunError(401, 'ShareLinkTokenInvalid', 'share token expired');
    // Answer in reverse order: ids, not positions, tie answers to requests.
    const responses = [...(req.body.requests as Array<{ id: string; body: Record<string, string> }>)].reverse().map((item) => itemReply(item, req));
    return { json: { responses } };
  });
}

beforeEach(async () => {
  upstream = await startUpstream();
  account = new FakeAccount(upstream);
  shareTokens = issueShareTokens(upstream);
  upstream.route(BATCH, batchHandler());
  session = clientFor(upstream.url).session({ accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => undefined });
});

afterEach(async () => {
  await upstream.close();
});

const target = { shareId: SHARE_ID, password: 'f259', toDriveId: '9600002', toParentFileId: 'root' };

describe('copying a share into the drive', () => {
  it('sends 250 items as three batches of 100/100/50 and reports every item on its own', async () => {
    const notices: CopyBatchNotice[] = [];
    const ids = fileIds(250);
    const results = await session.copyAll({ ...target, fileIds: ids, onBatch: (notice) => void notices.push(notice) });

    const batches = upstream.calls(BATCH);
    expect(batches.map((batch) => batch.body.requests.length)).toEqual([100, 100, 50]);
    expect(notices.map((notice) => [notice.index, notice.total, notice.results.length])).toEqual([[0, 3, 100], [1, 3, 100], [2, 3, 50]]);
    for (const batch of batches) {
      expect(batch.headers['x-share-token']).toBe(shareTokens[0]);
      expect(batch.headers.authorization).toMatch(/^Bearer eyJ/);
      expect(batch.headers['x-signature']).toMatch(/^[0-9a-f]{128}01$/);
      expect(batch.body.resource).toBe('file');
    }
    expect(batches[0]?.body.requests[0]).toEqual({
      id: '0',
      method: 'POST',
      url: '/file/copy',
      headers: { 'Content-Type': 'application/json' },
      body: { share_id: SHARE_ID, file_id: ids[0], to_drive_id: '9600002', to_parent_file_id: 'root', auto_rename: true },
    });
    expect(upstream.calls(TOKEN)).toHaveLength(1); // one share token for all three batches
    expect(upstream.calls(TOKEN)[0]?.body).toEqual({ share_id: SHARE_ID, share_pwd: 'f259' });

    expect(results.map((result) => result.fileId)).toEqual(ids);
    expect(results[0]).toEqual({ fileId: ids[0], status: 'copied', newFileId: 'new-0' });
    expect(results[3]).toEqual({ fileId: ids[3], status: 'accepted', newFileId: 'new-3', asyncTaskId: 'task-3' });
    const failed = results.filter((result) => result.status === 'failed');
    expect(failed.map((result) => parseInt(result.fileId, 16))).toEqual([7, 57, 107, 157, 207]);
    expect(failed.every((result) => isDriveFull(result.error) && result.error?.status === 409)).toBe(true);
    expect(results.filter((result) => result.status === 'accepted')).toHaveLength(25);
  });

  it('refuses a single batch over 100 items', async () => {
    await expect(session.copyBatch({ ...target, fileIds: fileIds(101) })).rejects.toThrow(RangeError);
    expect(upstream.calls(BATCH)).toHaveLength(0);
  });

  it('fetches a new share token when the batch says ShareLinkTokenInvalid, and replays', async () => {
    await session.copyBatch({ ...target, fileIds: fileIds(3) });
    shareTokens.splice(0); // every token issued so far has expired
    const results = await session.copyBatch({ ...target, fileIds: fileIds(3) });
    expect(results.map((result) => result.status)).toEqual(['copied', 'copied', 'copied']);
    expect(upstream.calls(TOKEN)).toHaveLength(2);
    expect(upstream.calls(BATCH)).toHaveLength(3);
  });

  it('replays only the items that failed with a stale share token', async () => {
    // The first token has gone stale for the second item only (as when it expires mid-batch).
    upstream.route(
      BATCH,
      batchHandler((item, req) => {
        if (req.headers['x-share-token'] === shareTokens[0] && item.id === '1') {
          return { id: item.id, status: 401, body: { code: 'ShareLinkTokenInvalid', message: 'expired' } };
        }
        return answerItem(item);
      }),
    );
    const ids = fileIds(3);
    const results = await session.copyBatch({ ...target, fileIds: ids });
    expect(results.map((result) => result.status)).toEqual(['copied', 'copied', 'copied']);
    const [, replay] = upstream.calls(BATCH);
    expect(replay?.body.requests.map((item: { body: { file_id: string } }) => item.body.file_id)).toEqual([ids[1]]);
    expect(replay?.headers['x-share-token']).toBe(shareTokens[1]);
  });

  it('never resends a batch after a 5xx (copies may have happened), but waits out a 429', async () => {
    upstream.route(BATCH, () => aliyunError(500, 'InternalError'));
    await expect(session.copyBatch({ ...target, fileIds: fileIds(2) })).rejects.toMatchObject({ code: 'InternalError', retryable: true });
    expect(upstream.calls(BATCH)).toHaveLength(1);

    let calls = 0;
    upstream.route(BATCH, (req) => (calls++ === 0 ? aliyunError(429, 'TooManyRequests', 'slow', { 'x-retry-after': '20' }) : batchHandler()(req)));
    const results = await session.copyBatch({ ...target, fileIds: fileIds(2) });
    expect(results.map((result) => result.status)).toEqual(['copied', 'copied']);
  });

  it('an item missing from the answer is reported failed, not silently copied', async () => {
    upstream.route(BATCH, batchHandler((item) => (item.id === '0' ? { id: 'other', status: 201, body: {} } : answerItem(item))));
    const results = await session.copyBatch({ ...target, fileIds: fileIds(2) });
    expect(results[0]).toMatchObject({ status: 'failed', error: { code: 'BadResponse' } });
    expect(results[1]).toMatchObject({ status: 'copied' });
  });

  it('copies one item with the single form (fields wrapped in "body") and polls its task', async () => {
    upstream.route(
      '/adrive/v1/file/copy',
      account.authed((req) => ({ json: { domain_id: 'bj29', drive_id: '9600002', file_id: `new-${req.body.body.file_id}`, async_task_id: 'task-9' } })),
    );
    upstream.route('/v2/async_task/get', account.authed((req) => ({ json: { async_task_id: req.body.async_task_id, state: 'Succeed', total_process: 4, consumed_process: 4 } })));
    const result = await session.copyOne({ ...target, fileId: 'abc' });
    expect(result).toEqual({ fileId: 'abc', status: 'accepted', newFileId: 'new-abc', asyncTaskId: 'task-9' });
    const [sent] = upstream.calls('/adrive/v1/file/copy');
    expect(sent?.body).toEqual({ body: { share_id: SHARE_ID, file_id: 'abc', to_drive_id: '9600002', to_parent_file_id: 'root', auto_rename: true } });
    expect(sent?.headers['x-share-token']).toBe(shareTokens[0]);
    await expect(session.getAsyncTask('task-9')).resolves.toMatchObject({ state: 'Succeed', consumed_process: 4, total_process: 4 });
  });
});
