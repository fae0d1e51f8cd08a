/**
 * One check of a followed share, against the simulator over HTTP and a real SQLite file: what is
 * new is copied once to its relative path, whatever happens to the copy request on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { createFollowsRepo, type FollowRow } from '../../src/db/follows.repo.js';
import { replaceFollowLink } from '../../src/jobs/follow/replace-link.js';
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

describe('a follow check with filters and a rename rule', () => {
  let rig: Rig;
  let bob: TestAccount;
  beforeAll(async () => {
    rig = await startRig('embedded');
    bob = await rig.link('bob');
  });
  afterAll(async () => {
    await rig?.close();
  });

  async function followed(name: string, episodes: Array<{ name: string; size: number }>) {
    const share = rig.sim.addShare({ name, files: [{ name, children: episodes }] });
    const job = rig.job(bob, { shareId: share.shareId });
    await rig.save(job);
    expect((await rig.notifier.outcome1(saveJobId(job))).kind).toBe('saved');
    const notifier = new RecordingFollowNotifier();
    const deps: FollowCheckDeps = { db: rig.database.db, client: rig.client, secretKey: rig.secretKey, accounts: createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }), notifier, logger: testLogger };
    const follows = createFollowsRepo(rig.database.db, rig.secretKey);
    const { row } = follows.create({ telegramUserId: bob.telegramUserId, accountId: bob.id, chatId: bob.telegramUserId, shareId: share.shareId, shareName: '', targetPath: job.targetPath, saveJobId: saveJobId(job), nextCheckAt: 0 });
    await checkShare(share.shareId, deps);
    return { share, deps, notifier, follows, row, path: `${job.targetPath}/${name}` };
  }
  const namesIn = (path: string) => {
    const folder = rig.sim.files(bob.sim.userId).find((f) => f.path === path);
    return rig.sim.files(bob.sim.userId).filter((f) => f.parentId === folder?.fileId).map((f) => f.name).sort();
  };

  it('copies only what the filters let through; what they turned away never comes, even after they are cleared', async () => {
    const { share, deps, notifier, follows, row, path } = await followed('筛选', [{ name: 'E01.mkv', size: 5000 }]);
    follows.setFilters(row.id, { include: ['*.mkv'], exclude: ['*sample*'], minSize: 1000 });
    rig.sim.addToShare(share.shareId, [
      { name: 'E02.mkv', size: 5000 },
      { name: 'E02.sample.mkv', size: 5000 },
      { name: 'E02.nfo', size: 5000 },
      { name: '预告.mkv', size: 10 },
    ], '/筛选');
    await checkShare(share.shareId, deps);
    expect(namesIn(path)).toEqual(['E01.mkv', 'E02.mkv']);
    expect(notifier.news).toEqual([{ names: ['E02.mkv'], path }]);
    follows.setFilters(row.id, { include: [], exclude: [], minSize: 0 });
    rig.sim.addToShare(share.shareId, [{ name: 'E03.nfo', size: 10 }], '/筛选');
    await checkShare(share.shareId, deps);
    expect(namesIn(path)).toEqual(['E01.mkv', 'E02.mkv', 'E03.nfo']);
    expect(notifier.news.at(-1)).toEqual({ names: ['E03.nfo'], path });
  });

  it('renames saved copies by the rule; a taken name keeps the copy its name and says so', async () => {
    const { share, deps, notifier, follows, row, path } = await followed('改名剧', [{ name: '改名剧 第1集.mkv', size: 5000 }]);
    follows.setRenameRule(row.id, { pattern: '*.mkv', template: 'S01E{n:02}' });
    rig.sim.addToShare(share.shareId, [{ name: '改名剧 第2集.mkv', size: 5000 }, { name: '花絮.mkv', size: 5000 }, { name: '第3集.mp4', size: 5000 }], '/改名剧');
    await checkShare(share.shareId, deps);
    expect(namesIn(path)).toEqual(['S01E02.mkv', '改名剧 第1集.mkv', '第3集.mp4', '花絮.mkv'].sort());
    expect(notifier.news).toHaveLength(1);
    expect(notifier.news[0]!.path).toBe(path);
    expect([...notifier.news[0]!.names].sort()).toEqual(['S01E02.mkv', '第3集.mp4', '花絮.mkv'].sort());
    // A second copy of episode 2: its name would be taken, so it keeps its own.
    rig.sim.addToShare(share.shareId, [{ name: '改名剧 第2集 重制.mkv', size: 5000 }], '/改名剧');
    await checkShare(share.shareId, deps);
    expect(namesIn(path)).toContain('改名剧 第2集 重制.mkv');
    expect(notifier.news.at(-1)).toEqual({ names: ['改名剧 第2集 重制.mkv'], path, notRenamed: [{ name: '改名剧 第2集 重制.mkv', wanted: 'S01E02.mkv' }] });
    expect(renamedCopies(rig.sim, bob.sim.userId)).toEqual([]);
    expect(rig.sim.countCopiesOf(share.shareId, bob.sim.userId)).toBe(5);
  });
});

describe('a new link for a paused follow', () => {
  let rig: Rig;
  let carol: TestAccount;
  beforeAll(async () => {
    rig = await startRig('embedded');
    carol = await rig.link('carol');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('is refused with a wrong password, for a share the account follows already, and for a follow that is not paused', async () => {
    const follows = createFollowsRepo(rig.database.db, rig.secretKey);
    const scheduled: string[] = [];
    const scheduler = {
      watch: async (id: string) => void scheduled.push(`watch ${id}`),
      unwatch: async (id: string) => void scheduled.push(`unwatch ${id}`),
      checkNow: async (id: string) => void scheduled.push(`check ${id}`),
      start: async () => undefined,
      close: async () => undefined,
    };
    const engine = { follows, scheduler, intervalMs: 60_000 };
    const deps = { client: rig.client };
    const old = rig.sim.addShare({ name: '旧', files: [{ name: '旧', children: [{ name: 'E01.mkv', size: 10 }] }] });
    const taken = rig.sim.addShare({ name: '另一个', files: [{ name: 'x.mkv', size: 10 }] });
    const locked = rig.sim.addShare({ name: '旧', password: 'pw12', files: [{ name: '旧', children: [{ name: 'E01.mkv', size: 10 }] }] });
    const base = { telegramUserId: carol.telegramUserId, accountId: carol.id, chatId: carol.telegramUserId, shareName: '旧', targetPath: '/Saves', target: { folderId: 'root', driveId: 'd' }, nextCheckAt: 0 };
    const { row } = follows.create({ ...base, shareId: old.shareId });
    // What the follow saved of the old share (old file ids; the new share has others, at the same paths).
    follows.remember(row.id, [{ shareFileId: 'old-folder', relPath: '旧', kind: 'folder' }, { shareFileId: 'old-e01', relPath: '旧/E01.mkv', kind: 'file' }]);
    follows.create({ ...base, shareId: taken.shareId });
    expect(await replaceFollowLink(row, { shareId: locked.shareId, password: 'pw12' }, deps, engine)).toEqual({ result: 'not_paused' });
    follows.pause(row.id, 'cancelled');
    const paused = follows.get(row.id)!;
    expect(await replaceFollowLink(paused, { shareId: locked.shareId, password: 'xxxx' }, deps, engine)).toEqual({ result: 'wrong_password' });
    expect(await replaceFollowLink(paused, { shareId: taken.shareId }, deps, engine)).toEqual({ result: 'already_followed' });
    expect(follows.get(row.id)).toMatchObject({ shareId: old.shareId, state: 'paused' });
    expect(scheduled).toEqual([]);
    expect(await replaceFollowLink(paused, { shareId: locked.shareId, password: 'pw12' }, deps, engine)).toEqual({ result: 'replaced', remembered: 2 });
    expect(follows.get(row.id)).toMatchObject({ shareId: locked.shareId, state: 'active', pausedReason: null });
    expect(follows.passwordOf(follows.get(row.id)!)).toBe('pw12');
    expect(scheduled).toEqual([`watch ${locked.shareId}`, `unwatch ${old.shareId}`, `check ${locked.shareId}`]);
  });
});
