/**
 * One contract, both drivers: whatever runs the save jobs — Redis (BullMQ) or the bot's SQLite
 * file — users see the same behaviour: no double saves, retries, throttling, clean shutdowns.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinalJobError, RateLimitedJobError } from '../../src/jobs/errors.js';
import { availableDrivers, sleep, waitFor, type QueueHarness } from './harness.js';

const drivers = await availableDrivers();

interface Payload {
  n: number;
}

describe.each(drivers.map((driver) => [driver.name, driver] as const))('%s queue', (_name, driver) => {
  let harness: QueueHarness;
  beforeEach(() => {
    harness = driver.setup();
  });
  afterEach(async () => {
    await harness.cleanup();
  });

  it('runs jobs side by side up to the concurrency, each with its data', async () => {
    const queue = harness.make<Payload>();
    let active = 0;
    let maxActive = 0;
    const seen: number[] = [];
    await queue.startWorker(
      async (job) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(150);
        active -= 1;
        seen.push(job.data.n);
      },
      { concurrency: 2 },
    );
    for (let n = 1; n <= 5; n += 1) await queue.add(`job-${n}`, { n });

    await waitFor(() => seen.length === 5, 10_000, 'five jobs');
    expect(maxActive).toBe(2);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
    await waitFor(async () => (await queue.counts()).completed === 5);
  });

  it('a group held back by its pace waits outside the worker slots: another group\'s job runs meanwhile', async () => {
    const queue = harness.make<{ group: string; n: number }>();
    const running = new Map<string, number>();
    let maxA = 0;
    const started: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await queue.startWorker(
      async (job) => {
        const { group, n } = job.data;
        running.set(group, (running.get(group) ?? 0) + 1);
        if (group === 'a') maxA = Math.max(maxA, running.get('a') ?? 0);
        started.push(`${group}${n}`);
        await held;
        running.set(group, (running.get(group) ?? 1) - 1);
      },
      // Group a may run one job at a time (its pace); b is free.
      { concurrency: 2, groupPace: { allowance: (group) => (group === 'a' ? { running: 1, retryInMs: 100 } : { running: Infinity, retryInMs: 0 }) } },
    );
    for (let n = 1; n <= 5; n += 1) await queue.add(`a-${n}`, { group: 'a', n }, { group: 'a' });
    await sleep(200);
    await queue.add('b-1', { group: 'b', n: 1 }, { group: 'b' });
    await waitFor(() => started.includes('b1'), 3_000, "group b's job while a's first one runs");
    expect(started.filter((s) => s.startsWith('a'))).toEqual(['a1']);
    release();
    await waitFor(async () => (await queue.counts()).completed === 6, 15_000, 'every job');
    expect(maxA).toBe(1);
  });

  it('an idle worker picks up a new job at once', async () => {
    const queue = harness.make<Payload>();
    let ranAt = 0;
    await queue.startWorker(async () => {
      ranAt = Date.now();
    });
    await sleep(300);
    const addedAt = Date.now();
    await queue.add('prompt', { n: 1 });
    await waitFor(() => ranAt > 0, 5000, 'the job');
    expect(ranAt - addedAt).toBeLessThan(400); // the embedded poll alone would take ~700 ms here
  });

  it('a second add with the same id queues nothing, before and after the job ran', async () => {
    const queue = harness.make<Payload>();
    expect(await queue.add('share-abc', { n: 1 })).toEqual({ jobId: 'share-abc', queued: true });
    expect(await queue.add('share-abc', { n: 2 })).toEqual({ jobId: 'share-abc', queued: false });
    const seen: number[] = [];
    await queue.startWorker(async (job) => {
      seen.push(job.data.n);
    });
    await waitFor(async () => (await queue.counts()).completed === 1);
    expect(await queue.add('share-abc', { n: 3 })).toEqual({ jobId: 'share-abc', queued: false });
    await sleep(200);
    expect(seen).toEqual([1]);
  });

  it('adds of one id racing from two queue instances: exactly one reports queued, and the job runs once', async () => {
    const first = harness.make<Payload>();
    const second = harness.make<Payload>();
    const ids = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    const answers = await Promise.all(
      ids.flatMap((id, i) => [first.add(id, { n: i }), second.add(id, { n: 100 + i }), first.add(id, { n: 200 + i })]),
    );
    for (const id of ids) {
      expect(answers.filter((a) => a.jobId === id && a.queued), id).toHaveLength(1);
    }
    const seen: string[] = [];
    await first.startWorker(
      async (job) => {
        seen.push(job.id);
      },
      { concurrency: 4 },
    );
    await waitFor(async () => (await first.counts()).completed === ids.length, 10_000, 'the ten jobs');
    await sleep(200);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('rejects job ids that BullMQ cannot store', async () => {
    const queue = harness.make<Payload>();
    await expect(queue.add('chat:1', { n: 1 })).rejects.toThrow(/must not contain ":"/);
    await expect(queue.add('12345', { n: 1 })).rejects.toThrow(/must not be all digits/);
    await expect(queue.add('', { n: 1 })).rejects.toThrow(/non-empty/);
    expect(await queue.counts()).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('retries a failing job with growing backoff until it succeeds', async () => {
    const queue = harness.make<Payload>({ defaultAttempts: 5 });
    const runs: { attemptsMade: number; maxAttempts: number; at: number }[] = [];
    await queue.startWorker(async (job) => {
      runs.push({ attemptsMade: job.attemptsMade, maxAttempts: job.maxAttempts, at: Date.now() });
      if (runs.length < 3) throw new Error('Aliyun answered 500');
    });
    await queue.add('flaky', { n: 1 });

    await waitFor(async () => (await queue.counts()).completed === 1);
    expect(runs.map((run) => run.attemptsMade)).toEqual([0, 1, 2]);
    expect(runs.map((run) => run.maxAttempts)).toEqual([5, 5, 5]);
    const [first, second, third] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    // base 40 ms with equal jitter: 1st retry after 20–40 ms, 2nd after 40–80 ms.
    expect(second.at - first.at).toBeGreaterThanOrEqual(20);
    expect(third.at - second.at).toBeGreaterThanOrEqual(40);
    expect(await queue.counts()).toMatchObject({ failed: 0, waiting: 0, delayed: 0, active: 0 });
  });

  it('fails a job for good once its attempts are spent, telling the processor which run is the last', async () => {
    const queue = harness.make<Payload>({ defaultAttempts: 5 });
    const runs: string[] = [];
    await queue.startWorker(async (job) => {
      runs.push(`${job.attemptsMade + 1}/${job.maxAttempts}`);
      throw new Error('always broken');
    });
    await queue.add('doomed', { n: 1 }, { attempts: 3 });
    await waitFor(async () => (await queue.counts()).failed === 1);
    await sleep(300);
    expect(runs).toEqual(['1/3', '2/3', '3/3']);
    expect(await queue.counts()).toMatchObject({ failed: 1, completed: 0, delayed: 0, waiting: 0 });
  });

  it('FinalJobError fails the job at once, with attempts left', async () => {
    const queue = harness.make<Payload>();
    let runs = 0;
    await queue.startWorker(async () => {
      runs += 1;
      throw new FinalJobError('the share was cancelled');
    });
    await queue.add('cancelled-share', { n: 1 }, { attempts: 5 });
    await waitFor(async () => (await queue.counts()).failed === 1);
    await sleep(400); // longer than any backoff would be
    expect(runs).toBe(1);
  });

  it('RateLimitedJobError waits, then runs again without spending an attempt', async () => {
    const queue = harness.make<Payload>();
    const runs: { attemptsMade: number; at: number }[] = [];
    await queue.startWorker(async (job) => {
      runs.push({ attemptsMade: job.attemptsMade, at: Date.now() });
      if (runs.length < 3) throw new RateLimitedJobError(200);
    });
    // One attempt only: if throttling spent it, the job would fail instead of running again.
    await queue.add('throttled', { n: 1 }, { attempts: 1 });

    await waitFor(() => runs.length === 1);
    await waitFor(async () => (await queue.counts()).delayed === 1, 1000, 'the job to wait');
    await waitFor(async () => (await queue.counts()).completed === 1);
    expect(runs.map((run) => run.attemptsMade)).toEqual([0, 0, 0]);
    expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(195);
    expect(runs[2]!.at - runs[1]!.at).toBeGreaterThanOrEqual(195);
  });

  it('a delayed job waits for its time', async () => {
    const queue = harness.make<Payload>();
    let ranAt = 0;
    await queue.startWorker(async () => {
      ranAt = Date.now();
    });
    const addedAt = Date.now();
    await queue.add('later', { n: 1 }, { delayMs: 400 });
    expect(await queue.counts()).toMatchObject({ delayed: 1, waiting: 0 });
    await waitFor(() => ranAt > 0, 5000, 'the delayed job');
    expect(ranAt - addedAt).toBeGreaterThanOrEqual(395);
  });

  it('counts jobs in every state', async () => {
    const queue = harness.make<Payload>();
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    await queue.add('a', { n: 1 });
    await queue.add('b', { n: 2 });
    await queue.add('c', { n: 3 });
    await queue.add('d', { n: 4 }, { delayMs: 60_000 });
    expect(await queue.counts()).toEqual({ waiting: 3, active: 0, delayed: 1, completed: 0, failed: 0 });

    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await queue.startWorker(async (job) => {
      if (job.data.n === 1) await gate;
      if (job.data.n === 3) throw new FinalJobError('no');
    }, { concurrency: 3 });
    await waitFor(async () => {
      const c = await queue.counts();
      return c.active === 1 && c.completed === 1 && c.failed === 1;
    }, 5000, 'one active, one completed, one failed');
    expect(await queue.counts()).toEqual({ waiting: 0, active: 1, delayed: 1, completed: 1, failed: 1 });
    release();
    await waitFor(async () => (await queue.counts()).completed === 2);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 1, completed: 2, failed: 1 });
  });

  it('close() lets the active job finish first', async () => {
    const queue = harness.make<Payload>();
    let started!: () => void;
    const startedP = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finishedAt = 0;
    await queue.startWorker(async () => {
      started();
      await sleep(300);
      finishedAt = Date.now();
    });
    await queue.add('slow', { n: 1 });
    await startedP;
    await queue.close();
    expect(finishedAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(finishedAt);

    const after = harness.make<Payload>();
    expect(await after.counts()).toMatchObject({ completed: 1, active: 0, waiting: 0, delayed: 0 });
  });

  it('close() aborts a job that outlasts the close timeout; it resumes later without spending an attempt', async () => {
    const queue = harness.make<Payload>({ closeTimeoutMs: 200 });
    const runs: number[] = [];
    await queue.startWorker(async (job) => {
      runs.push(job.attemptsMade);
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
      throw job.signal.reason;
    });
    await queue.add('long', { n: 1 }, { attempts: 1 });
    await waitFor(() => runs.length === 1);
    const closeStarted = Date.now();
    await queue.close();
    expect(Date.now() - closeStarted).toBeGreaterThanOrEqual(190);

    const next = harness.make<Payload>();
    await next.startWorker(async (job) => {
      runs.push(job.attemptsMade);
    });
    await waitFor(async () => (await next.counts()).completed === 1);
    expect(runs).toEqual([0, 0]);
    expect((await next.counts()).failed).toBe(0);
  });
});
