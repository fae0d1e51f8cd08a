/**
 * The embedded queue serves accounts (groups) in turn: a user whose shares are queued behind
 * another user's backlog gets the next free slot, not the end of the line. (BullMQ hands jobs out
 * first in, first out; its driver keeps fairness by the group pace instead, see contract.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedDriver, waitFor, type QueueHarness } from './harness.js';

interface Payload {
  name: string;
}

describe('embedded queue turns', () => {
  let harness: QueueHarness;
  /** Lets the last job end, so the queue closes at once. */
  let releaseAll = (): void => undefined;
  beforeEach(() => {
    harness = embeddedDriver.setup();
  });
  afterEach(async () => {
    releaseAll();
    await harness.cleanup();
  });

  /**
   * A worker with one slot whose jobs each wait for `next()`; `started` lists them in start order.
   * `occupy` adds a job and waits until it holds the slot.
   */
  async function oneSlotWorker(overrides: { pollIntervalMs?: number } = {}) {
    const queue = harness.make<Payload>(overrides);
    const started: string[] = [];
    const gates: (() => void)[] = [];
    await queue.startWorker(
      async (job) => {
        started.push(job.data.name);
        await new Promise<void>((resolve) => gates.push(resolve));
      },
      { concurrency: 1 },
    );
    const next = async (): Promise<void> => {
      const count = started.length;
      gates.shift()?.();
      await waitFor(() => started.length > count || gates.length === 0, 5_000, 'the next job');
    };
    // Jobs added a few ms apart: ties in age would leave the order to SQLite.
    const add = async (name: string, group?: string, delayMs?: number) => {
      await queue.add(name, { name }, { ...(group ? { group } : {}), ...(delayMs ? { delayMs } : {}) });
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const occupy = async (name: string, group: string) => {
      await add(name, group);
      await waitFor(() => started.includes(name), 5_000, `${name} to start`);
    };
    releaseAll = () => gates.splice(0).forEach((release) => release());
    return { started, next, add, occupy };
  }

  it('groups take turns, the one served longest ago first; jobs without a group take a turn of their own', async () => {
    const { started, next, add, occupy } = await oneSlotWorker();
    await occupy('a1', 'a');
    for (const name of ['a2', 'a3', 'a4']) await add(name, 'a');
    await add('b1', 'b');
    await add('b2', 'b');
    await add('x1');
    for (let i = 0; i < 6; i++) await next();
    // b and the group-less job never had a turn: they go before a's second job.
    expect(started).toEqual(['a1', 'b1', 'x1', 'a2', 'b2', 'a3', 'a4']);
  });

  it('a group whose job was just claimed still gets its next turn, and a job added meanwhile joins the rotation at once', async () => {
    const { started, next, add, occupy } = await oneSlotWorker();
    await occupy('a1', 'a');
    await add('a2', 'a');
    await add('b1', 'b');
    await next(); // b1 runs
    await add('c1', 'c'); // c has never had a turn: it goes before a's second job
    await next();
    await next();
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('a delayed job joins the rotation when it comes due, without waiting for the poll', async () => {
    // A poll interval far longer than the test: only the job's own due time can start it.
    const { started, next, add, occupy } = await oneSlotWorker({ pollIntervalMs: 60_000 });
    await occupy('a1', 'a');
    await add('a2', 'a');
    await add('b1', 'b', 300);
    await add('a3', 'a');
    await next(); // a2 runs: b1 is not due yet
    expect(started).toEqual(['a1', 'a2']);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await next(); // b1 is due now, and b never had a turn
    expect(started).toEqual(['a1', 'a2', 'b1']);
    await next();
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
  });
});
