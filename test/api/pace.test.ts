/**
 * The per-account pace: a token bucket checked exactly on a fake clock (its burst, its refill,
 * its order), and once through the real client that every call of an account, logged in or
 * anonymous, draws from the same bucket.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateDevice } from '../../src/api/index.js';
import { DEFAULT_PACE, TokenBucket, type PaceOptions } from '../../src/api/pace.js';
import { FakeAccount } from './fake-account.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

const INFO = '/adrive/v2/share_link/get_share_by_anonymous';

describe('the token bucket, on a fake clock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A bucket on the fake clock, and when (ms after its start) each take() was let through. */
  function bucket(options: PaceOptions) {
    const start = Date.now();
    const paced = new TokenBucket(options, () => Date.now());
    const released: number[] = [];
    const take = (count: number) => {
      for (let i = 0; i < count; i++) void paced.take().then(() => released.push(Date.now() - start));
    };
    return { take, released, advance: (ms: number) => vi.advanceTimersByTimeAsync(ms) };
  }

  it('tells a queue how full the bucket is and how long until the next call could leave (what holds a busy account back)', async () => {
    let now = 1_000;
    const paced = new TokenBucket({ callsPerSecond: 4, burst: 8 }, () => now);
    expect(paced.tokensNow()).toBe(8);
    expect(paced.readyInMs()).toBe(0);
    for (let i = 0; i < 7; i++) void paced.take();
    // One token left: a call leaves now.
    expect(paced.tokensNow()).toBe(1);
    expect(paced.readyInMs()).toBe(0);
    void paced.take();
    expect(paced.tokensNow()).toBe(0);
    expect(paced.readyInMs()).toBe(250);
    // Two calls reserved ahead: the bucket owes two tokens.
    void paced.take();
    void paced.take();
    expect(paced.tokensNow()).toBe(-2);
    expect(paced.readyInMs()).toBe(750);
    // It refills at the rate, and never past the burst however long it was idle.
    now += 500;
    expect(paced.tokensNow()).toBe(0);
    expect(paced.readyInMs()).toBe(250);
    now += 60_000;
    expect(paced.tokensNow()).toBe(8);
    // A fractional wait is rounded up: at 3/s, a third of a second is 334 ms.
    const slow = new TokenBucket({ callsPerSecond: 3, burst: 1 }, () => now);
    void slow.take();
    expect(slow.readyInMs()).toBe(334);
    // A burst of 0 still holds one token; an unpaced account always has room.
    expect(new TokenBucket({ callsPerSecond: 4, burst: 0 }, () => now).tokensNow()).toBe(1);
    const unpaced = new TokenBucket({ callsPerSecond: 0, burst: 8 }, () => now);
    expect(unpaced.tokensNow()).toBe(Number.POSITIVE_INFINITY);
    expect(unpaced.readyInMs()).toBe(0);
    expect(new TokenBucket({ callsPerSecond: -1, burst: 8 }, () => now).tokensNow()).toBe(Number.POSITIVE_INFINITY);
    await vi.advanceTimersByTimeAsync(2_000);
  });

  it('defaults to 4 calls a second with a burst of 8', () => {
    expect(DEFAULT_PACE).toEqual({ callsPerSecond: 4, burst: 8 });
  });

  it('lets a burst of 8 through at once, then one call every 250 ms at 4/s', async () => {
    const b = bucket({ callsPerSecond: 4, burst: 8 });
    b.take(12);
    await b.advance(0);
    expect(b.released).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    await b.advance(249);
    expect(b.released).toHaveLength(8);
    await b.advance(1);
    expect(b.released).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 250]);
    await b.advance(750);
    expect(b.released).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 250, 500, 750, 1000]);
  });

  it('refills at the rate while idle: after 500 ms at 4/s, two calls go at once and the third waits 250 ms', async () => {
    const b = bucket({ callsPerSecond: 4, burst: 8 });
    b.take(8);
    await b.advance(500);
    b.take(3);
    await b.advance(0);
    expect(b.released.slice(8)).toEqual([500, 500]);
    await b.advance(250);
    expect(b.released.slice(8)).toEqual([500, 500, 750]);
  });

  it('never holds more than the burst, however long it was idle', async () => {
    const b = bucket({ callsPerSecond: 4, burst: 3 });
    await b.advance(60_000);
    b.take(5);
    await b.advance(0);
    expect(b.released).toEqual([60_000, 60_000, 60_000]);
    await b.advance(500);
    expect(b.released).toEqual([60_000, 60_000, 60_000, 60_250, 60_500]);
  });

  it('serves waiters in the order they came, each a token\'s time after the one before', async () => {
    const paced = new TokenBucket({ callsPerSecond: 10, burst: 1 }, () => Date.now());
    const order: number[] = [];
    for (const n of [1, 2, 3, 4]) void paced.take().then(() => order.push(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('rounds a fractional wait up: at 3/s the next call waits 334 ms, not 333', async () => {
    const b = bucket({ callsPerSecond: 3, burst: 1 });
    b.take(2);
    await b.advance(333);
    expect(b.released).toEqual([0]);
    await b.advance(1);
    expect(b.released).toEqual([0, 334]);
  });

  it('a burst of 0 (or less) still lets one call through at once', async () => {
    for (const burst of [0, -2]) {
      const b = bucket({ callsPerSecond: 2, burst });
      b.take(2);
      await b.advance(0);
      expect(b.released).toEqual([0]);
      await b.advance(500);
      expect(b.released).toEqual([0, 500]);
      await b.advance(5_000); // idle: still only one token kept
      b.take(2);
      await b.advance(0);
      expect(b.released).toEqual([0, 500, 5_500]);
    }
  });

  it('callsPerSecond 0 (or anything not above 0) is unpaced: every call goes at once, no timer set', async () => {
    for (const callsPerSecond of [0, -1, Number.NaN]) {
      const b = bucket({ callsPerSecond, burst: 1 });
      b.take(50);
      await b.advance(0);
      expect(b.released).toHaveLength(50);
      expect(b.released.every((t) => t === 0)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    }
  });

  it('reads performance.now() when no clock is given', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(1_000);
    try {
      const paced = new TokenBucket({ callsPerSecond: 1, burst: 1 });
      let second = false;
      await paced.take();
      void paced.take().then(() => {
        second = true;
      });
      now.mockReturnValue(2_000);
      await vi.advanceTimersByTimeAsync(999);
      expect(second).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(second).toBe(true);
      // Another second later by performance.now(): a token is back, no wait.
      now.mockReturnValue(3_000);
      let third = false;
      void paced.take().then(() => {
        third = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(third).toBe(true);
    } finally {
      now.mockRestore();
    }
  });
});

describe('per-account pace through the client', () => {
  let upstream: Upstream;
  beforeEach(async () => {
    upstream = await startUpstream({
      [INFO]: () => ({ json: { share_name: 's', file_infos: [] } }),
    });
  });
  afterEach(async () => {
    await upstream.close();
  });

  function sessionWith(pace: { callsPerSecond: number; burst: number }) {
    const account = new FakeAccount(upstream);
    return clientFor(upstream.url, { pace }).session(
      { accountKey: `acc-${Math.random()}`, refreshToken: account.refreshToken, ...generateDevice() },
      { onRefreshToken: () => undefined },
    );
  }

  it('12 calls at 4/s with a burst of 8: the 9th leaves no sooner than 250 ms, the 12th no sooner than 1 s', async () => {
    // Lower bounds only: the exact timing is pinned above on a fake clock; a busy machine only adds.
    const session = sessionWith({ callsPerSecond: 4, burst: 8 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 12 }, () => session.getShareInfo('abcDEF12345')));
    const offsets = upstream.calls(INFO).map((call) => call.receivedAt - started);
    expect(offsets).toHaveLength(12);
    expect(offsets[8]).toBeGreaterThanOrEqual(240);
    expect(offsets[11]).toBeGreaterThanOrEqual(990);
  });

  it('logged-in calls and anonymous calls share one bucket per account', async () => {
    const account = new FakeAccount(upstream);
    upstream.route('/adrive/v3/file/list', account.authed(() => ({ json: { items: [], next_marker: '' } })));
    const session = clientFor(upstream.url, { pace: { callsPerSecond: 4, burst: 4 } }).session(
      { accountKey: 'paced', refreshToken: account.refreshToken, ...generateDevice() },
      { onRefreshToken: () => undefined },
    );
    const started = performance.now();
    // refresh + create_session + list = 3 tokens, then 3 share-info calls: 6 calls, burst 4 → ≥ 500 ms.
    await session.listFiles('9600002', 'root');
    await Promise.all([1, 2, 3].map(() => session.getShareInfo('abcDEF12345')));
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });
});
