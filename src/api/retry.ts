/**
 * Our own retry loop (ky's is off): exponential backoff with jitter for 5xx and transport
 * failures, and exact waits for 429s that do not spend an attempt but are bounded in total.
 */
import { AliyunError, isRateLimited } from './errors.js';

/** How hard to try. */
export interface RetryPolicy {
  /** Retries after the first attempt for 5xx/timeouts/network errors. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time one call may spend waiting out 429s before the 429 is thrown. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: 60_000,
};

/** Backoff before retry number `attempt` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after at least `ms` (timers may fire a millisecond early; a server's wait is a floor). */
export async function sleep(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

/** What the loop tells its observer before each wait. */
export interface RetryNotice {
  error: AliyunError;
  delayMs: number;
  /** "rate-limit" waits do not count against `retries`. */
  kind: 'rate-limit' | 'retry';
  attempt: number;
}

/**
 * Runs `attempt` until it succeeds or fails for good.
 * `idempotent: false` (copies, share creation) retries only 429s: after a 5xx or a timeout the
 * server may have done the work, and sending it again would copy a file twice.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  options: { idempotent?: boolean; onRetry?: (notice: RetryNotice) => void } = {},
): Promise<T> {
  const idempotent = options.idempotent ?? true;
  let retriesUsed = 0;
  let rateLimitCount = 0;
  let rateLimitWaited = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof AliyunError) || !err.retryable) throw err;
      if (isRateLimited(err)) {
        rateLimitCount += 1;
        const delayMs = err.retryAfterMs ?? backoffDelay(rateLimitCount, policy);
        if (rateLimitWaited + delayMs > policy.maxRateLimitWaitMs) {
          // Hand the caller (a job queue) the wait so it can park the job instead of spinning.
          throw err.with({ retryAfterMs: delayMs });
        }
        rateLimitWaited += delayMs;
        options.onRetry?.({ error: err, delayMs, kind: 'rate-limit', attempt: rateLimitCount });
        await sleep(delayMs);
        continue;
      }
      if (!idempotent || retriesUsed >= policy.retries) throw err;
      retriesUsed += 1;
      // A 5xx's Retry-After is a hint, capped like our own backoff: a 503 asking for a day
      // must not hold a save (and its worker slot) for a day.
      const delayMs = Math.min(err.retryAfterMs ?? backoffDelay(retriesUsed, policy), policy.maxDelayMs);
      options.onRetry?.({ error: err, delayMs, kind: 'retry', attempt: retriesUsed });
      await sleep(delayMs);
    }
  }
}
