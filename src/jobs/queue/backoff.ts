/** Retry delays: exponential, capped, with "equal jitter" so retries of many jobs spread out. */
export interface BackoffOptions {
  /** Ceiling of the delay after the first failure (default 1000 ms); it doubles per failure. */
  baseMs?: number;
  /** Upper bound of any delay (default 5 minutes). */
  maxMs?: number;
}

/**
 * Delay before the next run after `failedAttempts` failures (≥ 1): uniformly in
 * [ceiling/2, ceiling] where ceiling = min(maxMs, baseMs · 2^(failedAttempts−1)).
 */
export function backoffDelay(failedAttempts: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 5 * 60_000;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
