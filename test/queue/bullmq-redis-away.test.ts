/**
 * BullMQ only: an add while the queue's Redis connection is down fails at once (the bot then
 * tells the user to retry) and leaves no stray rejection behind to crash the process.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../src/jobs/queue/bullmq.driver.js';
import { REDIS_URL, availableDrivers, testLogger, waitFor } from './harness.js';

const redisTested = (await availableDrivers()).some((driver) => driver.name === 'bullmq');

describe.runIf(redisTested)('BullMQ queue with its Redis connection cut', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('an add fails at once, and nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanups.push(async () => process.off('unhandledRejection', onUnhandled));
    const name = `away-${randomUUID()}`;
    const queue = new BullmqJobQueue<{ n: number }>({ name, redisUrl: REDIS_URL, logger: testLogger });
    const admin = new Redis(REDIS_URL);
    cleanups.push(() => admin.quit(), () => queue.close());
    expect(await queue.add('first', { n: 1 })).toEqual({ jobId: 'first', queued: true });

    // Redis drops the queue's connection (its own, private to the driver), as when Redis restarts.
    const connection = (queue as unknown as { queueConnection: Redis }).queueConnection;
    await admin.client('KILL', 'ID', String(await connection.client('ID')));
    await waitFor(() => connection.status !== 'ready', 2000, 'the connection to drop');

    await expect(queue.add('second', { n: 2 })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(unhandled).toEqual([]);
  });
});
