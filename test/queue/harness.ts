/** Test drivers for the queue contract: each builds queues on fresh, private storage. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { openDatabase } from '../../src/db/index.js';
import { BullmqJobQueue } from '../../src/jobs/queue/bullmq.driver.js';
import { EmbeddedJobQueue } from '../../src/jobs/queue/embedded.driver.js';
import type { BaseQueueOptions, JobQueue } from '../../src/jobs/queue/types.js';
import { choosePerRedis, REDIS_TEST_URL } from '../helpers/redis.js';

export const REDIS_URL = REDIS_TEST_URL;
export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Common options, plus driver-specific ones that the other driver ignores. */
export type QueueOverrides = Partial<Omit<BaseQueueOptions, 'name' | 'logger'>> & {
  lockDurationMs?: number;
  pollIntervalMs?: number;
  stalledIntervalMs?: number;
};

/** What a worker in another process needs to open the same queue (see fixtures/queue-worker.ts). */
export type QueueLocation = { driver: 'embedded'; dbFile: string; queue: string } | { driver: 'bullmq'; redisUrl: string; queue: string };

export interface QueueHarness {
  location: QueueLocation;
  /** A new queue instance on this test's storage (same name each time). */
  make<T>(overrides?: QueueOverrides): JobQueue<T>;
  /** Closes every queue made and deletes the storage. */
  cleanup(): Promise<void>;
}

export interface QueueDriver {
  name: string;
  setup(): QueueHarness;
}

/** Fast retries so the suite runs in seconds. */
const testBackoff = { baseMs: 40, maxMs: 1000 };

export const embeddedDriver: QueueDriver = {
  name: 'embedded',
  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'asb-queue-'));
    const dbFile = join(dir, 'bot.db');
    const handle = openDatabase(dbFile);
    const made: JobQueue<unknown>[] = [];
    return {
      location: { driver: 'embedded', dbFile, queue: 'saves' },
      make<T>(overrides: QueueOverrides = {}) {
        const queue = new EmbeddedJobQueue<T>({ name: 'saves', db: handle.db, logger: testLogger, backoff: testBackoff, ...overrides });
        made.push(queue as JobQueue<unknown>);
        return queue;
      },
      async cleanup() {
        await Promise.all(made.map((q) => q.close()));
        handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const bullmqDriver: QueueDriver = {
  name: 'bullmq',
  setup() {
    const name = `test-${randomUUID()}`;
    const made: JobQueue<unknown>[] = [];
    return {
      location: { driver: 'bullmq', redisUrl: REDIS_URL, queue: name },
      make<T>(overrides: QueueOverrides = {}) {
        const queue = new BullmqJobQueue<T>({ name, redisUrl: REDIS_URL, logger: testLogger, backoff: testBackoff, ...overrides });
        made.push(queue as JobQueue<unknown>);
        return queue;
      },
      async cleanup() {
        await Promise.all(made.map((q) => q.close()));
        const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
        const admin = new Queue(name, { connection });
        await admin.obliterate({ force: true });
        await admin.close();
        await connection.quit();
      },
    };
  },
};

/** The drivers to test: the embedded one always, BullMQ when Redis answers (see `choosePerRedis`). */
export async function availableDrivers(): Promise<QueueDriver[]> {
  return choosePerRedis('queue tests', [embeddedDriver, bullmqDriver], [embeddedDriver]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
