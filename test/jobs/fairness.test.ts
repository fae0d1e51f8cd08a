/**
 * Fairness between users: one account's backlog of paced saves must not keep another user's
 * save waiting behind it. Through the real queue (both drivers) and a paced client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { queueDrivers, startRig, type Rig } from './harness.js';

const drivers = await queueDrivers();
/** Slow enough that A's backlog takes many seconds (3+ calls a save), fast enough for a test. */
const PACE = { callsPerSecond: 8, burst: 4 };
const BACKLOG = 40;

describe.each(drivers)('fairness on the %s queue', (driver) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(driver, { pace: PACE });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it("another user's save finishes within a second or two while one account has 40 paced saves queued", async () => {
    const alice = await rig.link('alice-floods');
    const bob = await rig.link('bob-waits');
    const aliceJobs = [];
    for (let i = 0; i < BACKLOG; i++) {
      const share = rig.sim.addShare({ name: `flood-${i}.txt`, files: [{ name: `flood-${i}.txt`, size: 100 }] });
      const job = rig.job(alice, { shareId: share.shareId });
      aliceJobs.push(saveJobId(job));
      await rig.save(job);
    }
    // Alice's workers are busy and her bucket is empty by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const share = rig.sim.addShare({ name: 'bob.txt', files: [{ name: 'bob.txt', size: 100 }] });
    const bobJob = rig.job(bob, { shareId: share.shareId });
    const started = Date.now();
    await rig.save(bobJob);
    const outcome = await rig.notifier.outcome1(saveJobId(bobJob), 20_000);
    const waitedMs = Date.now() - started;
    expect(outcome.kind).toBe('saved');
    const aliceDone = aliceJobs.filter((id) => rig.notifier.outcomes(id).length > 0).length;
    // Alice is still far from done: Bob did not just wait for her queue to drain.
    expect(aliceDone).toBeLessThan(BACKLOG / 2);
    expect(waitedMs).toBeLessThan(2_000);
  });
});
