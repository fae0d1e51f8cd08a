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

  /**
   * Tokens in the bucket now: fractional, negative while calls wait for tokens reserved ahead,
   * `Infinity` when pacing is off. A queue asks this before it starts another job of the account.
   */
  tokensNow(): number {
    const rate = this.options.callsPerSecond;
    if (!(rate > 0)) return Number.POSITIVE_INFINITY;
    const capacity = Math.max(1, this.options.burst);
    return Math.min(capacity, this.tokens + ((this.now() - this.refilledAt) / 1000) * rate);
  }

  /** How long until a call could leave without waiting (0: now). */
  readyInMs(): number {
    const tokens = this.tokensNow();
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.options.callsPerSecond) * 1000);
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
