/**
 * The embedded follow schedule, kept in SQLite: one check per share per turn whatever the number
 * of followers, turns spread by jitter, and the schedule survives a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createFollowsRepo } from '../../src/db/follows.repo.js';
import { firstCheckAt, SqliteFollowScheduler } from '../../src/jobs/follow/scheduler.js';
import type { FollowCheckJob } from '../../src/jobs/follow/check.js';
import type { JobQueue } from '../../src/jobs/queue/types.js';
import { loadSecretKey } from '../../src/secret-box.js';
import { tempDatabase } from '../db/temp-db.js';
import { testLogger } from './harness.js';

const key = loadSecretKey({ secretKey: 'c'.repeat(64), dataDir: '/nonexistent' }).key;
const HOUR = 3_600_000;

function setup() {
  const handle = tempDatabase();
  const accounts = createAccountsRepo(handle.db, key);
  const account = (n: number) =>
    accounts.upsertOnLink({
      telegramUserId: 9000 + n,
      aliyunUserId: `aliyun-${n}`,
      nickName: '',
      userName: '',
      refreshToken: `RT-${n}-0123456789abcdef`,
      deviceId: `dev-${n}`,
      loginId: `login-${n}`,
      devicePrivateKeyHex: 'a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5f7b9d1f3a5c7e9b1d3f5',
      defaultDriveId: '1',
      resourceDriveId: '2',
      backupDriveId: null,
    });
  const follows = createFollowsRepo(handle.db, key);
  const follow = (accountId: number, shareId: string, nextCheckAt: number) =>
    follows.create({ telegramUserId: 1, accountId, chatId: 1, shareId, shareName: '', targetPath: '/x', saveJobId: 'j', nextCheckAt }).row;
  return { handle, account, follows, follow };
}

/** A queue that only records what was added. */
function recordingQueue(): JobQueue<FollowCheckJob> & { added: Array<{ id: string; shareId: string; group?: string | undefined }> } {
  const added: Array<{ id: string; shareId: string; group?: string | undefined }> = [];
  return {
    added,
    async add(jobId, data, opts) {
      added.push({ id: jobId, shareId: data.shareId, group: opts?.group });
      return { jobId, queued: true };
    },
    async startWorker() {},
    async counts() {
      return { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    },
    async close() {},
  };
}

describe('the SQLite follow schedule', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  it('claims each due share once, moving all its followers to the same next turn, one interval plus at most a tenth later', () => {
    const { handle, account, follows, follow } = setup();
    dispose = () => handle.dispose();
    const [a, b, c] = [account(1), account(2), account(3)];
    const shareA1 = follow(a.id, 'shareA', 0);
    const shareA2 = follow(b.id, 'shareA', 999_999_999_999); // a new follower takes the share's turn
    follow(c.id, 'shareB', 0);
    expect(shareA2.nextCheckAt).toBe(0);
    const now = 1_000_000;
    const claimed = follows.claimDueShares(now, () => now + HOUR + 42);
    expect(claimed.sort()).toEqual(['shareA', 'shareB']);
    expect(follows.claimDueShares(now, () => now + HOUR)).toEqual([]);
    expect(follows.get(shareA1.id)?.nextCheckAt).toBe(now + HOUR + 42);
    expect(follows.get(shareA2.id)?.nextCheckAt).toBe(now + HOUR + 42);
  });

  it('paused follows are not claimed', () => {
    const { handle, account, follows, follow } = setup();
    dispose = () => handle.dispose();
    const row = follow(account(1).id, 'shareP', 0);
    follows.pause(row.id, 'user');
    expect(follows.claimDueShares(Date.now(), () => Date.now() + HOUR)).toEqual([]);
  });

  it('1,000 new follows spread their first checks over the interval instead of one second', () => {
    const now = 0;
    const perMinute = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const minute = Math.floor((firstCheckAt(now, HOUR) - now) / 60_000);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(perMinute.size).toBeGreaterThan(50);
    expect(Math.max(...perMinute.values())).toBeLessThan(60);
  });

  it('queues one check per due share, in its share group, and after a restart only what is due again', async () => {
    const { handle, account, follow } = setup();
    dispose = () => handle.dispose();
    follow(account(1).id, 'shareR', 0);
    follow(account(2).id, 'shareR', 0);
    const queue = recordingQueue();
    const scheduler = new SqliteFollowScheduler({ follows: createFollowsRepo(handle.db, key), queue, intervalMs: HOUR, logger: testLogger, tickMs: 10 });
    await scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await scheduler.close();
    expect(queue.added.map((a) => [a.shareId, a.group])).toEqual([['shareR', 'share_shareR']]);

    // A restart on the same file: the turn was stored, so nothing fires again before it is due.
    const reopened = handle.reopen();
    const again = recordingQueue();
    const restarted = new SqliteFollowScheduler({ follows: createFollowsRepo(reopened.db, key), queue: again, intervalMs: HOUR, logger: testLogger, tickMs: 10 });
    await restarted.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await restarted.close();
    expect(again.added).toEqual([]);
  });
});
