/**
 * The steps of a save — planning, copying, progress, polling — each pinned by a story a user
 * would notice (issue #17: a mutation run of src/jobs/save/** found these unpinned). Runs of the
 * processor are driven one by one against the simulator, with a fake clock where time matters.
 * (The queue-driven versions of some of these live in save-pipeline.test.ts, which the mutation
 * run leaves out because it kills worker processes.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { Clock } from '../../src/jobs/clock.js';
import { FinalJobError, RateLimitedJobError } from '../../src/jobs/errors.js';
import { processSaveShare, type SaveShareDeps } from '../../src/jobs/index.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../../src/jobs/save-outcome.js';
import { queuedSaveOf, saveInFlightKey, saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { requestStop } from '../../src/jobs/stop-requests.js';
import { renamedCopies, startRig, type Rig, type TestAccount, runSaveOnce, sharedFileId } from './harness.js';
import { fakeClock } from './fake-clock.js';

const BATCH = '/adrive/v4/batch';
const TASK = '/v2/async_task/get';
const SHARE_INFO = '/adrive/v2/share_link/get_share_by_anonymous';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig('embedded');
});
afterAll(async () => {
  await rig?.close();
});
beforeEach(() => {
  rig.sim.setKnobs({ asyncTaskPolls: 2 });
  rig.sim.clearFaults();
  rig.sim.resetStats();
});

/** One run of the job; resolves to what it threw (undefined when it ended normally). */
function run(job: SaveShareJob, attemptsMade = 0, extra: Partial<SaveShareDeps> = {}): Promise<unknown> {
  return runSaveOnce({ ...rig.deps, ...extra }, job, attemptsMade);
}

function calls(path: string): number {
  return rig.sim.stats().byPath[path] ?? 0;
}

function sharedId(suffix: string): string {
  return sharedFileId(rig.sim, suffix);
}

function files(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${String(i + 1).padStart(3, '0')}.jpg`, size: 1024 }));
}

/** What the user was shown, in order: progress stages (with counts) and the outcome. */
function recording(): SaveNotifier & { shown: Array<SaveProgress | SaveOutcome> } {
  const shown: Array<SaveProgress | SaveOutcome> = [];
  return {
    shown,
    progress: async (_job, progress) => {
      shown.push(progress);
    },
    outcome: async (_job, outcome) => {
      shown.push(outcome);
    },
  };
}

let nextName = 0;
async function newUser(): Promise<TestAccount> {
  nextName += 1;
  return rig.link(`steps-${nextName}`);
}

describe('what the user sees while a share is copied', () => {
  it('a one-batch save goes from "opening" straight to its outcome: no "copying" edit in between', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'single batch', files: files('single', 3) });
    const notifier = recording();
    expect(await run(rig.job(user, { shareId: share.shareId, targetPath: '/Single' }), 0, { notifier })).toBeUndefined();
    expect(notifier.shown.map((s) => ('stage' in s ? s.stage : s.kind))).toEqual(['opening', 'saved']);
  });

  it('a 250-item save says "copying" after each batch, with the files done so far', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'three batches', files: files('three', 250) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Three' });
    const notifier = recording();
    // No interval: every report is due, even with the clock standing still.
    expect(await run(job, 0, { notifier, clock: fakeClock(), progressIntervalMs: 0 })).toBeUndefined();
    expect(notifier.shown).toEqual([
      { stage: 'opening' },
      { stage: 'copying', shareName: 'three batches', done: 100, total: 250 },
      { stage: 'copying', shareName: 'three batches', done: 200, total: 250 },
      { stage: 'copying', shareName: 'three batches', done: 250, total: 250 },
      { kind: 'saved', shareName: 'three batches', targetPath: '/Three', items: 250, files: 250 },
    ]);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ filesCopied: 250, filesTotal: 250 });
  });

  it('reports come at most once per interval; the counts are stored on the row every time', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'paced reports', files: files('paced', 250) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/PacedReports' });
    const notifier = recording();
    const clock = fakeClock();
    // The clock stands still: after the forced "opening", no report is due again.
    expect(await run(job, 0, { notifier, clock, progressIntervalMs: 1_000 })).toBeUndefined();
    expect(notifier.shown.map((s) => ('stage' in s ? s.stage : s.kind))).toEqual(['opening', 'saved']);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ filesCopied: 250, filesTotal: 250 });
  });

  it('a notifier that throws on a progress report neither stops nor delays the save', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'loud', files: files('loud', 150) });
    const outcomes: SaveOutcome[] = [];
    const notifier: SaveNotifier = {
      progress: () => {
        throw new Error('Telegram is down');
      },
      outcome: async (_job, outcome) => {
        outcomes.push(outcome);
      },
    };
    expect(await run(rig.job(user, { shareId: share.shareId, targetPath: '/Loud' }), 0, { notifier })).toBeUndefined();
    expect(outcomes).toMatchObject([{ kind: 'saved', items: 150 }]);
  });
});

describe('planning', () => {
  it('the same file picked twice is copied once', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'twice', files: [{ name: 'twice-a.txt', size: 10 }, { name: 'twice-b.txt', size: 10 }] });
    const id = sharedId('twice-a.txt');
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Twice', fileIds: [id, id] });
    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'twice', targetPath: '/Twice', items: 1, files: 1 }]);
    expect(rig.sim.files(user.sim.userId).filter((f) => f.path.startsWith('/Twice/')).map((f) => f.name)).toEqual(['twice-a.txt']);
  });

  it('a /folder/ link copies that folder alone, under its own name', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({
      name: 'series',
      files: [{ name: 'series', children: [{ name: 'Season 3', children: [{ name: 's3e1.mkv', size: 10 }] }, { name: 'notes.txt', size: 10 }] }],
    });
    const season = sharedId('series/Season 3');
    const job = rig.job(user, { shareId: share.shareId, folderId: season, targetPath: '/Series' });
    expect(await run(job, 0, { clock: fakeClock() })).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 1 }]);
    expect(rig.sim.tree(user.sim.userId)['/Series/Season 3']).toBe(1);
    expect(rig.sim.findByName(user.sim.userId, 'notes.txt')).toEqual([]);
  });

  it('a share with nothing in it ends "not found" without a copy', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'hollow', files: [] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Hollow' });
    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'failed', reason: 'not_found', shareName: 'hollow', detail: 'the share is empty' }]);
    expect(calls(BATCH)).toBe(0);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'failed', failureKind: 'not_found', errorMessage: 'the share is empty', shareName: 'hollow' });
  });

  it('stopped by the user while queued: ends "stopped" before any call to Aliyun', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'stopped.txt', files: [{ name: 'stopped.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    requestStop(rig.database.db, saveJobId(job));
    rig.sim.resetStats();
    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'stopped' }]);
    expect(rig.sim.stats().total).toBe(0);
  });
});

describe('the target folder', () => {
  it('deleted since the last save into it: found again (created anew), the batch sent once more, nothing lost', async () => {
    const user = await newUser();
    const one = rig.sim.addShare({ name: 'first.txt', files: [{ name: 'first.txt', size: 10 }] });
    const two = rig.sim.addShare({ name: 'second', files: [{ name: 'second-a.txt', size: 10 }, { name: 'second-b.txt', size: 10 }] });
    expect(await run(rig.job(user, { shareId: one.shareId, targetPath: '/Kept' }))).toBeUndefined();
    const folder = rig.sim.files(user.sim.userId).find((f) => f.path === '/Kept');
    rig.sim.removeFile(user.sim.userId, folder?.fileId ?? '');
    rig.sim.resetStats();

    const job = rig.job(user, { shareId: two.shareId, targetPath: '/Kept' });
    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'second', targetPath: '/Kept', items: 2, files: 2 }]);
    expect(calls(BATCH)).toBe(2);
    expect(rig.sim.tree(user.sim.userId)['/Kept']).toBe(2);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
  });
});

describe('the account', () => {
  it('the same Aliyun account logged in again while a folder is copied: polling goes on, and the save ends saved', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Relogged', files: [{ name: 'Relogged', children: [{ name: 'a.txt', size: 10 }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Relogged' });
    rig.sim.setKnobs({ asyncTaskPolls: 3 });
    const inner = fakeClock();
    let relinked: Promise<unknown> = Promise.resolve();
    const clock: Clock = {
      now: inner.now,
      sleep: async (ms, signal) => {
        await inner.sleep(ms, signal);
        if (inner.slept.length === 1) {
          relinked = createAccounts({ client: rig.client, db: rig.database.db, secretKey: rig.secretKey }).link(user.telegramUserId, rig.sim.issueRefreshToken(user.sim.userId));
        }
        await relinked;
      },
    };
    expect(await run(job, 0, { clock })).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'Relogged', targetPath: '/Relogged', items: 1, files: 1 }]);
  });
});

describe('following a folder\'s copy', () => {
  it('each running copy is asked about once per round, and the outcome counts the files inside', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({
      name: 'two folders',
      files: [
        { name: 'Folder A', children: [{ name: 'a1.txt', size: 10 }, { name: 'a2.txt', size: 10 }] },
        { name: 'Folder B', children: [{ name: 'b1.txt', size: 10 }] },
      ],
    });
    rig.sim.setKnobs({ asyncTaskPolls: 3 });
    const clock = fakeClock();
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/TwoFolders' });
    expect(await run(job, 0, { clock, poll: { firstMs: 100, maxMs: 1_000, overallMs: 60_000 } })).toBeUndefined();
    expect(calls(TASK)).toBe(2 * clock.slept.length + 2);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'two folders', targetPath: '/TwoFolders', items: 2, files: 3 }]);
  });

  it('a folder copy that ended in an earlier run is read once more, so the outcome still counts its files', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'Recount', files: [{ name: 'Recount', children: [{ name: 'r1.txt', size: 10 }, { name: 'r2.txt', size: 10 }, { name: 'r3.txt', size: 10 }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Recount' });
    // Run 1 follows the copy to its end, then the outcome cannot be stored: the run fails after it.
    const saves = createSavesRepo(rig.database.db);
    // The outcome is stored with its untold mark (finishUntold), so that write fails.
    const failingFinish = { ...saves, finishUntold: () => { throw new Error('disk full'); } };
    rig.sim.setKnobs({ asyncTaskPolls: 1 });
    expect(await run(job, 0, { saves: failingFinish, clock: fakeClock() })).toBeInstanceOf(Error);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    rig.sim.resetStats();

    expect(await run(job, 1, { clock: fakeClock() })).toBeUndefined();
    expect(calls(BATCH)).toBe(0);
    expect(calls(TASK)).toBe(1);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'Recount', targetPath: '/Recount', items: 1, files: 3 }]);
  });
});

describe('ending a save', () => {
  it('the same share asked for while its save is still queued: told "being saved" (stored so), nothing copied; "again" waits instead', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'held.txt', files: [{ name: 'held.txt', size: 10 }] });
    const saves = createSavesRepo(rig.database.db);
    const first = rig.job(user, { shareId: share.shareId, targetPath: '/Held' });
    saves.createQueued(queuedSaveOf(saveJobId(first), first));
    expect(saves.claimInFlight(saveJobId(first), saveInFlightKey(first)).claimed).toBe(true);
    rig.sim.resetStats();

    const second = rig.job(user, { shareId: share.shareId, targetPath: '/Held' });
    expect(await run(second)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(second))).toEqual([
      { kind: 'duplicate', shareName: share.shareId, targetPath: '/Held', savedAt: expect.any(Number), inProgress: true },
    ]);
    expect(saves.get(saveJobId(second))).toMatchObject({ state: 'duplicate', failureKind: 'in_progress' });

    const again = rig.job(user, { shareId: share.shareId, targetPath: '/Held', again: true });
    const parked = await run(again, 0, { inFlightRecheckMs: 1_234 });
    expect(parked).toBeInstanceOf(RateLimitedJobError);
    expect((parked as RateLimitedJobError).delayMs).toBe(1_234);
    expect(rig.notifier.outcomes(saveJobId(again))).toEqual([]);
    expect(rig.sim.stats().total).toBe(0);
  });

  it('a notifier that fails on the outcome does not fail the save: it is stored as saved, and a later run does nothing', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'untold.txt', files: [{ name: 'untold.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Untold' });
    const notifier: SaveNotifier = { progress: async () => undefined, outcome: async () => Promise.reject(new Error('Telegram is down')) };
    expect(await run(job, 0, { notifier })).toBeUndefined();
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))).toMatchObject({ state: 'saved', filesCopied: 1, filesTotal: 1, shareName: 'untold.txt' });
    rig.sim.resetStats();
    expect(await run(job, 1)).toBeUndefined();
    expect(rig.sim.stats().total).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
  });

  it('a run stopped by a shutdown on its last attempt is not reported "busy": the job comes back later', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'shutdown.txt', files: [{ name: 'shutdown.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Shutdown' });
    const controller = new AbortController();
    controller.abort(new Error('worker shutting down'));
    let thrown: unknown;
    try {
      await processSaveShare({ id: saveJobId(job), data: job, attemptsMade: 5, signal: controller.signal }, { ...rig.deps, maxAttempts: 6 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ message: 'worker shutting down' });
    expect(thrown).not.toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    expect(createSavesRepo(rig.database.db).get(saveJobId(job))?.state).toBe('running');

    expect(await run(job, 5, { maxAttempts: 6 })).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 1 }]);
  });
});

describe('a batch whose answer was lost (a 5xx after the copy happened)', () => {
  it('a picked file deep inside a folder is looked for by its name in the target folder, not copied again', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({
      name: 'deep pick',
      files: [{ name: 'Outer', children: [{ name: 'Inner', children: [{ name: 'deep-pick.txt', size: 10 }, { name: 'other.txt', size: 10 }] }] }],
    });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/DeepPick', fileIds: [sharedId('Outer/Inner/deep-pick.txt')] });
    rig.sim.failNext(BATCH, { status: 504, afterEffect: true });
    expect(await run(job)).toMatchObject({ status: 504 });
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([]);
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(calls(BATCH)).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([{ kind: 'saved', shareName: 'deep pick', targetPath: '/DeepPick', items: 1, files: 1 }]);
    expect(rig.sim.files(user.sim.userId).filter((f) => f.path.startsWith('/DeepPick/')).map((f) => f.name)).toEqual(['deep-pick.txt']);
  });

  it('not found in the target folder: sent once more, and saved once', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'not landed', files: files('landed', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/NotLanded' });
    // The answer is lost and the copy did not happen either.
    rig.sim.failNext(BATCH, { status: 504 });
    expect(await run(job)).toMatchObject({ status: 504 });
    rig.sim.resetStats();

    expect(await run(job, 1)).toBeUndefined();
    expect(calls(BATCH)).toBe(1);
    expect(rig.sim.tree(user.sim.userId)['/NotLanded']).toBe(2);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 2 }]);
  });
});

describe('an answer this version does not understand', () => {
  it('ends the save "not understood" and tells the operators which endpoint changed', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'changed.txt', files: [{ name: 'changed.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Changed' });
    const alerts: string[] = [];
    const operatorAlerts = {
      notUnderstood: async (report: { endpoint: string }) => {
        alerts.push(report.endpoint);
      },
    };
    rig.sim.failNext(SHARE_INFO, { answer: { totally: 'different' } });
    expect(await run(job, 0, { operatorAlerts: operatorAlerts as unknown as SaveShareDeps['operatorAlerts'] })).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'not_understood' }]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('get_share_by_anonymous');
  });
});

describe('a target folder that cannot be made', () => {
  it('the target path is a file in the drive: "folder not found", nothing copied', async () => {
    const user = await newUser();
    const blocker = rig.sim.addShare({ name: 'Blocked', files: [{ name: 'Blocked', size: 10 }] });
    expect(await run(rig.job(user, { shareId: blocker.shareId, targetPath: '/' }))).toBeUndefined();
    const share = rig.sim.addShare({ name: 'blocked share', files: files('blocked', 2) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Blocked/Sub' });
    rig.sim.resetStats();

    expect(await run(job)).toBeInstanceOf(FinalJobError);
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'failed', reason: 'folder_not_found', shareName: 'blocked share' }]);
    expect(calls(BATCH)).toBe(0);
  });
});

describe('picked files', () => {
  it('an empty list of picked files saves the whole share', async () => {
    const user = await newUser();
    const share = rig.sim.addShare({ name: 'all of it', files: files('allofit', 3) });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/AllOfIt', fileIds: [] });
    expect(await run(job)).toBeUndefined();
    expect(rig.notifier.outcomes(saveJobId(job))).toMatchObject([{ kind: 'saved', items: 3 }]);
  });
});
