/**
 * Saves whose runs are cut off: a BullMQ run that lost its lock stops before it sends its batch
 * (the run that took the job over sends it, once), and a save the queue gave up (it stalled or
 * crashed its worker too often) ends as `interrupted` and the user is told.
 */
import { createAccounts } from '../../src/accounts.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AliyunClient } from '../../src/api/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { queueJobs } from '../../src/db/schema/index.js';
import { enqueueSave, startSaveWorkers } from '../../src/jobs/save-queue.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { FAST, queueDrivers, REDIS_URL, renamedCopies, startRig, testLogger, waitFor, type Rig } from './harness.js';

const drivers = await queueDrivers();

describe.each(drivers)('a save given up by the %s queue', (driver) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(driver);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('ends as interrupted, the user is told once, and nothing runs', async () => {
    const user = await rig.link('crashy');
    const share = rig.sim.addShare({ name: 'crashy.txt', files: [{ name: 'crashy.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    const jobId = saveJobId(job);
    const queueName = `given-up-${randomUUID().slice(0, 8)}`;
    const queue = rig.makeQueue(queueName);
    await enqueueSave(queue, rig.database.db, job);
    // Force the state a job reaches after its runs were cut off too often.
    if (driver === 'embedded') {
      // Held by a process that is gone, cut off twice before: this is its third interruption.
      rig.database.db.update(queueJobs)
        .set({ state: 'active', lockedBy: `${hostname()}/999999999/gone/x`, lockUntil: Date.now() + 60_000, interruptedRuns: 2 })
        .where(eq(queueJobs.id, jobId)).run();
    } else {
      // What BullMQ's stalled check writes when a job stalled more than maxStalledCount times.
      const redis = new Redis(REDIS_URL);
      await redis.hset(`${rig.bullPrefix}:${queueName}:${jobId}`, 'defa', 'job stalled more than allowable limit');
      await redis.quit();
    }
    await startSaveWorkers(queue, rig.deps);
    const outcome = await rig.notifier.outcome1(jobId);
    expect(outcome).toEqual({ kind: 'failed', reason: 'interrupted' });
    expect(createSavesRepo(rig.database.db).get(jobId)).toMatchObject({ state: 'failed', failureKind: 'interrupted' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rig.notifier.outcomes(jobId)).toHaveLength(1);
    expect(rig.sim.countCopiesOf(share.shareId)).toBe(0);
    expect(await queue.counts()).toMatchObject({ failed: 1, active: 0, waiting: 0 });
  });
});

describe.runIf(drivers.includes('bullmq'))('a BullMQ run that lost its lock', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig('bullmq');
  });
  afterAll(async () => {
    await rig?.close();
  });
  afterEach(() => {
    rig.sim.clearFaults();
  });

  it('stops before its copy batch; the run that took the job over copies the share once', async () => {
    const user = await rig.link('stalled');
    // Worker 1's client is slow (1 call/s after a burst of 2): its copy batch waits in the pace.
    const slowClient = new AliyunClient({
      apiUrl: rig.sim.url, authUrl: rig.sim.url, passportUrl: rig.sim.url, userUrl: rig.sim.userUrl, ...FAST.client,
      pace: { callsPerSecond: 1, burst: 2 }, logger: testLogger,
    });
    const queueName = `lost-lock-${randomUUID().slice(0, 8)}`;
    const first = rig.makeQueue(queueName);
    await startSaveWorkers(first, { ...rig.deps, accounts: createAccounts({ client: slowClient, db: rig.database.db, secretKey: rig.secretKey }) }, { concurrency: 1 });
    // A first save warms worker 1 up (login, drive, target folder), then its bucket refills.
    const warm = rig.sim.addShare({ name: 'warm.txt', files: [{ name: 'warm.txt', size: 10 }] });
    const warmJob = rig.job(user, { shareId: warm.shareId });
    await enqueueSave(first, rig.database.db, warmJob);
    expect((await rig.notifier.outcome1(saveJobId(warmJob), 20_000)).kind).toBe('saved');
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const share = rig.sim.addShare({ name: 'stalled.txt', files: [{ name: 'stalled.txt', size: 10 }] });
    const job = rig.job(user, { shareId: share.shareId });
    const jobId = saveJobId(job);
    await enqueueSave(first, rig.database.db, job);
    // Once its share token was asked for, the run is about to copy: its lock vanishes (as when
    // the worker froze past the lock, or Redis lost the key).
    await waitFor(() => rig.sim.calls().some((c) => c.shareId === share.shareId && c.path.includes('get_share_token')), 10_000, 'the share token call');
    const redis = new Redis(REDIS_URL);
    await redis.del(`${rig.bullPrefix}:${queueName}:${jobId}:lock`);
    await redis.quit();
    // A fast worker takes the job over once the stalled check has seen it.
    await startSaveWorkers(rig.makeQueue(queueName), rig.deps, { concurrency: 1 });

    expect((await rig.notifier.outcome1(jobId, 20_000)).kind).toBe('saved');
    // Long enough for the first run's paced batch to have gone out, had it not stopped.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const batches = rig.sim.calls().filter((c) => c.path === '/adrive/v4/batch' && c.shareId === share.shareId);
    expect(batches).toHaveLength(1);
    expect(rig.sim.countCopiesOf(share.shareId)).toBe(1);
    expect(renamedCopies(rig.sim, user.sim.userId)).toEqual([]);
    expect(rig.notifier.outcomes(jobId)).toHaveLength(1);
  });
});
