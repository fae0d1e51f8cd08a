/**
 * One check of a followed share, against the simulator over HTTP and a real SQLite file: what is
 * new is copied once to its relative path, whatever happens to the copy request on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { createFollowsRepo, type FollowRow } from '../../src/db/follows.repo.js';
import { checkShare, type FollowCheckDeps, type FollowNotifier, type FollowStopReason } from '../../src/jobs/follow/check.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { renamedCopies, startRig, testLogger, type Rig, type TestAccount } from './harness.js';

class RecordingFollowNotifier implements FollowNotifier {
  news: Array<{ names: string[]; path: string }> = [];
  stops: FollowStopReason[] = [];
  async found(_follow: FollowRow, news: { names: string[]; path: string }) {
    this.news.push(news);
  }
  async stopped(_follow: FollowRow, reason: FollowStopReason) {
    this.stops.push(reason);
  }
}

describe('a follow check', () => {
  let rig: Rig;
  let alice: TestAccount;
  beforeAll(async () => {
    rig = await startRig('embedded');
    alice = await rig.link('alice');
  });
  afterAll(async () => {
    await rig?.close();
  });

  /** A saved and followed share: the check's deps, its notifier and the share. */
  async function followed(name: string, episodes: string[]) {
    const share = rig.sim.addShare({ name, files: [{ name, children: episodes.map((e) => ({ name: e, size: 1000 })) }] });
    const job = rig.job(alice, { shareId: share.shareId });
    await rig.save(job);
    expect((await rig.notifier.outcome1(saveJobId(job))).kind).toBe('saved');
    const notifier = new RecordingFollowNotifier();
    const deps: FollowCheckDeps = { db: rig.database.db, client: rig.client, secretKey: rig.secretKey, accounts: createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }), notifier, logger: testLogger };
    const follows = createFollowsRepo(rig.database.db, rig.secretKey);
    const { row } = follows.create({
      telegramUserId: alice.telegramUserId,
      accountId: alice.id,
      chatId: alice.telegramUserId,
      shareId: share.shareId,
      shareName: '',
      targetPath: job.targetPath,
      saveJobId: saveJobId(job),
      nextCheckAt: 0,
    });
    await checkShare(share.shareId, deps);
    expect(follows.get(row.id)?.state).toBe('active');
    return { share, deps, notifier, follows, row, path: `${job.targetPath}/${name}` };
  }

  it('a copy whose answer was lost (5xx after copying) is found on the next check, not sent again', async () => {
    const { share, deps, notifier, path } = await followed('丢失回答', ['E01.mkv']);
    rig.sim.addToShare(share.shareId, [{ name: 'E02.mkv', size: 1000 }], '/丢失回答');
    rig.sim.failNext('/adrive/v4/batch', { status: 500, afterEffect: true });
    await expect(checkShare(share.shareId, deps)).rejects.toThrow();
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(2);
    await checkShare(share.shareId, deps);
    await checkShare(share.shareId, deps);
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(2);
    expect(rig.sim.tree(alice.sim.userId)[path]).toBe(2);
    expect(renamedCopies(rig.sim, alice.sim.userId)).toEqual([]);
    expect(notifier.news).toEqual([{ names: ['E02.mkv'], path }]);
  });

  it('a batch refused as a whole (429) copied nothing: the items go again on the next check', async () => {
    const { share, deps, notifier, path } = await followed('限流', ['E01.mkv']);
    rig.sim.addToShare(share.shareId, [{ name: 'E02.mkv', size: 1000 }], '/限流');
    rig.sim.failNext('/adrive/v4/batch', { status: 429, code: 'TooManyRequests' }, 20);
    await expect(checkShare(share.shareId, deps)).rejects.toThrow();
    rig.sim.clearFaults();
    expect(rig.sim.tree(alice.sim.userId)[path]).toBe(1);
    await checkShare(share.shareId, deps);
    expect(rig.sim.tree(alice.sim.userId)[path]).toBe(2);
    expect(notifier.news).toEqual([{ names: ['E02.mkv'], path }]);
  });

  it('new sub-folders are created at their relative path; known items are never copied again', async () => {
    const { share, deps, notifier, path } = await followed('多季', ['S01E01.mkv']);
    rig.sim.addToShare(share.shareId, [{ name: 'Season 2', children: [{ name: 'S02E01.mkv', size: 1000 }, { name: 'S02E02.mkv', size: 1000 }] }], '/多季');
    await checkShare(share.shareId, deps);
    expect(rig.sim.tree(alice.sim.userId)[`${path}/Season 2`]).toBe(2);
    expect(notifier.news).toEqual([{ names: ['S02E01.mkv', 'S02E02.mkv'], path: `${path}/Season 2` }]);
    // The user deletes the whole season folder: nothing of it comes back.
    const [season] = rig.sim.files(alice.sim.userId).filter((f) => f.name === 'Season 2');
    rig.sim.removeFile(alice.sim.userId, season!.fileId);
    await checkShare(share.shareId, deps);
    expect(rig.sim.tree(alice.sim.userId)[`${path}/Season 2`]).toBeUndefined();
    expect(notifier.news).toHaveLength(1);
  });

  it('an expired share pauses the follow and tells once', async () => {
    const { share, deps, notifier, follows, row } = await followed('过期', ['E01.mkv']);
    rig.sim.setShareState(share.shareId, 'expired');
    await checkShare(share.shareId, deps);
    await checkShare(share.shareId, deps);
    expect(follows.get(row.id)).toMatchObject({ state: 'paused', pausedReason: 'expired' });
    expect(notifier.stops).toEqual(['expired']);
  });
});
