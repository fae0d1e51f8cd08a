/**
 * The save pipeline as a user lives it, on both queue drivers: links go in, shares land in the
 * drive exactly once, and every way it can go wrong ends with its own message — through the
 * Aliyun simulator over HTTP, a real SQLite file and a real queue.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountKey, createAccounts } from '../../src/accounts.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { FailureKind, SaveOutcome } from '../../src/jobs/save-outcome.js';
import { enqueueSave, startSaveWorkers } from '../../src/jobs/save-queue.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { FAST, queueDrivers, REDIS_URL, renamedCopies, startRig, waitFor, type Rig, type TestAccount } from './harness.js';

const MiB = 1024 * 1024;
const drivers = await queueDrivers();

/** Lets any retry that would follow an outcome happen, so its calls would show. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe.each(drivers)('saving shares on the %s queue', (driver) => {
  let rig: Rig;
  let alice: TestAccount;

  beforeAll(async () => {
    rig = await startRig(driver);
    alice = await rig.link('alice');
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    rig.sim.setKnobs({ rateLimitRate: 0, serverErrorRate: 0, asyncTaskPolls: 2 });
    rig.sim.clearFaults();
  });

  it('the first save after /login reuses the login\'s access token and device session', async () => {
    const newcomer = await rig.link('newcomer');
    rig.sim.resetStats();
    const job = rig.job(newcomer, { shareId: rig.sim.catalogue.singleFile.shareId });
    await rig.save(job);
    expect((await rig.notifier.outcome1(saveJobId(job))).kind).toBe('saved');
    const byPath = rig.sim.stats().byPath;
    expect(byPath['/v2/account/token'] ?? 0).toBe(0);
    expect(byPath['/users/v1/users/device/create_session'] ?? 0).toBe(0);
    expect(byPath['/v2/user/get'] ?? 0).toBe(0);
    expect(byPath['/adrive/v4/batch']).toBe(1);
  });

  it('a second /login of the same user replaces the first login\'s session, and saves use the new one', async () => {
    const again = await rig.link('relinker');
    const first = rig.job(again, { shareId: rig.sim.catalogue.singleFile.shareId });
    await rig.save(first);
    expect((await rig.notifier.outcome1(saveJobId(first))).kind).toBe('saved');
    const relinked = await createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(again.telegramUserId, rig.sim.issueRefreshToken(again.sim.userId));
    expect(relinked.account.id).toBe(again.id);
    rig.sim.resetStats();
    const share = rig.sim.addShare({ name: 'after-relogin.txt', files: [{ name: 'after-relogin.txt', size: 10 }] });
    const second = rig.job(again, { shareId: share.shareId });
    await rig.save(second);
    expect((await rig.notifier.outcome1(saveJobId(second))).kind).toBe('saved');
    expect(rig.sim.stats().byPath['/v2/account/token'] ?? 0).toBe(0);
    expect(rig.sim.stats().byPath['/users/v1/users/device/create_session'] ?? 0).toBe(0);
    expect(createAccountsRepo(rig.database.db, rig.secretKey).getById(again.id)?.deviceId).toBe(relinked.account.deviceId);
  });

  it('a file share is saved into /Saves with at most 3 Aliyun calls once the account and folder are known', async () => {
    const warmUp = rig.sim.addShare({ name: 'warm-up.txt', files: [{ name: 'warm-up.txt', size: 1024 }] });
    const first = rig.job(alice, { shareId: warmUp.shareId });
    await rig.save(first);
    expect((await rig.notifier.outcome1(saveJobId(first))).kind).toBe('saved');

    const share = rig.sim.addShare({ name: 'Big.Buck.Bunny.mp4', files: [{ name: 'Big.Buck.Bunny.mp4', size: 64 * MiB }] });
    rig.sim.resetStats();
    const job = rig.job(alice, { shareId: share.shareId });
    expect(await rig.save(job)).toEqual({ jobId: saveJobId(job), queued: true });

    // Copied at once (201) and listed as a file by the share: one file, known without asking.
    expect(await rig.notifier.outcome1(saveJobId(job))).toEqual({
      kind: 'saved',
      shareName: 'Big.Buck.Bunny.mp4',
      targetPath: '/Saves',
      items: 1,
      files: 1,
    });
    expect(rig.sim.stats().total).toBeLessThanOrEqual(3);
    expect(rig.sim.findByName(alice.sim.userId, 'Big.Buck.Bunny.mp4').map((f) => f.path)).toEqual(['/Saves/Big.Buck.Bunny.mp4']);
    expect(rig.notifier.progressOf(saveJobId(job))[0]).toEqual({ stage: 'opening' });
  });

  it('a folder share is copied by an async task, polled to Succeed, with progress along the way', async () => {
    rig.sim.setKnobs({ asyncTaskPolls: 4 });
    const episodes = Array.from({ length: 8 }, (_, i) => ({ name: `S01E0${i + 1}.mkv`, size: 3 * MiB }));
    const share = rig.sim.addShare({
      name: '地球脉动',
      files: [{ name: '地球脉动', children: [{ name: 'Season 1', children: episodes }, { name: 'cover.jpg', size: MiB }] }],
    });
    rig.sim.resetStats();
    const job = rig.job(alice, { shareId: share.shareId });
    await rig.save(job);

    const outcome = await rig.notifier.outcome1(saveJobId(job));
    // 8 episodes + 1 cover: the files, not the 2 folders that hold them.
    expect(outcome).toEqual({ kind: 'saved', shareName: '地球脉动', targetPath: '/Saves', items: 1, files: 9 });
    expect(rig.sim.files(alice.sim.userId).filter((f) => f.type === 'file' && f.path.startsWith('/Saves/地球脉动/'))).toHaveLength(9);
    expect(rig.sim.tree(alice.sim.userId)['/Saves/地球脉动/Season 1']).toBe(8);
    expect(rig.sim.stats().byPath['/v2/async_task/get']).toBe(5);

    const copying = rig.notifier.progressOf(saveJobId(job)).flatMap((p) => (p.stage === 'copying' ? [p] : []));
    expect(copying.length).toBeGreaterThanOrEqual(3);
    expect(copying.every((p) => p.shareName === '地球脉动' && p.total === 9)).toBe(true);
    const done = copying.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[0]).toBeLessThan(9);
    expect(done.at(-1)).toBe(9);
  });

  it('a 250-item share goes out in 3 batches and lands whole', async () => {
    const files = Array.from({ length: 250 }, (_, i) => ({ name: `wallpaper-${String(i + 1).padStart(3, '0')}.jpg`, size: 1024 }));
    const share = rig.sim.addShare({ name: '壁纸合集 250张', files });
    rig.sim.resetStats();
    const job = rig.job(alice, { shareId: share.shareId, targetPath: '/Wallpapers' });
    await rig.save(job);

    expect(await rig.notifier.outcome1(saveJobId(job))).toEqual({
      kind: 'saved',
      shareName: '壁纸合集 250张',
      targetPath: '/Wallpapers',
      items: 250,
      files: 250,
    });
    expect(rig.sim.stats().byPath['/adrive/v4/batch']).toBe(3);
    expect(rig.sim.tree(alice.sim.userId)['/Wallpapers']).toBe(250);
    const copying = rig.notifier.progressOf(saveJobId(job)).flatMap((p) => (p.stage === 'copying' ? [p.done] : []));
    expect(copying).toEqual([100, 200, 250]);
  });

  it('a copy whose answer was lost (502 after the copy happened) is found in the folder, not copied again', async () => {
    const share = rig.sim.addShare({
      name: 'lost answer',
      files: [{ name: 'lost-a.pdf', size: 1024 }, { name: 'lost-b.pdf', size: 1024 }, { name: 'lost-folder', children: [{ name: 'inner.txt', size: 10 }] }],
    });
    rig.sim.failNext('/adrive/v4/batch', { status: 502, afterEffect: true });
    const job = rig.job(alice, { shareId: share.shareId, targetPath: '/Lost' });
    await rig.save(job);

    expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'saved', items: 3 });
    rig.sim.settleTasks(); // the folder's background copy finishes on Aliyun's side
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(3);
    expect(renamedCopies(rig.sim, alice.sim.userId)).toEqual([]);
    expect(rig.sim.tree(alice.sim.userId)['/Lost']).toBe(2);
    expect(rig.sim.tree(alice.sim.userId)['/Lost/lost-folder']).toBe(1);
  });

  it('a deleted target folder is found again (created anew) and the batch is sent once more', async () => {
    const bea = await rig.link('bea');
    const one = rig.sim.addShare({ name: 'one.txt', files: [{ name: 'one.txt', size: 10 }] });
    const two = rig.sim.addShare({ name: 'two.txt', files: [{ name: 'two.txt', size: 10 }] });
    const first = rig.job(bea, { shareId: one.shareId, targetPath: '/Keep' });
    await rig.save(first);
    await rig.notifier.outcome1(saveJobId(first));
    const folder = rig.sim.files(bea.sim.userId).find((f) => f.path === '/Keep');
    rig.sim.removeFile(bea.sim.userId, folder?.fileId ?? '');

    const second = rig.job(bea, { shareId: two.shareId, targetPath: '/Keep' });
    await rig.save(second);
    expect(await rig.notifier.outcome1(saveJobId(second))).toMatchObject({ kind: 'saved', items: 1 });
    expect(rig.sim.findByName(bea.sim.userId, 'two.txt').map((f) => f.path)).toEqual(['/Keep/two.txt']);
  });

  it('with 30% 429s and 10% 5xx, twenty saves all end saved, each exactly once', async () => {
    const cleo = await rig.link('cleo');
    const shares = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 0
        ? rig.sim.addShare({ name: `storm ${i}`, files: [{ name: `storm-${i}`, children: [{ name: `s${i}-1.txt`, size: 10 }, { name: `s${i}-2.txt`, size: 10 }] }] })
        : rig.sim.addShare({ name: `storm ${i}`, files: [{ name: `storm-${i}-a.txt`, size: 10 }, { name: `storm-${i}-b.txt`, size: 10 }] }),
    );
    rig.sim.resetStats();
    rig.sim.setKnobs({ rateLimitRate: 0.3, serverErrorRate: 0.1 });
    const jobs = shares.map((share) => rig.job(cleo, { shareId: share.shareId, targetPath: '/Storm' }));
    for (const job of jobs) expect((await rig.save(job)).queued).toBe(true);

    const outcomes = await Promise.all(jobs.map((job) => rig.notifier.outcome1(saveJobId(job), 45_000)));
    rig.sim.setKnobs({ rateLimitRate: 0, serverErrorRate: 0 });
    await settle();

    expect(outcomes.map((o) => o.kind)).toEqual(jobs.map(() => 'saved'));
    expect(jobs.map((job) => rig.notifier.outcomes(saveJobId(job)).length)).toEqual(jobs.map(() => 1));
    const injected = rig.sim.stats().injected;
    expect(injected.rateLimited).toBeGreaterThan(0);
    expect(injected.serverErrors).toBeGreaterThan(0);
    rig.sim.settleTasks();
    expect(shares.map((share) => rig.sim.countCopiesOf(share.shareId, cleo.sim.userId))).toEqual(shares.map((_, i) => (i % 4 === 0 ? 1 : 2)));
    expect(renamedCopies(rig.sim, cleo.sim.userId)).toEqual([]);
    const tree = rig.sim.tree(cleo.sim.userId);
    expect(tree['/Storm']).toBe(15 * 2);
    for (let i = 0; i < 20; i += 4) expect(tree[`/Storm/storm-${i}`]).toBe(2);
  });

  it('a /folder/ link saves only that folder, and chosen files save only those', async () => {
    const share = rig.sim.addShare({
      name: '动漫合集',
      files: [
        { name: '动漫合集', children: [{ name: 'Season 2', children: [{ name: 'ep1.mkv', size: 10 }, { name: 'ep2.mkv', size: 10 }] }, { name: 'extra.txt', size: 10 }] },
        { name: 'pick-1.txt', size: 10 },
        { name: 'pick-2.txt', size: 10 },
        { name: 'pick-3.txt', size: 10 },
      ],
    });
    const published = rig.sim.files(rig.sim.catalogue.ownerUserId);
    const idOf = (name: string) => published.find((f) => f.name === name && f.path.includes(`/${name}`))?.fileId ?? '';
    const season = published.find((f) => f.name === 'Season 2' && f.path.endsWith('动漫合集/Season 2'))?.fileId ?? '';

    const folderJob = rig.job(alice, { shareId: share.shareId, folderId: season, targetPath: '/Anime' });
    await rig.save(folderJob);
    expect(await rig.notifier.outcome1(saveJobId(folderJob))).toMatchObject({ kind: 'saved', items: 1 });
    expect(rig.sim.tree(alice.sim.userId)['/Anime/Season 2']).toBe(2);
    expect(rig.sim.findByName(alice.sim.userId, 'extra.txt')).toEqual([]);

    const chosenJob = rig.job(alice, { shareId: share.shareId, fileIds: [idOf('pick-1.txt'), idOf('pick-3.txt')], targetPath: '/Picked' });
    await rig.save(chosenJob);
    expect(await rig.notifier.outcome1(saveJobId(chosenJob))).toMatchObject({ kind: 'saved', items: 2 });
    expect(rig.sim.files(alice.sim.userId).filter((f) => f.path.startsWith('/Picked/')).map((f) => f.name).sort()).toEqual(['pick-1.txt', 'pick-3.txt']);
  });

  it('a /folder/ link whose copy answer was lost is looked up by the folder\'s name, not copied again', async () => {
    const share = rig.sim.addShare({
      name: 'nested',
      files: [{ name: 'outer', children: [{ name: 'deep folder', children: [{ name: 'deep.txt', size: 10 }] }] }],
    });
    const deep = rig.sim.files(rig.sim.catalogue.ownerUserId).find((f) => f.path.endsWith('outer/deep folder'))?.fileId ?? '';
    rig.sim.failNext('/adrive/v4/batch', { status: 504, afterEffect: true });
    const job = rig.job(alice, { shareId: share.shareId, folderId: deep, targetPath: '/Deep' });
    await rig.save(job);
    expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'saved', items: 1 });
    rig.sim.settleTasks();
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(1);
    expect(rig.sim.tree(alice.sim.userId)['/Deep/deep folder']).toBe(1);
    expect(renamedCopies(rig.sim, alice.sim.userId)).toEqual([]);
  });

  it('long 429 pauses park the job without spending its attempts', async () => {
    const share = rig.sim.addShare({ name: 'patience.txt', files: [{ name: 'patience.txt', size: 10 }] });
    // Seven answers that ask for more than the client waits: more than the job's six attempts.
    rig.sim.failNext('/adrive/v2/share_link/get_share_by_anonymous', { status: 429, code: 'TooManyRequests', retryAfterMs: 300 }, 7);
    const job = rig.job(alice, { shareId: share.shareId });
    await rig.save(job);
    expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'saved', items: 1 });
  });

  it('Aliyun failing on every attempt ends as "busy" on the last one, after a bounded number of calls', async () => {
    const share = rig.sim.addShare({ name: 'unlucky.txt', files: [{ name: 'unlucky.txt', size: 10 }] });
    rig.sim.failNext('/adrive/v2/share_link/get_share_by_anonymous', { status: 503 }, 1_000);
    rig.sim.resetStats();
    const job = rig.job(alice, { shareId: share.shareId });
    await rig.save(job);
    expect(await rig.notifier.outcome1(saveJobId(job), 30_000)).toMatchObject({ kind: 'failed', reason: 'busy' });
    await settle();
    // 6 attempts × (1 call + 5 client retries), then nothing more.
    expect(rig.sim.stats().byPath['/adrive/v2/share_link/get_share_by_anonymous']).toBe(36);
    expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
  });

  describe('each failure ends with its own message and no retry storm', () => {
    const cases: Array<{ name: string; reason: FailureKind; share: () => { shareId: string; password?: string }; calls: Record<string, number> }> = [
      {
        name: 'a wrong password',
        reason: 'wrong_password',
        share: () => ({ shareId: rig.sim.catalogue.password.shareId, password: 'zzzz' }),
        calls: { '/v2/share_link/get_share_token': 1, '/adrive/v4/batch': 0 },
      },
      {
        name: 'a missing password',
        reason: 'missing_password',
        share: () => ({ shareId: rig.sim.catalogue.password.shareId }),
        calls: { '/v2/share_link/get_share_token': 1, '/adrive/v4/batch': 0 },
      },
      { name: 'a cancelled share', reason: 'cancelled', share: () => ({ shareId: rig.sim.catalogue.cancelled.shareId }), calls: { '/adrive/v2/share_link/get_share_by_anonymous': 1 } },
      { name: 'an expired share', reason: 'expired', share: () => ({ shareId: rig.sim.catalogue.expired.shareId }), calls: { '/adrive/v2/share_link/get_share_by_anonymous': 1 } },
      { name: 'a blocked share', reason: 'forbidden', share: () => ({ shareId: rig.sim.catalogue.forbidden.shareId }), calls: { '/adrive/v2/share_link/get_share_by_anonymous': 1 } },
      { name: 'a share that does not exist', reason: 'not_found', share: () => ({ shareId: rig.sim.catalogue.notFound.shareId }), calls: { '/adrive/v2/share_link/get_share_by_anonymous': 1 } },
    ];

    it.each(cases)('$name → $reason', async ({ reason, share, calls }) => {
      const job = rig.job(alice, share());
      rig.sim.resetStats();
      await rig.save(job);
      const outcome = await rig.notifier.outcome1(saveJobId(job));
      await settle();

      expect(outcome).toMatchObject({ kind: 'failed', reason });
      expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
      const byPath = rig.sim.stats().byPath;
      for (const [path, count] of Object.entries(calls)) expect(byPath[path] ?? 0).toBe(count);
      expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: reason });
    });

    it('a full drive → drive_full, after one batch', async () => {
      const dora = await rig.link('dora', { quotaBytes: MiB });
      const share = rig.sim.addShare({ name: 'too big.iso', files: [{ name: 'too big.iso', size: 5 * MiB }] });
      rig.sim.resetStats();
      const job = rig.job(dora, { shareId: share.shareId });
      await rig.save(job);
      expect(await rig.notifier.outcome1(saveJobId(job))).toEqual({ kind: 'failed', reason: 'drive_full', shareName: 'too big.iso' });
      await settle();
      expect(rig.sim.stats().byPath['/adrive/v4/batch']).toBe(1);
      expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
    });

    it('a drive that fills up midway → partial, saying how much made it', async () => {
      const emil = await rig.link('emil', { quotaBytes: 10 * MiB });
      const share = rig.sim.addShare({
        name: '课程合集',
        files: [{ name: '课程合集', children: Array.from({ length: 8 }, (_, i) => ({ name: `lesson-${i + 1}.mp4`, size: 2 * MiB })) }],
      });
      const job = rig.job(emil, { shareId: share.shareId });
      await rig.save(job);
      const outcome = await rig.notifier.outcome1(saveJobId(job));
      await settle();
      // 5 of the 8 lessons fitted: counted in files, as the drive shows them.
      expect(outcome).toEqual({ kind: 'partial', shareName: '课程合集', targetPath: '/Saves', reason: 'drive_full', copied: 5, total: 8, unit: 'files' });
      expect(rig.sim.tree(emil.sim.userId)['/Saves/课程合集']).toBe(5);
      expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
    });

    it('an account that must log in again → relogin, without calling Aliyun', async () => {
      const finn = await rig.link('finn');
      createAccountsRepo(rig.database.db, rig.secretKey).markNeedsRelogin(finn.id);
      rig.sim.resetStats();
      const job = rig.job(finn, { shareId: rig.sim.catalogue.singleFile.shareId });
      await rig.save(job);
      expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'failed', reason: 'relogin' });
      await settle();
      expect(rig.sim.stats().total).toBe(0);
    });

    it('a refresh token Aliyun rejects → relogin, and the account is flagged', async () => {
      const gina = await rig.link('gina');
      const accounts = createAccountsRepo(rig.database.db, rig.secretKey);
      accounts.updateRefreshToken(gina.id, 'a-token-aliyun-no-longer-knows');
      rig.client.dropSession(accountKey(gina.id));
      rig.sim.resetStats();
      const job = rig.job(gina, { shareId: rig.sim.catalogue.singleFile.shareId });
      await rig.save(job);
      expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'failed', reason: 'relogin' });
      await settle();
      expect(rig.sim.stats().byPath['/v2/account/token']).toBe(1);
      expect(rig.sim.stats().byPath['/adrive/v4/batch'] ?? 0).toBe(0);
      expect(accounts.getById(gina.id)?.needsRelogin).toBe(true);
    });
  });

  it('a Telegram update delivered twice queues the save once', async () => {
    const share = rig.sim.addShare({ name: 'twice.epub', files: [{ name: 'twice.epub', size: 100 }] });
    const job = rig.job(alice, { shareId: share.shareId });
    const first = await rig.save(job);
    const again = await rig.save({ ...job });
    expect(first.queued).toBe(true);
    expect(again).toEqual({ jobId: first.jobId, queued: false });

    await rig.notifier.outcome1(first.jobId);
    expect(await rig.save({ ...job })).toEqual({ jobId: first.jobId, queued: false });
    await settle();
    expect(rig.notifier.outcomes(first.jobId)).toHaveLength(1);
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(1);
  });

  it('a share saved before is reported as a duplicate and not copied; "again" copies it anyway', async () => {
    const share = rig.sim.addShare({ name: 'notes.md', files: [{ name: 'notes.md', size: 100 }] });
    const first = rig.job(alice, { shareId: share.shareId });
    await rig.save(first);
    await rig.notifier.outcome1(saveJobId(first));
    const savedAt = createSavesRepo(rig.database.db).get(saveJobId(first))?.finishedAt;

    rig.sim.resetStats();
    const second = rig.job(alice, { shareId: share.shareId });
    await rig.save(second);
    expect(await rig.notifier.outcome1(saveJobId(second))).toEqual({ kind: 'duplicate', shareName: 'notes.md', targetPath: '/Saves', savedAt });
    expect(rig.sim.stats().total).toBe(0);
    expect(rig.sim.countCopiesOf(share.shareId, alice.sim.userId)).toBe(1);

    const third = rig.job(alice, { shareId: share.shareId, again: true });
    await rig.save(third);
    expect((await rig.notifier.outcome1(saveJobId(third))).kind).toBe('saved');
    expect(rig.sim.findByName(alice.sim.userId, 'notes(1).md')).toHaveLength(1);
  });

  it('a worker killed (SIGKILL) mid-poll and started again finishes with exactly one copy', { timeout: 90_000 }, async () => {
    const kim = await rig.link('kim');
    const share = rig.sim.addShare({
      name: 'Crash Course',
      files: [{ name: 'Crash Course', children: Array.from({ length: 6 }, (_, i) => ({ name: `part-${i + 1}.mp4`, size: MiB })) }],
    });
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 }); // the task stays Running while the worker dies
    const queueName = `crash-${randomUUID().slice(0, 8)}`;
    const crashQueue = rig.makeQueue(queueName);
    const job = rig.job(kim, { shareId: share.shareId, targetPath: '/Crash' });
    const jobId = saveJobId(job);

    const worker = spawnWorker(rig, queueName);
    try {
      await worker.ready;
      expect((await enqueueSave(crashQueue, rig.database.db, job)).queued).toBe(true);
      const saves = createSavesRepo(rig.database.db);
      await waitFor(() => saves.items(jobId).some((item) => item.state === 'accepted' && item.asyncTaskId !== null), 20_000, 'the copy to be accepted');
      const polls = rig.sim.stats().byPath['/v2/async_task/get'] ?? 0;
      await waitFor(() => (rig.sim.stats().byPath['/v2/async_task/get'] ?? 0) > polls + 1, 10_000, 'the worker to poll');
    } catch (err) {
      throw new Error(`${String(err)}; worker said:\n${worker.lines.join('\n')}`);
    } finally {
      await killGroup(worker.child);
    }
    expect(worker.lines.some((line) => line.includes('"event":"outcome"'))).toBe(false);
    expect(rig.notifier.outcomes(jobId)).toEqual([]);

    rig.sim.setKnobs({ asyncTaskPolls: 2 });
    await startSaveWorkers(crashQueue, rig.deps, { concurrency: 1 });
    const outcome: SaveOutcome = await rig.notifier.outcome1(jobId, 20_000);

    expect(outcome).toMatchObject({ kind: 'saved', shareName: 'Crash Course', items: 1, files: 6 });
    expect(rig.sim.countCopiesOf(share.shareId, kim.sim.userId)).toBe(1);
    expect(rig.sim.findByName(kim.sim.userId, 'Crash Course').map((f) => f.path)).toEqual(['/Crash/Crash Course']);
    expect(rig.sim.tree(kim.sim.userId)['/Crash/Crash Course']).toBe(6);
    expect(renamedCopies(rig.sim, kim.sim.userId)).toEqual([]);
  });
});

interface SpawnedWorker {
  child: ChildProcess;
  /** Every line it printed. */
  lines: string[];
  /** Resolves once it reports `ready`. */
  ready: Promise<void>;
}

/** Starts `test/jobs/fixtures/worker.ts` in its own process group (npx → tsx → node). */
function spawnWorker(rig: Rig, queueName: string): SpawnedWorker {
  const child = spawn('npx', ['tsx', 'test/jobs/fixtures/worker.ts'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DB_FILE: rig.dbFile,
      SECRET_KEY_HEX: rig.secretKeyHex,
      SIM_URL: rig.sim.url,
      SIM_USER_URL: rig.sim.userUrl,
      QUEUE_NAME: queueName,
      REDIS_URL: rig.driver === 'bullmq' ? REDIS_URL : '',
      QUEUE_PREFIX: rig.bullPrefix,
      LOCK_MS: String(FAST.lockDurationMs),
      STALLED_MS: String(FAST.stalledIntervalMs),
    },
  });
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the worker did not start within 45 s')), 45_000);
    const onLine = (line: string) => {
      lines.push(line);
      if (line.includes('"event":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => lines.push(`stderr: ${line}`));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before it was ready`));
    });
  });
  ready.catch(() => {});
  return { child, lines, ready };
}

/** Kills the worker's whole process group at once, as a crash would. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGKILL');
  await exited;
}
