/**
 * The rules a save follows along the way, not only how it ends — each as a story a user would
 * notice. Runs of the processor are driven one by one (no queue), so what happens between runs
 * (Aliyun asking for a pause, another account linked, a file vanishing) is certain, and time is
 * a fake clock: the waits between polls are checked to the millisecond.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { AliyunError } from '../../src/api/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { Clock } from '../../src/jobs/clock.js';
import { FinalJobError, RateLimitedJobError } from '../../src/jobs/errors.js';
import { saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import type { SaveShareDeps } from '../../src/jobs/index.js';
import { accountsVia, FAST, renamedCopies, startRig, type Rig, type TestAccount, runSaveOnce, sharedFileId } from './harness.js';
import { startItemFaultProxy, type ItemFaultProxy } from './item-fault-proxy.js';
import { fakeClock } from './fake-clock.js';

const KiB = 1024;
const BATCH = '/adrive/v4/batch';
const LIST = '/adrive/v3/file/list';
const SHARE_INFO = '/adrive/v2/share_link/get_share_by_anonymous';

let rig: Rig;
let proxy: ItemFaultProxy;
/** The rig's deps, with a client that talks to Aliyun through the item-fault proxy. */
let deps: SaveShareDeps;

beforeAll(async () => {
  rig = await startRig('embedded');
  proxy = await startItemFaultProxy(rig.sim.url);
  deps = { ...rig.deps, accounts: accountsVia(rig, proxy.url) };
});
afterAll(async () => {
  await proxy?.close();
  await rig?.close();
});
beforeEach(() => {
  rig.sim.setKnobs({ asyncTaskPolls: 2 });
  rig.sim.clearFaults();
});

/** One run of the job; resolves to what it threw (undefined when it ended normally). */
function run(job: SaveShareJob, attemptsMade = 0, extra: Partial<SaveShareDeps> = {}): Promise<unknown> {
  return runSaveOnce({ ...deps, ...extra }, job, attemptsMade);
}

function calls(path: string): number {
  return rig.sim.stats().byPath[path] ?? 0;
}

function sharedId(suffix: string): string {
  return sharedFileId(rig.sim, suffix);
}

function files(prefix: string, count: number, size = KiB) {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${String(i + 1).padStart(3, '0')}.jpg`, size }));
}

let nextName = 0;
async function newUser(quotaBytes?: number): Promise<TestAccount> {
  nextName += 1;
  return rig.link(`user-${nextName}`, quotaBytes === undefined ? {} : { quotaBytes });
}

describe('a full drive', () => {
  it('a 250-item share into a drive that fills after the first batch: the third batch is never sent, the user is told 100 were saved', async () => {
    const user = await newUser(100 * KiB);
    const share = rig.sim.addShare({ name: '壁纸 250', files: files('fill', 250) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Fill' });
    rig.sim.resetStats();

    expect(await run(job)).toBeUndefined();

    // Batch 1 copies 100 and fills the drive; batch 2's items all fail on it; batch 3 could only fail the same way.
    expect(calls(BATCH)).toBe(2);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([
      { kind: 'partial', reason: 'drive_full', shareName: '壁纸 250', targetPath: '/Fill', copied: 100, total: 250, unit: 'files' },
    ]);
    expect(rig.sim.tree(user.sim.userId)['/Fill']).toBe(100);
    const items = createSavesRepo(rig.database.db).items(saveJobId(job));
    expect(items.filter((item) => item.state === 'pending')).toHaveLength(50);
  });

  it('a 150-item share into a drive with no room: one batch, and "drive full" — not "partial, 0 of 150"', async () => {
    const user = await newUser(KiB / 2);
    const share = rig.sim.addShare({ name: 'no room', files: files('room', 150) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/NoRoom' });
    rig.sim.resetStats();

    expect(await run(job)).toBeInstanceOf(FinalJobError);

    expect(calls(BATCH)).toBe(1);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'drive_full', shareName: 'no room' }]);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: 'drive_full' });
  });
});

describe('an item Aliyun refuses for now', () => {
  it('a 5xx on one item of a batch is not re-sent at once: the run ends, the queue\'s backoff decides when', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'flaky item', files: files('flaky', 3) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Flaky' });
    proxy.refuse(sharedId('flaky-002.jpg'), { status: 503, code: 'ServiceUnavailable' }, 2);
    rig.sim.resetStats();
    const sizesBefore = proxy.batchSizes.length;

    // Run 1: two items copied, one refused with a 5xx (it may have happened): the run fails to be retried.
    const first = await run(job);
    expect(first).toBeInstanceOf(AliyunError);
    expect(first).toMatchObject({ code: 'ServiceUnavailable', retryable: true });
    expect(first).not.toBeInstanceOf(FinalJobError);
    expect(calls(BATCH)).toBe(1);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);

    // Run 2: it is looked for in the folder first (not there), then sent alone — refused again.
    expect(await run(job, 1)).toMatchObject({ code: 'ServiceUnavailable' });
    expect(calls(LIST)).toBe(1);
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([3, 1]);

    // Run 3: it goes through; the save ends whole, with no second copy of anything.
    expect(await run(job, 2)).toBeUndefined();
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([3, 1, 1]);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'flaky item', targetPath: '/Flaky', items: 3, files: 3 }]);
    expect(rig.sim.tree(user.sim.userId)['/Flaky']).toBe(3);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
  });

  it('…and not forever: refused on every attempt, the last one tells the user Aliyun is busy', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'stubborn', files: files('stubborn', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Stubborn' });
    proxy.refuse(sharedId('stubborn-001.jpg'), { status: 500, code: 'InternalError' }, 100);
    const sizesBefore = proxy.batchSizes.length;

    for (const attemptsMade of [0, 1]) {
      expect(await run(job, attemptsMade, { maxAttempts: 3 })).toMatchObject({ code: 'InternalError' });
      expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    }
    expect(await run(job, 2, { maxAttempts: 3 })).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'busy', shareName: 'stubborn', detail: 'InternalError' }]);
    // One batch per attempt, never more; after the first, only the refused item.
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([2, 1, 1]);
    // A run after the end does nothing.
    expect(await run(job, 3, { maxAttempts: 3 })).toBeUndefined();
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([2, 1, 1]);
  });

  it('a 429 on one item parks the job for 1 s (no wait given) and the item alone goes again, with no look in the folder', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'slow item', files: files('slowitem', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SlowItem' });
    proxy.refuse(sharedId('slowitem-002.jpg'), { status: 429, code: 'TooManyRequests' }, 1);
    rig.sim.resetStats();
    const sizesBefore = proxy.batchSizes.length;

    const parked = await run(job);
    expect(parked).toBeInstanceOf(RateLimitedJobError);
    expect((parked as RateLimitedJobError).delayMs).toBe(1_000);
    expect(calls(BATCH)).toBe(1);

    expect(await run(job)).toBeUndefined();
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([2, 1]);
    expect(calls(LIST)).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 2 }]);
  });
});

describe('a long 429', () => {
  it('parks the job for exactly the wait the server asked for, and the batch goes again whole without a look in the folder', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'patient', files: files('patient', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Patient' });
    rig.sim.failNext(BATCH, { status: 429, code: 'TooManyRequests', retryAfterMs: 7_250 });
    rig.sim.resetStats();

    const parked = await run(job);
    expect(parked).toBeInstanceOf(RateLimitedJobError);
    expect((parked as RateLimitedJobError).delayMs).toBe(7_250);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);

    expect(await run(job)).toBeUndefined();
    expect(calls(LIST)).toBe(0);
    expect(calls(BATCH)).toBe(2);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 2 }]);
  });

  it('a 429 whose wait is in seconds (Retry-After) parks the job for that many seconds', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'patient-sec.txt', files: [{ name: 'patient-sec.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    rig.sim.failNext(SHARE_INFO, { status: 429, code: 'TooManyRequests', retryAfterSec: 3 });

    const parked = await run(job);
    expect(parked).toBeInstanceOf(RateLimitedJobError);
    expect((parked as RateLimitedJobError).delayMs).toBe(3_000);
  });
});

describe('the account behind a save', () => {
  it('a job planned for one Aliyun account, resumed after /login linked another, ends "logged out" and copies nothing into either drive', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'planned', files: files('planned', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Planned' });
    rig.sim.failNext(BATCH, { status: 429, code: 'TooManyRequests', retryAfterMs: 5_000 });
    expect(await run(job)).toBeInstanceOf(RateLimitedJobError);

    const other = rig.sim.addAccount({ nickName: 'other drive' });
    await createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(user.telegramUserId, other.refreshToken);
    rig.sim.resetStats();

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'logged_out', shareName: 'planned', detail: 'another account was linked' }]);
    expect(calls(BATCH)).toBe(0);
    expect(rig.sim.countCopiesOf(share.shareId)).toBe(0);
    expect(rig.sim.tree(other.userId)['/Planned']).toBeUndefined();
  });

  it('the same account logged in again meanwhile: the resumed job goes on and saves', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'relogged', files: files('relogged', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Relogged' });
    rig.sim.failNext(BATCH, { status: 429, code: 'TooManyRequests', retryAfterMs: 5_000 });
    expect(await run(job)).toBeInstanceOf(RateLimitedJobError);
    await createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(user.telegramUserId, rig.sim.issueRefreshToken(user.sim.userId));

    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 2 }]);
  });

  it('another account linked while a folder is being copied: the next round of polling stops the save', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Switched', files: [{ name: 'Switched', children: [{ name: 'a.txt', size: 10 }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Switched' });
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
    const other = rig.sim.addAccount({ nickName: 'switched to' });
    let relinked: Promise<unknown> = Promise.resolve();
    const clock = fakeClock((_ms, count) => {
      if (count === 1) relinked = createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(user.telegramUserId, other.refreshToken);
    });
    const sleepThenLink: Clock = { now: clock.now, sleep: async (ms, signal) => { await clock.sleep(ms, signal); await relinked; } };

    expect(await run(job, 0, { clock: sleepThenLink })).toBeInstanceOf(FinalJobError);
    expect(clock.slept).toEqual([FAST.poll.firstMs]);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'logged_out', shareName: 'Switched', detail: 'another account was linked' }]);
  });

  it('/logout while a folder is being copied: the next round of polling stops the save', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Left', files: [{ name: 'Left', children: [{ name: 'a.txt', size: 10 }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Left' });
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
    const clock = fakeClock((_ms, count) => {
      if (count === 2) createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).unlink(user.telegramUserId);
    });

    expect(await run(job, 0, { clock })).toBeInstanceOf(FinalJobError);
    expect(clock.slept).toHaveLength(2);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'logged_out', shareName: 'Left', detail: 'the account was logged out' }]);
  });
});

describe('a share saved before', () => {
  it('picked files of a share saved whole before are saved, not turned away as "already saved"; the whole share again is', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'album', files: [{ name: 'album-a.flac', size: 10 }, { name: 'album-b.flac', size: 10 }] });
    const whole = rig.job(user, { shareId: share.shareId, targetPath: '/Album' });
    expect(await run(whole)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(whole))).toMatchObject([{ kind: 'saved', items: 2 }]);

    const picked = rig.job(user, { shareId: share.shareId, targetPath: '/Album', fileIds: [sharedId('album-b.flac')] });
    expect(await run(picked)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(picked))).toEqual([{ kind: 'saved', shareName: 'album', targetPath: '/Album', items: 1, files: 1 }]);
    expect(rig.sim.findByName(user.sim.userId, 'album-b(1).flac')).toHaveLength(1);

    rig.sim.resetStats();
    const repeat = rig.job(user, { shareId: share.shareId, targetPath: '/Album' });
    expect(await run(repeat)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(repeat))).toMatchObject([{ kind: 'duplicate', shareName: 'album', targetPath: '/Album' }]);
    expect(rig.sim.stats().total).toBe(0);
  });

  it('an empty list of picked files is the whole share: turned away when saved before', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'once.txt', files: [{ name: 'once.txt', size: 10 }] });
    expect(await run(rig.job(user, { shareId: share.shareId }))).toBeUndefined();
    const again = rig.job(user, { shareId: share.shareId, fileIds: [] });
    expect(await run(again)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(again))).toMatchObject([{ kind: 'duplicate', shareName: 'once.txt' }]);
  });
});

describe('following a folder\'s copy', () => {
  it('waits 100, 150, 225, 338 ms between polls: each wait half again the last (×1.5, rounded)', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Growing', files: [{ name: 'Growing', children: [{ name: 'a.txt', size: 10 }, { name: 'b.txt', size: 10 }] }] });
    rig.sim.setKnobs({ asyncTaskPolls: 4 });
    const clock = fakeClock();
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Growing' });

    expect(await run(job, 0, { clock, poll: { firstMs: 100, maxMs: 10_000, overallMs: 60_000 } })).toBeUndefined();
    expect(clock.slept).toEqual([100, 150, 225, 338]);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'Growing', targetPath: '/Growing', items: 1, files: 2 }]);
  });

  it('the wait stops growing at maxMs', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Capped', files: [{ name: 'Capped', children: [{ name: 'a.txt', size: 10 }] }] });
    rig.sim.setKnobs({ asyncTaskPolls: 5 });
    const clock = fakeClock();
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Capped' });

    expect(await run(job, 0, { clock, poll: { firstMs: 100, maxMs: 200, overallMs: 60_000 } })).toBeUndefined();
    expect(clock.slept).toEqual([100, 150, 200, 200, 200]);
  });

  it('gives up polling once the overall bound has passed, and the next run goes on polling the same copy', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Bounded', files: [{ name: 'Bounded', children: [{ name: 'a.txt', size: 10 }] }] });
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
    const clock = fakeClock();
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Bounded' });

    // Polls at 0, 100, 250, 475 ms: at 475 the 400 ms bound has passed.
    const stopped = await run(job, 0, { clock, poll: { firstMs: 100, maxMs: 10_000, overallMs: 400 } });
    expect(stopped).toBeInstanceOf(Error);
    expect((stopped as Error).message).toMatch(/still running/);
    expect(clock.slept).toEqual([100, 150, 225]);

    // A poll exactly at the bound is too late as well.
    const exact = fakeClock();
    expect(await run(job, 1, { clock: exact, poll: { firstMs: 100, maxMs: 10_000, overallMs: 250 } })).toBeInstanceOf(Error);
    expect(exact.slept).toEqual([100, 150]);

    rig.sim.setKnobs({ asyncTaskPolls: 2 });
    rig.sim.resetStats();
    expect(await run(job, 2, { clock: fakeClock() })).toBeUndefined();
    expect(calls(BATCH)).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 1 }]);
  });
});

describe('the last attempt', () => {
  it('Aliyun failing every time: earlier attempts say nothing, the last one says "busy" with the code', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'busy.txt', files: [{ name: 'busy.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    rig.sim.failNext(SHARE_INFO, { status: 503 }, 1_000);

    expect(await run(job, 0, { maxAttempts: 2 })).toMatchObject({ code: 'ServiceUnavailable' });
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    expect(await run(job, 1, { maxAttempts: 2 })).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'busy', detail: 'ServiceUnavailable' }]);
  });

  it('a bug of ours on the last attempt is "unknown", with the error for the logs — not "Aliyun busy"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'ours.txt', files: [{ name: 'ours.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    // A clock that breaks on its first read, as a bug in our own code would.
    const broken: Clock = {
      now: () => {
        throw new TypeError('clock exploded');
      },
      sleep: async () => undefined,
    };

    expect(await run(job, 0, { maxAttempts: 2, clock: broken })).toBeInstanceOf(TypeError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    expect(await run(job, 1, { maxAttempts: 2, clock: broken })).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'unknown', detail: 'TypeError: clock exploded' }]);
  });
});

describe('a save where nothing made it', () => {
  it('every item gone from the share by the time it is copied: "not found", not "partial, 0 of 2"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'vanishing', files: [{ name: 'gone-1.txt', size: 10 }, { name: 'gone-2.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Vanishing' });
    rig.sim.failNext(BATCH, { status: 429, code: 'TooManyRequests', retryAfterMs: 5_000 });
    expect(await run(job)).toBeInstanceOf(RateLimitedJobError);
    for (const name of ['gone-1.txt', 'gone-2.txt']) rig.sim.removeFile(rig.sim.catalogue.ownerUserId, sharedId(name));

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    const [outcome] = rig.notifier.outcomes(saveJobId(job));
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'not_found', shareName: 'vanishing' });
    expect(outcome).toHaveProperty('detail', expect.stringMatching(/^NotFound/));
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: 'not_found' });
  });
});
