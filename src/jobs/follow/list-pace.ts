/**
 * One pace for the anonymous calls of follow checks in this process (share info and every page
 * of `list_by_share`): checks of many shares share it, so 1,000 follows never list faster than
 * FOLLOW_LIST_CALLS_PER_SECOND against Aliyun's per-IP limits. A token bucket of one (no burst):
 * calls leave at most one every 1/rate seconds, in arrival order.
 */
import { TokenBucket } from '../../api/index.js';

export interface ListingPace {
  /** Resolves when the next anonymous call may leave. */
  take(): Promise<void>;
}

/** `callsPerSecond: 0` turns pacing off. `now` is injectable for tests (default `performance.now`). */
export function createListingPace(callsPerSecond: number, now?: () => number): ListingPace {
  const bucket = new TokenBucket({ callsPerSecond, burst: 1 }, now);
  return { take: () => bucket.take() };
}

/** No pace (tests of other things, and the default when none is given). */
export const UNPACED: ListingPace = { take: () => Promise.resolve() };
