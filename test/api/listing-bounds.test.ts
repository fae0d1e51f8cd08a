/**
 * Listings that never end: a marker Aliyun sends again, or page after page without an end. The
 * save gets a clear error after a bounded number of pages instead of looping forever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateDevice } from '../../src/api/index.js';
import { LISTING_NOT_ENDING, MAX_LISTING_PAGES } from '../../src/api/listing.js';
import { startAliyunSimulator, type AliyunSimulator } from '../../src/sim/aliyun/index.js';
import { FakeAccount } from './fake-account.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

/** A page whose `next_marker` is always the same. */
const loopingPage = {
  items: [{ file_id: '64f0aa000000000000000001', name: 'again.mkv', type: 'file', size: 1 }],
  next_marker: 'WyJsb29wIl0',
};

describe('a listing whose marker comes back', () => {
  let sim: AliyunSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('a share folder stops at the repeated marker with a clear error', async () => {
    sim = await startAliyunSimulator({ port: 0 });
    const account = sim.addAccount({ nickName: '测试用户' });
    const client = clientFor(sim.url, { userUrl: sim.userUrl });
    const session = client.session({ accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => {} });
    const share = sim.catalogue.folder;
    sim.failNext('/adrive/v2/file/list_by_share', { answer: loopingPage }, 10);

    await expect(session.listShareFiles(share.shareId, share.password)).rejects.toMatchObject({
      code: LISTING_NOT_ENDING,
      retryable: false,
      message: expect.stringContaining('would never end'),
    });
    expect(sim.stats().byPath['/adrive/v2/file/list_by_share']).toBe(2);
  });

  it('a folder of the drive stops at the repeated marker too', async () => {
    sim = await startAliyunSimulator({ port: 0 });
    const account = sim.addAccount({ nickName: '测试用户' });
    const client = clientFor(sim.url, { userUrl: sim.userUrl });
    const session = client.session({ accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => {} });
    const driveId = await session.targetDriveId();
    sim.failNext('/adrive/v3/file/list', { answer: loopingPage }, 10);

    await expect(session.listAllFiles(driveId, 'root')).rejects.toMatchObject({ code: LISTING_NOT_ENDING });
    expect(sim.stats().byPath['/adrive/v3/file/list']).toBe(2);
  });
});

describe('a listing that goes on and on', () => {
  let upstream: Upstream;
  afterEach(async () => {
    await upstream.close();
  });

  it(`ends after ${MAX_LISTING_PAGES} pages with a clear error`, async () => {
    upstream = await startUpstream();
    const account = new FakeAccount(upstream);
    let pages = 0;
    // A fresh marker every time; it would end only long after the bound (so a missing bound fails, not hangs).
    upstream.route(
      '/adrive/v3/file/list',
      account.authed(() => {
        pages += 1;
        return { json: { items: [], next_marker: pages < MAX_LISTING_PAGES * 3 ? `m${pages}` : '' } };
      }),
    );
    const session = clientFor(upstream.url).session({ accountKey: 'a', refreshToken: account.refreshToken, ...generateDevice() }, { onRefreshToken: () => {} });

    await expect(session.listAllFiles('9600002', 'root')).rejects.toMatchObject({
      code: LISTING_NOT_ENDING,
      message: expect.stringContaining(`after ${MAX_LISTING_PAGES} pages`),
    });
    expect(pages).toBe(MAX_LISTING_PAGES);
  }, 60_000);
});
