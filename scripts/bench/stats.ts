/** Pure number crunching for the benchmark: percentiles, rates, ratios. */

/**
 * The p-th percentile (0–100) of `values` by the nearest-rank method: the smallest value such
 * that at least p% of the samples are ≤ it. NaN for no samples.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** p50, p95, p99, max and count of a sample. */
export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Summarises a sample (NaN fields for an empty one). */
export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/** Events per second over a span in ms; NaN when the span is not positive. */
export function ratePerSecond(events: number, spanMs: number): number {
  return spanMs > 0 ? (events * 1000) / spanMs : Number.NaN;
}

/**
 * Completions per second once a run is in its steady state: the slope between the `skip`-th
 * and the last completion time (ms, any order). Skipping the first few hides an initial burst.
 */
export function steadyRate(completionTimes: readonly number[], skip: number): number {
  const sorted = [...completionTimes].sort((a, b) => a - b);
  if (sorted.length - skip < 2) return Number.NaN;
  const first = sorted[skip] as number;
  const last = sorted[sorted.length - 1] as number;
  return ratePerSecond(sorted.length - 1 - skip, last - first);
}

/**
 * Outcomes per second Telegram lets a bot tell one private chat: `n` messages, a burst of
 * `burst`, then `perSecond` (the flood gate keeps to it whether or not the fake enforces it).
 */
export function chatOutcomeRate(n: number, burst = 3, perSecond = 1): number {
  const paced = Math.max(0, n - burst);
  return paced === 0 ? Number.POSITIVE_INFINITY : n / (paced / perSecond);
}

/**
 * Saves per second a token bucket allows one account: `n` saves of `callsPerSave` calls each,
 * the first `burst` calls free, then `callsPerSecond`. The steady bound is callsPerSecond / callsPerSave.
 */
export function pacedSaveRate(n: number, callsPerSave: number, callsPerSecond: number, burst: number): number {
  const paced = Math.max(0, n * callsPerSave - burst);
  // The last save still needs its own calls' latency; ignored here, it is the bound.
  return paced === 0 ? Number.POSITIVE_INFINITY : n / (paced / callsPerSecond);
}
