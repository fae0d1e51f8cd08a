/**
 * The Redis the BullMQ tests run against, and the one rule for when it is missing: a CI run
 * fails (the BullMQ path must be tested there), a local run tests the embedded queue only and
 * says so.
 */
import { Redis } from 'ioredis';

export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** True when a Redis server answers PING at `url` within `timeoutMs`. */
export async function redisReachable(url: string = REDIS_TEST_URL, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * `withRedis` when Redis answers at REDIS_TEST_URL; otherwise `withoutRedis` locally, and an
 * error when `CI` is set. `suite` names the caller in the local warning.
 */
export async function choosePerRedis<T>(suite: string, withRedis: T[], withoutRedis: T[]): Promise<T[]> {
  if (await redisReachable()) return withRedis;
  if (process.env.CI) {
    throw new Error(`Redis is unreachable at ${REDIS_TEST_URL} and CI is set: the BullMQ tests must run (set REDIS_TEST_URL).`);
  }
  process.stderr.write(`[${suite}] no Redis at ${REDIS_TEST_URL}: testing the embedded queue only\n`);
  return withoutRedis;
}
