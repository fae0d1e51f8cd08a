import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/jobs/queue/backoff.js';

describe('retry backoff', () => {
  it('doubles per failure, within [ceiling/2, ceiling], from 0.5–1 s up to the 5 minute cap', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, {}, low))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, {}, high))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(30, {}, low)).toBe(150_000);
    expect(backoffDelay(30, {}, high)).toBe(300_000);
  });

  it('never exceeds maxMs and never falls below half the previous ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, baseMs, r) => {
        const maxMs = baseMs * 100;
        const delay = backoffDelay(n, { baseMs, maxMs }, () => r);
        return delay <= maxMs && delay >= Math.min(maxMs, baseMs * 2 ** (n - 1)) / 2 - 0.5;
      }),
    );
  });

  it('spreads simultaneous retries apart', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
