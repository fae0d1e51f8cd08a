/**
 * The Redis the BullMQ runs use: reachable or not, and a dedicated database index that is
 * emptied before and after each run (other tests on the same server use other indexes).
 */
import { Redis } from 'ioredis';

/** `base` with its database index replaced by `db`, e.g. redis://127.0.0.1:6379/13. */
export function withDatabase(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

/** Pings Redis at `url`; true when it answered (the tests' probe, shared). */
export { redisReachable as isReachable } from '../../test/helpers/redis.js';

/** Empties the database `url` points at (FLUSHDB: only that index). */
export async function flushDatabase(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  try {
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}
