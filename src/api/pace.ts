/**
 * A token bucket per account: Aliyun rate-limits per account, and clients that survive pace
 * themselves (alist lists at ≤ 4/s). Waiters are served in arrival order.
 */

/** Pace settings; `callsPerSecond: 0` turns pacing off. */
export interface PaceOptions {
  callsPerSecond: number;
  burst: number;
}

export const DEFAULT_PACE: PaceOptions = { callsPerSecond: 4, burst: 8 };

/** A token bucket whose `take()` resolves when the caller may send. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly options: PaceOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = Math.max(1, options.burst);
    this.refilledAt = now();
  }

  /** Waits for one token. Reserving ahead (tokens may go negative) keeps waiters in order. */
  take(): Promise<void> {
    const rate = this.options.callsPerSecond;
    if (!(rate > 0)) return Promise.resolve();
    const now = this.now();
    const capacity = Math.max(1, this.options.burst);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return Promise.resolve();
    const waitMs = (-this.tokens / rate) * 1000;
    return new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
  }
}
