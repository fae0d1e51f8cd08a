/**
 * A large share waits before its first copy when its asker may choose part of it (see
 * src/jobs/save/large-share.ts): the size is reported, the wait can be stopped, and a save whose
 * asker cannot choose — or a share that cannot be sized — goes on at once. Runs driven one by one
 * with a fake clock, so the wait is checked to the millisecond.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/jobs/clock.js';
import { FinalJobError } from '../../src/jobs/errors.js';
import { processSaveShare, type SaveShareDeps } from '../../src/jobs/index.js';
import { MAX_FOLDERS_SIZED } from '../../src/jobs/save/large-share.js';
import { saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { requestStop } from '../../src/jobs/stop-requests.js';
import { startRig, type Rig } from './harness.js';
import { fakeClock } from './fake-clock.js';

const GB = 1024 ** 3;
const LIST = '/adrive/v2/file/list_by_share';
const BATCH = '/adrive/v4/batch';
const WAIT_MS = 15_000;

let rig: Rig;
beforeAll(async () => {
  rig = await startRig('embedded');
});
afterAll(async () => {
  await rig?.close();
});

async function run(job: SaveShareJob, clock: Clock, extra: Partial<SaveShareDeps> = {}): Promise<unknown> {
  const deps: SaveShareDeps = { ...rig.deps, clock, largeShare: { bytes: 20 * GB, waitMs: WAIT_MS }, ...extra };
  try {
    await processSaveShare({ id: saveJobId(job), data: job, attemptsMade: 0 }, deps);
    return undefined;
  } catch (err) {
    return err;
  }
}

const calls = (path: string) => rig.sim.stats().byPath[path] ?? 0;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
let shares = 0;
/** A one-folder season of two episodes of `gb` GB each. */
function season(gb: number) {
  shares += 1;
  const name = `季 ${shares}`;
  return { name, ...rig.sim.addShare({ name, files: [{ name, children: [{ name: 'E01.mkv', size: gb * GB }, { name: 'E02.mkv', size: gb * GB }] }] }) };
}

describe('a large share whose asker may choose', () => {
  it('reports its size, waits 15 s before the first copy, then saves it whole', async () => {
    const user = await rig.link('big-wait');
    const share = season(12);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Big', mayChoose: true });
    const before = calls(BATCH);
    /** Batches sent by the time of each sleep. */
    const batchesAt: number[] = [];
    const clock = fakeClock(() => batchesAt.push(calls(BATCH) - before));

    expect(await run(job, clock)).toBeUndefined();

    expect(rig.notifier.progressOf(saveJobId(job))).toContainEqual({ stage: 'waiting', shareName: share.name, bytes: 24 * GB, startsInMs: WAIT_MS });
    // The first sleeps are the wait, checking for a stop every 250 ms; no batch went out during it.
    const waitSleeps = WAIT_MS / 250;
    expect(sum(clock.slept.slice(0, waitSleeps))).toBe(WAIT_MS);
    expect(batchesAt.slice(0, waitSleeps)).toEqual(Array(waitSleeps).fill(0));
    expect(calls(BATCH) - before).toBeGreaterThan(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'saved', targetPath: '/Big' })]);
  });

  it('stopped while it waits: ends as stopped, nothing copied', async () => {
    const user = await rig.link('big-stop');
    const share = season(12);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/BigStop', mayChoose: true });
    const clock = fakeClock((_ms, count) => {
      if (count === 3) requestStop(rig.database.db, saveJobId(job));
    });
    const before = calls(BATCH);

    expect(await run(job, clock)).toBeInstanceOf(FinalJobError);

    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'failed', reason: 'stopped' })]);
    expect(calls(BATCH) - before).toBe(0);
    expect(rig.sim.countCopiesOf(share.shareId, user.sim.userId)).toBe(0);
    expect(sum(clock.slept)).toBeLessThan(WAIT_MS);
  });
});

describe('saves that do not wait', () => {
  it('a share at or under the limit: sized, no wait', async () => {
    const user = await rig.link('small');
    const share = season(10);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Small', mayChoose: true });
    const clock = fakeClock();
    expect(await run(job, clock)).toBeUndefined();
    expect(rig.notifier.progressOf(saveJobId(job)).map((p) => p.stage)).not.toContain('waiting');
    expect(sum(clock.slept)).toBeLessThan(WAIT_MS);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'saved' })]);
  });

  /** The save runs through without listing the share to size it, and without a wait. */
  async function expectSavedUnsized(job: SaveShareJob): Promise<void> {
    const lists = calls(LIST);
    expect(await run(job, fakeClock())).toBeUndefined();
    expect(calls(LIST)).toBe(lists);
    expect(rig.notifier.progressOf(saveJobId(job)).map((p) => p.stage)).not.toContain('waiting');
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'saved' })]);
  }

  it('an asker who cannot choose (a group save): not even sized', async () => {
    const user = await rig.link('group');
    const share = season(12);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Group' });
    await expectSavedUnsized(job);
  });

  it('a share of one file, however large: nothing to choose from, so not sized and no wait', async () => {
    const user = await rig.link('one-file');
    const share = rig.sim.addShare({ name: 'Movie.2160p.mkv', files: [{ name: 'Movie.2160p.mkv', size: 60 * GB }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/OneFile', mayChoose: true });
    await expectSavedUnsized(job);
  });

  it('a share that cannot be listed: saved at once', async () => {
    const user = await rig.link('unlisted');
    const share = season(12);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Unlisted', mayChoose: true });
    rig.sim.setKnobs({ serverErrorRate: 1, faultPaths: [LIST] });
    try {
      const clock = fakeClock();
      expect(await run(job, clock)).toBeUndefined();
      expect(rig.notifier.progressOf(saveJobId(job)).map((p) => p.stage)).not.toContain('waiting');
      expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'saved' })]);
    } finally {
      rig.sim.setKnobs({ serverErrorRate: 0, faultPaths: null });
    }
  });

  it(`sizing lists at most ${MAX_FOLDERS_SIZED} folders`, async () => {
    const user = await rig.link('many-folders');
    const folders = Array.from({ length: MAX_FOLDERS_SIZED + 20 }, (_, i) => ({ name: `d${i}`, children: [{ name: 'a.bin', size: 1024 }] }));
    const share = rig.sim.addShare({ name: 'many', files: folders });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Many', mayChoose: true });
    const lists = calls(LIST);
    expect(await run(job, fakeClock())).toBeUndefined();
    expect(calls(LIST) - lists).toBe(MAX_FOLDERS_SIZED);
  });
});

describe('how a large share is sized', () => {
  it('listing stops once the share is past the limit: 21 GB in one folder, 1 GB in the next, reported as 21 GB after two listings', async () => {
    const user = await rig.link('past-limit');
    const share = rig.sim.addShare({ name: 'past', files: [{ name: 'A', children: [{ name: 'a.mkv', size: 21 * GB }] }, { name: 'B', children: [{ name: 'b.mkv', size: GB }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Past', mayChoose: true });
    const lists = calls(LIST);
    expect(await run(job, fakeClock())).toBeUndefined();
    // The share's top, then folder A.
    expect(calls(LIST) - lists).toBe(2);
    expect(rig.notifier.progressOf(saveJobId(job))).toContainEqual({ stage: 'waiting', shareName: 'past', bytes: 21 * GB, startsInMs: WAIT_MS });
  });

  it('a share exactly at the limit so far is listed on: 20 GB, then one more byte in the next folder, is large', async () => {
    const user = await rig.link('at-limit');
    const share = rig.sim.addShare({ name: 'at', files: [{ name: 'A', children: [{ name: 'a.mkv', size: 20 * GB }] }, { name: 'B', children: [{ name: 'b.nfo', size: 1 }] }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/At', mayChoose: true });
    expect(await run(job, fakeClock())).toBeUndefined();
    expect(rig.notifier.progressOf(saveJobId(job))).toContainEqual({ stage: 'waiting', shareName: 'at', bytes: 20 * GB + 1, startsInMs: WAIT_MS });
  });

  it('a share of several large files (no folder) waits too', async () => {
    const user = await rig.link('loose-files');
    const share = rig.sim.addShare({ name: 'E01.mkv', files: [{ name: 'E01.mkv', size: 12 * GB }, { name: 'E02.mkv', size: 12 * GB }] });
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/Loose', mayChoose: true });
    const clock = fakeClock();
    expect(await run(job, clock)).toBeUndefined();
    expect(rig.notifier.progressOf(saveJobId(job))).toContainEqual(expect.objectContaining({ stage: 'waiting', bytes: 24 * GB }));
    expect(sum(clock.slept)).toBeGreaterThanOrEqual(WAIT_MS);
  });

  it('a link to a small folder of a large share: only that folder is sized, no wait', async () => {
    const user = await rig.link('small-folder');
    const share = rig.sim.addShare({ name: 'mixed sizes', files: [{ name: 'Small-F', children: [{ name: 's.mkv', size: GB }] }, { name: 'Big-F', children: [{ name: 'b.mkv', size: 30 * GB }] }] });
    const folderId = rig.sim.files(rig.sim.catalogue.ownerUserId).find((f) => f.path.endsWith('/Small-F'))?.fileId ?? '';
    const job = rig.job(user, { shareId: share.shareId, folderId, targetPath: '/SmallFolder', mayChoose: true });
    const clock = fakeClock();
    expect(await run(job, clock)).toBeUndefined();
    expect(rig.notifier.progressOf(saveJobId(job)).map((p) => p.stage)).not.toContain('waiting');
    expect(sum(clock.slept)).toBeLessThan(WAIT_MS);
    expect(rig.notifier.outcomes(saveJobId(job))).toEqual([expect.objectContaining({ kind: 'saved' })]);
  });

  it('files picked from a large share: the asker has chosen, so no sizing and no wait; an empty pick list is the whole share, which waits', async () => {
    const user = await rig.link('picked-large');
    const share = season(12);
    const episode = rig.sim.files(rig.sim.catalogue.ownerUserId).find((f) => f.path.endsWith(`/${share.name}/E01.mkv`))?.fileId ?? '';
    const picked = rig.job(user, { shareId: share.shareId, targetPath: '/PickedLarge', mayChoose: true, fileIds: [episode] });
    const lists = calls(LIST);
    expect(await run(picked, fakeClock())).toBeUndefined();
    expect(calls(LIST)).toBe(lists);
    expect(rig.notifier.progressOf(saveJobId(picked)).map((p) => p.stage)).not.toContain('waiting');

    const none = rig.job(user, { shareId: share.shareId, targetPath: '/PickedNone', mayChoose: true, fileIds: [] });
    expect(await run(none, fakeClock())).toBeUndefined();
    expect(rig.notifier.progressOf(saveJobId(none))).toContainEqual(expect.objectContaining({ stage: 'waiting', bytes: 24 * GB }));
  });

  it('the size is shown at once, even with progress reports far apart', async () => {
    const user = await rig.link('slow-progress');
    const share = season(12);
    const job = rig.job(user, { shareId: share.shareId, targetPath: '/SlowProgress', mayChoose: true });
    expect(await run(job, fakeClock(), { progressIntervalMs: 3_600_000 })).toBeUndefined();
    // …and nothing else within the hour between reports (the 15 s wait is not an hour).
    expect(rig.notifier.progressOf(saveJobId(job))).toEqual([
      { stage: 'opening' },
      { stage: 'waiting', shareName: share.name, bytes: 24 * GB, startsInMs: WAIT_MS },
    ]);
  });
});
