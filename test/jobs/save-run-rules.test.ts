/**
 * More rules of one save run (src/jobs/save/run.ts, copy.ts), each a story a user would notice,
 * found unpinned by a mutation run of those files (issue #17). Runs of the processor are driven
 * one by one against the simulator over HTTP; time is a fake clock where it matters.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { AliyunClient } from '../../src/api/index.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { SaveOutcome, SaveProgress } from '../../src/jobs/save-outcome.js';
import { FinalJobError, RateLimitedJobError } from '../../src/jobs/errors.js';
import { DEFAULT_ATTEMPTS } from '../../src/jobs/queue/types.js';
import type { SaveShareDeps } from '../../src/jobs/index.js';
import { queuedSaveOf, saveInFlightKey, saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { requestStop } from '../../src/jobs/stop-requests.js';
import { accountsVia, FAST, renamedCopies, runSaveOnce, sharedFileId, startRig, testLogger, type Rig, type TestAccount } from './harness.js';
import { fakeClock } from './fake-clock.js';
import { startItemFaultProxy, type ItemFaultProxy } from './item-fault-proxy.js';

const KiB = 1024;
const BATCH = '/adrive/v4/batch';
const LIST_BY_SHARE = '/adrive/v2/file/list_by_share';

let rig: Rig;
let proxy: ItemFaultProxy;
/** The rig's deps, with a client that talks to Aliyun through the item-fault proxy. */
let proxied: Partial<SaveShareDeps>;

beforeAll(async () => {
  rig = await startRig('embedded');
  proxy = await startItemFaultProxy(rig.sim.url);
  proxied = { accounts: accountsVia(rig, proxy.url) };
});
afterAll(async () => {
  await proxy?.close();
  await rig?.close();
});
beforeEach(() => {
  rig.sim.setKnobs({ asyncTaskPolls: 2 });
  rig.sim.clearFaults();
  rig.sim.resetStats();
});

function run(job: SaveShareJob, attemptsMade = 0, extra: Partial<SaveShareDeps> = {}): Promise<unknown> {
  return runSaveOnce({ ...rig.deps, ...extra }, job, attemptsMade);
}

function calls(path: string): number {
  return rig.sim.stats().byPath[path] ?? 0;
}

function files(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${String(i + 1).padStart(3, '0')}.jpg`, size: KiB }));
}

let nextName = 0;
async function newUser(options: { quotaBytes?: number } = {}): Promise<TestAccount> {
  nextName += 1;
  return rig.link(`run-rules-${nextName}`, options);
}

describe('before anything is opened', () => {
  it('an account that must log in again: "log in again", and not one call to Aliyun', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'relogin.txt', files: [{ name: 'relogin.txt', size: 10 }] });
    createAccountsRepo(rig.database.db, rig.secretKey).markNeedsRelogin(user.id);
    rig.sim.resetStats();
    const job = rig.job(user, { shareId: share.shareId });

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'relogin' }]);
    expect(rig.sim.stats().total).toBe(0);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: 'relogin' });
  });

  it('an account logged out after the job was queued: "logged out", and not one call to Aliyun', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'gone.txt', files: [{ name: 'gone.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    // Queued (its row written, as the bot does), then /logout.
    createSavesRepo(rig.database.db).createQueued(queuedSaveOf(saveJobId(job), job));
    createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).unlink(user.telegramUserId);
    rig.sim.resetStats();

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'logged_out' }]);
    expect(rig.sim.stats().total).toBe(0);
  });
});

describe('a share saved before', () => {
  it('"save again" copies it a second time beside the first copy', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'twice.txt', files: [{ name: 'twice.txt', size: 10 }] });
    expect(await run(rig.job(user, { shareId: share.shareId, targetPath: '/Again' }))).toBeUndefined();

    const again = rig.job(user, { shareId: share.shareId, targetPath: '/Again', again: true });
    expect(await run(again)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(again))).toEqual([{ kind: 'saved', shareName: 'twice.txt', targetPath: '/Again', items: 1, files: 1 }]);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual(['/Again/twice(1).txt']);
  });
});

describe('a drive that fills up', () => {
  it('a 150-item share into a drive with room for 100: the row says 100 of 150, as the user was told', async () => {
    const user = await newUser({ quotaBytes: 100 * KiB });
    const share = rig.sim.addShare({ name: 'fills', files: files('fills', 150) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Fills' });

    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([
      { kind: 'partial', reason: 'drive_full', shareName: 'fills', targetPath: '/Fills', copied: 100, total: 150, unit: 'files' },
    ]);
    // What /history shows and a group notifier rebuilds the status from.
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({
      state: 'partial',
      failureKind: 'drive_full',
      filesCopied: 100,
      filesTotal: 150,
      shareName: 'fills',
    });
  });
});

describe("the account's pace", () => {
  it('a batch waiting for the pace waits on the job clock, and a stop meanwhile means it is never sent', async () => {
    // Five calls a second, no burst: after planning, the batch has to wait for its turn.
    const paced = new AliyunClient({
      apiUrl: rig.sim.url,
      authUrl: rig.sim.url,
      passportUrl: rig.sim.url,
      userUrl: rig.sim.userUrl,
      ...FAST.client,
      pace: { callsPerSecond: 5, burst: 1 },
      logger: testLogger,
    });
    const accounts = createAccounts({ client: paced, db: rig.database.db, secretKey: rig.secretKey });
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'paced stop', files: files('pacedstop', 3) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/PacedStop' });
    const clock = fakeClock(() => requestStop(rig.database.db, saveJobId(job)));
    rig.sim.resetStats();

    expect(await run(job, 0, { accounts, clock })).toBeInstanceOf(FinalJobError);
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThan(0);
    expect(clock.slept[0]).toBeLessThanOrEqual(200);
    expect(calls(BATCH)).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'stopped' }]);
  });
});

describe('a batch whose answer was lost', () => {
  it('…and the target folder deleted before the retry: nothing is found, the folder is made again and the batch sent into it', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'lost and gone', files: files('lostgone', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/LostGone' });
    // The answer is lost and the copy did not happen.
    rig.sim.failNext(BATCH, { status: 504 });
    expect(await run(job)).toMatchObject({ status: 504 });
    const folder = rig.sim.files(user.sim.userId).find((f) => f.path === '/LostGone');
    rig.sim.removeFile(user.sim.userId, folder?.fileId ?? '');
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'lost and gone', targetPath: '/LostGone', items: 2, files: 2 }]);
    // Sent into the stale folder (every item failed as if it were gone), then into the new one.
    expect(calls(BATCH)).toBe(2);
    expect(rig.sim.tree(user.sim.userId)['/LostGone']).toBe(2);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
  });
});

describe('picked files inside sub-folders of a share', () => {
  /** "Show" with 101 episodes in Season 1 and one in Season 2; all picked, each kept in its season's folder. */
  function showPicks(name: string) {
    const season1 = Array.from({ length: 101 }, (_, i) => ({ name: `${name}-s1e${String(i + 1).padStart(3, '0')}.mkv`, size: 10 }));
    const share = rig.sim.addShare({
      name,
      files: [{ name, children: [{ name: 'Season 1', children: season1 }, { name: 'Season 2', children: [{ name: `${name}-s2e001.mkv`, size: 10 }] }] }],
    });
    const ids = new Map(rig.sim.files(rig.sim.catalogue.ownerUserId).filter((f) => f.path.includes(`/${name}/`)).map((f) => [f.path, f.fileId]));
    const fileDirs: Record<string, string> = {};
    for (const [path, id] of ids) {
      const season = /\/(Season \d)\/[^/]+\.mkv$/.exec(path)?.[1];
      if (season) fileDirs[id] = season;
    }
    expect(Object.keys(fileDirs)).toHaveLength(102);
    return { share, fileIds: Object.keys(fileDirs), fileDirs };
  }

  it('land in the same sub-folders below the target; each sub-folder is looked up once per run, however many batches go into it', async () => {
    const user = await newUser();
    const { share, fileIds, fileDirs } = showPicks('ShowA');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Picks', fileIds, fileDirs });
    rig.sim.resetStats();

    expect(await run(job)).toBeUndefined();
    // Counted as items: below the top level, a pick's name and kind are not known when it is planned.
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'ShowA', targetPath: '/Picks', items: 102 }]);
    const tree = rig.sim.tree(user.sim.userId);
    expect(tree['/Picks/Season 1']).toBe(101);
    expect(tree['/Picks/Season 2']).toBe(1);
    expect(tree['/Picks'] ?? 0).toBe(0);
    // Three batches (100 + 1 into Season 1, 1 into Season 2); /Picks, Season 1 and Season 2 looked up once each.
    expect(calls(BATCH)).toBe(3);
    expect(calls('/v2/file/get_by_path')).toBe(3);
  });

  it('a lost answer for a batch into a sub-folder: the copies are found in that sub-folder, nothing is sent twice', async () => {
    const user = await newUser();
    const { share, fileIds, fileDirs } = showPicks('ShowB');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/PicksLost', fileIds, fileDirs });
    // The first batch (100 episodes into Season 1) is carried out, its answer lost.
    rig.sim.failNext(BATCH, { status: 504, afterEffect: true });
    expect(await run(job)).toMatchObject({ status: 504 });
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(calls(BATCH)).toBe(2);
    // Their names were looked up in the share: the top, ShowB, Season 1 — where all were found.
    expect(calls(LIST_BY_SHARE)).toBe(3);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'ShowB', targetPath: '/PicksLost', items: 102 }]);
    expect(rig.sim.tree(user.sim.userId)['/PicksLost/Season 1']).toBe(101);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
  });
});

describe('copies refused as if the target folder were gone', () => {
  const GET_BY_PATH = '/v2/file/get_by_path';
  const NOT_FOUND = { status: 404, code: 'NotFound.File' };

  it('into a folder known from an earlier save, still there: looked up once, the batch not sent again, "not found"', async () => {
    const user = await newUser();
    const first = rig.sim.addShare({ name: 'known-first.txt', files: [{ name: 'known-first.txt', size: 10 }] });
    expect(await run(rig.job(user, { shareId: first.shareId, targetPath: '/KnownThere' }))).toBeUndefined();
    const share = rig.sim.addShare({ name: 'refused', files: files('refused', 2) });
    for (const name of ['refused-001.jpg', 'refused-002.jpg']) proxy.refuse(sharedFileId(rig.sim, name), NOT_FOUND, 5);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/KnownThere' });
    const sizesBefore = proxy.batchSizes.length;
    rig.sim.resetStats();

    expect(await run(job, 0, proxied)).toBeInstanceOf(FinalJobError);
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([2]);
    expect(calls(GET_BY_PATH)).toBe(1);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'not_found', shareName: 'refused', detail: 'NotFound.File' }]);
  });

  it('into a folder made by this run: not looked up again', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'refused new', files: files('refusednew', 2) });
    for (const name of ['refusednew-001.jpg', 'refusednew-002.jpg']) proxy.refuse(sharedFileId(rig.sim, name), NOT_FOUND, 5);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/MadeNow' });
    const sizesBefore = proxy.batchSizes.length;
    rig.sim.resetStats();

    expect(await run(job, 0, proxied)).toBeInstanceOf(FinalJobError);
    expect(proxy.batchSizes.slice(sizesBefore)).toEqual([2]);
    // The one lookup that found /MadeNow missing before creating it.
    expect(calls(GET_BY_PATH)).toBe(1);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'not_found' }]);
  });

  it('copies refused for another reason (a full drive) into a known folder: no lookup at all', async () => {
    const user = await newUser({ quotaBytes: KiB + KiB / 2 });
    const first = rig.sim.addShare({ name: 'fits.jpg', files: [{ name: 'fits.jpg', size: KiB }] });
    expect(await run(rig.job(user, { shareId: first.shareId, targetPath: '/Full' }))).toBeUndefined();
    const share = rig.sim.addShare({ name: 'no more room', files: files('nomore', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Full' });
    rig.sim.resetStats();

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'drive_full', shareName: 'no more room' }]);
    expect(calls(GET_BY_PATH)).toBe(0);
  });
});

describe('progress of a share with a folder in its first batch', () => {
  it('no "copying" count right after a batch with a folder copy in it (it has no size yet): the next report counts it', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({
      name: 'mixed',
      files: [{ name: 'Extras', children: [{ name: 'x1.txt', size: 10 }, { name: 'x2.txt', size: 10 }] }, ...files('mixed', 100)],
    });
    const shown: Array<SaveProgress | SaveOutcome> = [];
    const notifier = {
      progress: async (_job: SaveShareJob, progress: SaveProgress) => void shown.push(progress),
      outcome: async (_job: SaveShareJob, outcome: SaveOutcome) => void shown.push(outcome),
    };
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Mixed' });

    expect(await run(job, 0, { notifier, clock: fakeClock(), progressIntervalMs: 0 })).toBeUndefined();
    // Batch 1 (the folder and 99 files) is not reported; batch 2 (one file) is, the folder still
    // counting as one item of unknown size; then the polls count the files inside it.
    expect(shown.slice(0, 3)).toEqual([
      { stage: 'opening' },
      { stage: 'copying', shareName: 'mixed', done: 100, total: 101 },
      { stage: 'copying', shareName: 'mixed', done: 101, total: 102 },
    ]);
    expect(shown.at(-1)).toEqual({ kind: 'saved', shareName: 'mixed', targetPath: '/Mixed', items: 101, files: 102 });
  });
});

describe('a batch answer this version does not understand', () => {
  it('an item missing from the answer: the operators are told which endpoint changed, the rest is saved', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'half answered', files: files('halfans', 2) });
    proxy.refuse(sharedFileId(rig.sim, 'halfans-002.jpg'), { status: 0, code: '' }, 1);
    const alerts: string[] = [];
    const operatorAlerts = {
      notUnderstood: async (report: { endpoint: string }) => {
        alerts.push(report.endpoint);
      },
    } as unknown as SaveShareDeps['operatorAlerts'];
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/HalfAnswered' });

    expect(await run(job, 0, { ...proxied, operatorAlerts })).toBeUndefined();
    expect(alerts).toEqual(['adrive/v4/batch /file/copy']);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'partial', reason: 'some_failed', copied: 1, total: 2, failedItems: 1 }]);
  });
});

describe('names of picked files looked up after a lost answer', () => {
  it('are looked for in at most 20 share listings: a pick in the 25th folder is not found, sent again, and lands as a second copy', async () => {
    const user = await newUser();
    const folders = Array.from({ length: 25 }, (_, i) => ({ name: `Part ${String(i + 1).padStart(2, '0')}`, children: [{ name: `far-${i + 1}.txt`, size: 10 }] }));
    const share = rig.sim.addShare({ name: 'far pick', files: folders });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/FarPick', fileIds: [sharedFileId(rig.sim, 'Part 25/far-25.txt')] });
    rig.sim.failNext(BATCH, { status: 504, afterEffect: true });
    expect(await run(job)).toMatchObject({ status: 504 });
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(calls(LIST_BY_SHARE)).toBe(20);
    expect(calls(BATCH)).toBe(1);
    expect(rig.sim.files(user.sim.userId).filter((f) => f.path.startsWith('/FarPick/')).map((f) => f.name).sort()).toEqual(['far-25(1).txt', 'far-25.txt']);
  });
});

describe('the target folder while Aliyun is busy', () => {
  it('a 503 on every try while the target folder is looked up: the run is retried later, the user is not told "folder not found"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'busy folder.txt', files: [{ name: 'busy folder.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/BusyFolder' });
    rig.sim.failNext('/v2/file/get_by_path', { status: 503 }, 1_000);

    const thrown = await run(job);
    expect(thrown).toMatchObject({ code: 'ServiceUnavailable', retryable: true });
    expect(thrown).not.toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);

    rig.sim.clearFaults();
    expect(await run(job, 1)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 1 }]);
  });
});

describe('the target folder when the login has died', () => {
  it('a refresh token Aliyun refuses while the folder is looked up: the user is asked to log in again, not told "folder not found"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'dead login.txt', files: [{ name: 'dead login.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/DeadLoginFolder' });
    // The access token is refused on the lookup, and the refresh that follows is refused for good.
    rig.sim.failNext('/v2/file/get_by_path', { status: 401, code: 'AccessTokenInvalid' });
    rig.sim.failNext('/v2/account/token', { status: 400, code: 'InvalidParameter.RefreshToken' }, 10);

    await run(job);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'relogin' }]);
    expect(calls(BATCH)).toBe(0);
  });
});

describe('files left out by /skip rules', () => {
  /** Three photos to keep and two `.tmp` files the asker never wants saved. */
  function skipShare(name: string) {
    return rig.sim.addShare({ name, files: [...files(name, 3), { name: `${name}-a.tmp`, size: KiB }, { name: `${name}-b.tmp`, size: KiB }] });
  }
  const skip = { patterns: ['*.tmp'] };

  it('are counted in "saved", and the row says what was copied, with no failure', async () => {
    const user = await newUser();
    const share = skipShare('skipsaved');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SkipSaved', skip });

    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'skipsaved', targetPath: '/SkipSaved', items: 3, files: 3, skipped: 2 }]);
    expect(rig.sim.tree(user.sim.userId)['/SkipSaved']).toBe(3);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({
      state: 'saved',
      failureKind: null,
      errorMessage: null,
      filesCopied: 3,
      filesTotal: 3,
      shareName: 'skipsaved',
    });
  });

  it('are still counted when the save ends in a later run (planned by the first), which does not look the target folder up again', async () => {
    const user = await newUser();
    const share = skipShare('skipresumed');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SkipResumed', skip });
    // The batch's answer is lost and the copy did not happen: the next run sends it again.
    rig.sim.failNext(BATCH, { status: 504 });
    expect(await run(job)).toMatchObject({ status: 504 });
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'skipresumed', targetPath: '/SkipResumed', items: 3, files: 3, skipped: 2 }]);
    expect(calls('/v2/file/get_by_path')).toBe(0);
    expect(rig.sim.tree(user.sim.userId)['/SkipResumed']).toBe(3);
    // The status did not go back to "opening" when the second run began.
    expect(rig.notifier.progressOf(saveJobId(job)).filter((p) => p.stage === 'opening')).toHaveLength(1);
  });

  it('are counted in a partial save (the drive filled up)', async () => {
    const user = await newUser({ quotaBytes: 2 * KiB + KiB / 2 });
    const share = skipShare('skippartial');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SkipPartial', skip });

    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([
      { kind: 'partial', reason: 'drive_full', shareName: 'skippartial', targetPath: '/SkipPartial', copied: 2, total: 3, unit: 'files', skipped: 2 },
    ]);
  });

  it('every file of the share skipped: "saved", nothing copied, all counted as skipped — not "the share is empty"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'all skipped', files: [{ name: 'x.tmp', size: KiB }, { name: 'y.tmp', size: KiB }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/AllSkipped', skip });
    rig.sim.resetStats();

    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'all skipped', targetPath: '/AllSkipped', items: 0, files: 0, skipped: 2 }]);
    expect(calls(BATCH)).toBe(0);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'saved', failureKind: null });
  });

  it('an empty share with skip rules is still "the share is empty", not "saved, nothing skipped"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'empty skipped', files: [] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/EmptySkipped', skip });

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'not_found', shareName: 'empty skipped', detail: 'the share is empty' }]);
  });

  it('are not mentioned when nothing was saved (a full drive): "drive full" only', async () => {
    const user = await newUser({ quotaBytes: KiB / 2 });
    const share = skipShare('skipfailed');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SkipFailed', skip });

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'drive_full', shareName: 'skipfailed' }]);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: 'drive_full' });
  });
});

describe('a share posted again after it was saved', () => {
  it('"saved before", and its row says so: a status rebuilt from the row does not read "still being saved"', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'again later.txt', files: [{ name: 'again later.txt', size: 10 }] });
    const first = rig.job(user, { shareId: share.shareId, targetPath: '/Later' });
    expect(await run(first)).toBeUndefined();
    rig.sim.resetStats();

    const second = rig.job(user, { shareId: share.shareId, targetPath: '/Later' });
    expect(await run(second)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(second))).toEqual([
      { kind: 'duplicate', shareName: 'again later.txt', targetPath: '/Later', savedAt: expect.any(Number) },
    ]);
    expect(createSavesRepo(rig.database.db).get(saveJobId(second))).toMatchObject({ state: 'duplicate', failureKind: null });
    expect(calls(BATCH)).toBe(0);
  });
});

describe('a share behind a password', () => {
  function operatorAlertsInto(alerts: string[]): SaveShareDeps['operatorAlerts'] {
    return { notUnderstood: async (report: { endpoint: string }) => void alerts.push(report.endpoint) } as unknown as SaveShareDeps['operatorAlerts'];
  }

  it('a wrong password given: "wrong password"; none given: "password needed" — nothing copied, the operators not alerted', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'locked', password: 'pw12', files: files('locked', 2) });
    const alerts: string[] = [];
    const wrong = rig.job(user, { shareId: share.shareId, targetPath: '/Locked', password: 'nope' });
    const none = rig.job(user, { shareId: share.shareId, targetPath: '/Locked' });

    expect(await run(wrong, 0, { operatorAlerts: operatorAlertsInto(alerts) })).toBeInstanceOf(FinalJobError);
    expect(await run(none, 0, { operatorAlerts: operatorAlertsInto(alerts) })).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(wrong))).toMatchObject([{ kind: 'failed', reason: 'wrong_password', shareName: 'locked' }]);
    expect(rig.notifier.outcomes(saveJobId(none))).toMatchObject([{ kind: 'failed', reason: 'missing_password', shareName: 'locked' }]);
    expect(calls(BATCH)).toBe(0);
    expect(alerts).toEqual([]);

    const right = rig.job(user, { shareId: share.shareId, targetPath: '/Locked', password: 'pw12' });
    expect(await run(right, 0, { operatorAlerts: operatorAlertsInto(alerts) })).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(right))).toMatchObject([{ kind: 'saved', items: 2 }]);
    // A batch answered in full is nothing to alert about either.
    expect(alerts).toEqual([]);
  });
});

describe('"save again" while the same share is being saved', () => {
  it('waits, even on its last attempt: never told "failed", nothing copied', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'held last.txt', files: [{ name: 'held last.txt', size: 10 }] });
    const saves = createSavesRepo(rig.database.db);
    const first = rig.job(user, { shareId: share.shareId, targetPath: '/HeldLast' });
    saves.createQueued(queuedSaveOf(saveJobId(first), first));
    expect(saves.claimInFlight(saveJobId(first), saveInFlightKey(first)).claimed).toBe(true);
    rig.sim.resetStats();

    const again = rig.job(user, { shareId: share.shareId, targetPath: '/HeldLast', again: true });
    const parked = await run(again, DEFAULT_ATTEMPTS - 1, { inFlightRecheckMs: 2_345 });
    expect(parked).toBeInstanceOf(RateLimitedJobError);
    expect((parked as RateLimitedJobError).delayMs).toBe(2_345);
    expect(rig.notifier.outcomes(saveJobId(again))).toEqual([]);
    expect(saves.get(saveJobId(again))?.state).not.toBe('failed');
    expect(rig.sim.stats().total).toBe(0);
  });
});

describe('where a turned-away share was saved', () => {
  it('saved before into another folder: "saved before" names the folder it is in, not the one asked for now', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'elsewhere.txt', files: [{ name: 'elsewhere.txt', size: 10 }] });
    expect(await run(rig.job(user, { shareId: share.shareId, targetPath: '/First' }))).toBeUndefined();

    const second = rig.job(user, { shareId: share.shareId, targetPath: '/Second' });
    expect(await run(second)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(second))).toEqual([{ kind: 'duplicate', shareName: 'elsewhere.txt', targetPath: '/First', savedAt: expect.any(Number) }]);
    expect(rig.sim.tree(user.sim.userId)['/Second']).toBeUndefined();
  });

  it('still being saved into another folder: "being saved" names the folder it goes to', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'held elsewhere.txt', files: [{ name: 'held elsewhere.txt', size: 10 }] });
    const saves = createSavesRepo(rig.database.db);
    const first = rig.job(user, { shareId: share.shareId, targetPath: '/HeldFirst' });
    saves.createQueued(queuedSaveOf(saveJobId(first), first));
    expect(saves.claimInFlight(saveJobId(first), saveInFlightKey(first)).claimed).toBe(true);

    const second = rig.job(user, { shareId: share.shareId, targetPath: '/HeldSecond' });
    expect(await run(second)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(second))).toEqual([
      { kind: 'duplicate', shareName: share.shareId, targetPath: '/HeldFirst', savedAt: expect.any(Number), inProgress: true },
    ]);
  });
});
