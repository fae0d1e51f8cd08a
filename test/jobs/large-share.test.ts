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

async function run(job: SaveShareJob, clock: Clock): Promise<unknown> {
  const deps: SaveShareDeps = { ...rig.deps, clock, largeShare: { bytes: 20 * GB, waitMs: WAIT_MS } };
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
