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

/** Pings Redis at `url` within `timeoutMs`; true when it answered. */
export async function isReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

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
