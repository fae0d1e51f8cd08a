/**
 * The processor on its own, as a plain function of (job, deps) — no queue: a run that has
 * already ended does nothing, and async copies that never end within the bound are reported
 * as "busy" on the last attempt (and retried before it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinalJobError } from '../../src/jobs/errors.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { processSaveShare } from '../../src/jobs/save-share.processor.js';
import { startRig, type Rig, type TestAccount } from './harness.js';

describe('the save processor', () => {
  let rig: Rig;
  let ada: TestAccount;

  beforeAll(async () => {
    rig = await startRig('embedded');
    ada = await rig.link('ada');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a run of a save that already ended calls nothing and says nothing', async () => {
    const share = rig.sim.addShare({ name: 'done.txt', files: [{ name: 'done.txt', size: 10 }] });
    const job = rig.job(ada, { shareId: share.shareId });
    await rig.save(job);
    await rig.notifier.outcome1(saveJobId(job));
    rig.sim.resetStats();

    await processSaveShare({ id: saveJobId(job), data: job, attemptsMade: 2 }, rig.deps);

    expect(rig.sim.stats().total).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
  });

  it('a copy still running past the poll bound is retried, then reported "busy" on the last attempt', async () => {
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
    try {
      const share = rig.sim.addShare({ name: 'slow', files: [{ name: 'slow', children: [{ name: 'a.bin', size: 10 }] }] });
      const job = rig.job(ada, { shareId: share.shareId, targetPath: '/Slow' });
      const id = saveJobId(job);
      const deps = { ...rig.deps, poll: { firstMs: 10, maxMs: 20, overallMs: 150 }, maxAttempts: 3 };

      await expect(processSaveShare({ id, data: job, attemptsMade: 0 }, deps)).rejects.toThrow(/still running/);
      expect(rig.notifier.outcomes(id)).toEqual([]);
      await expect(processSaveShare({ id, data: job, attemptsMade: 2 }, deps)).rejects.toBeInstanceOf(FinalJobError);
      expect(rig.notifier.outcomes(id)).toEqual([{ kind: 'failed', reason: 'busy', shareName: 'slow', detail: expect.stringMatching(/still running/) }]);
      // The second run polled the task it was given; it never copied again.
      expect(rig.sim.countCopiesOf(share.shareId, ada.sim.userId)).toBe(1);
    } finally {
      rig.sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });
});
