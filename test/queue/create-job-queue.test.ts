import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue/index.js';
import { REDIS_URL, availableDrivers, testLogger } from './harness.js';

const redisTested = (await availableDrivers()).some((driver) => driver.name === 'bullmq');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createJobQueue', () => {
  it('without REDIS_URL keeps jobs in the SQLite database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-factory-'));
    const handle: DatabaseHandle = openDatabase(join(dir, 'bot.db'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => handle.close());
    const queue: JobQueue<{ url: string }> = createJobQueue({ name: 'saves', logger: testLogger, db: handle.db, redisUrl: '' });
    cleanups.push(() => queue.close());

    await queue.add('save-1', { url: 'https://www.alipan.com/s/abc' });
    expect(handle.sqlite.prepare('select queue, id, data, state from queue_jobs').all()).toEqual([
      { queue: 'saves', id: 'save-1', data: '{"url":"https://www.alipan.com/s/abc"}', state: 'waiting' },
    ]);
  });

  it('without REDIS_URL or a database it says what is missing', () => {
    expect(() => createJobQueue({ name: 'saves', logger: testLogger })).toThrow(/needs the SQLite database/);
  });

  if (redisTested) {
    it('with REDIS_URL keeps jobs in Redis, through BullMQ', async () => {
      const name = `factory-${randomUUID()}`;
      const queue = createJobQueue<{ url: string }>({ name, logger: testLogger, redisUrl: REDIS_URL });
      const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      const inspector = new Queue(name, { connection });
      cleanups.push(
        () => connection.quit().then(() => undefined),
        () => inspector.close(),
        () => inspector.obliterate({ force: true }),
        () => queue.close(),
      );

      await queue.add('save-1', { url: 'https://www.alipan.com/s/abc' }, { attempts: 3 });
      const job = await inspector.getJob('save-1');
      expect(job?.data).toEqual({ url: 'https://www.alipan.com/s/abc' });
      expect(job?.opts.attempts).toBe(3);
    });
  }
});
