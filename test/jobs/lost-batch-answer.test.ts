/**
 * A copy batch that Aliyun carried out but whose answer never reached us — it came after the
 * batch timeout, or the connection was reset — is looked for in the target folder before
 * anything is sent again: the drive holds each file once, never a `name(1)` copy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import type { FaultSpec } from '../../src/sim/aliyun/index.js';
import { queueDrivers, renamedCopies, startRig, type Rig, type TestAccount } from './harness.js';

const drivers = await queueDrivers();
/** Short, so a late answer is a timeout within the test's time. */
const BATCH_TIMEOUT_MS = 400;

describe.each(drivers)('a copy batch whose answer is lost, on the %s queue', (driver) => {
  let rig: Rig;
  let dana: TestAccount;

  beforeAll(async () => {
    rig = await startRig(driver, { batchTimeoutMs: BATCH_TIMEOUT_MS });
    dana = await rig.link('dana');
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    rig.sim.clearFaults();
  });

  const lost: Array<[string, FaultSpec]> = [
    ['answered after the batch timeout', { lose: 'late', afterMs: BATCH_TIMEOUT_MS * 4 }],
    ['cut off by a connection reset', { lose: 'reset' }],
  ];

  it.each(lost)('%s: the job is retried, finds the copies and sends nothing again', async (what, fault) => {
    const tag = what.split(' ')[0];
    const share = rig.sim.addShare({
      name: `slow ${tag}`,
      files: [
        { name: `${tag}-a.pdf`, size: 1024 },
        { name: `${tag}-b.pdf`, size: 1024 },
        { name: `${tag}-folder`, children: [{ name: 'inner.txt', size: 10 }] },
      ],
    });
    const target = `/Slow ${tag}`;
    rig.sim.failNext('/adrive/v4/batch', fault);
    rig.sim.resetStats();
    const job = rig.job(dana, { shareId: share.shareId, targetPath: target });
    await rig.save(job);

    expect(await rig.notifier.outcome1(saveJobId(job))).toMatchObject({ kind: 'saved', items: 3 });
    rig.sim.settleTasks(); // the folder's background copy finishes on Aliyun's side
    // Sent once: the retry listed the folder, found all three and sent no second batch.
    expect(rig.sim.stats().byPath['/adrive/v4/batch']).toBe(1);
    expect(rig.sim.countCopiesOf(share.shareId, dana.sim.userId)).toBe(3);
    expect(renamedCopies(rig.sim, dana.sim.userId)).toEqual([]);
    // Files per folder: the two files, and the folder's one file.
    const tree = rig.sim.tree(dana.sim.userId);
    expect(tree[target]).toBe(2);
    expect(tree[`${target}/${tag}-folder`]).toBe(1);
  });
});
