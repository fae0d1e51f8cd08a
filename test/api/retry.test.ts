/**
 * The retry loop's arithmetic, exactly, on a fake clock: how long each backoff is (doubling,
 * capped, with "equal jitter"), how long a 429 is waited out (the server's value, else the
 * backoff) and when the loop hands the wait back instead of waiting longer. No wall clock: a
 * busy machine cannot make these pass or fail.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AliyunError, isRetryableFailure } from '../../src/api/errors.js';
import { backoffDelay, DEFAULT_RETRY_POLICY, sleep, withRetry, type RetryNotice, type RetryPolicy } from '../../src/api/retry.js';

const POLICY: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRateLimitWaitMs: 1_000 };

function aliyun(status: number, code: string, retryAfterMs?: number): AliyunError {
  return new AliyunError({ status, code, message: code, endpoint: '/test', retryAfterMs });
}

/** An attempt that fails with `errors` in turn, then answers 'ok'; it records when it was called. */
function scripted(...errors: AliyunError[]) {
  const calledAt: number[] = [];
  const attempt = async (): Promise<string> => {
    calledAt.push(performance.now());
    const err = errors.shift();
    if (err) throw err;
    return 'ok';
  };
  return { attempt, calledAt };
}

/** Runs `promise` to its end on the fake clock; returns how it ended and how long it took. */
async function onFakeClock<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown; tookMs: number }> {
  const started = performance.now();
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return { ...(await settled), tookMs: performance.now() - started };
}

describe('backoff before a retry', () => {
  it('doubles from the base, is capped, and jitters within the upper half of its ceiling', () => {
    // random() = 0 gives the lower end (half the ceiling), random() = 1 the ceiling itself.
    const low = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, POLICY, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, POLICY, () => 1));
    expect(low).toEqual([50, 100, 200, 400, 500, 500]);
    expect(high).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, POLICY, () => 0.5)).toBe(300);
    expect(backoffDelay(2, POLICY, () => 0.25)).toBe(125);
  });

  it('rounds to whole milliseconds', () => {
    expect(backoffDelay(1, { ...POLICY, baseDelayMs: 3 }, () => 0)).toBe(2); // 1.5 → 2
    expect(backoffDelay(1, { ...POLICY, baseDelayMs: 3 }, () => 1 / 3)).toBe(2); // 1.5 + 0.5
  });

  it('treats attempt 0 (or less) like the first', () => {
    expect(backoffDelay(0, POLICY, () => 1)).toBe(100);
    expect(backoffDelay(-3, POLICY, () => 1)).toBe(100);
  });

  it('uses Math.random when no random source is given', () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      expect(backoffDelay(1, POLICY)).toBe(75);
    } finally {
      random.mockRestore();
    }
  });

  it('the default policy: 5 retries from 500 ms, capped at 30 s, at most a minute of 429s', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRateLimitWaitMs: 60_000 });
  });
});

describe('which failures are retried', () => {
  it('429, any 5xx and transport failures are; other 4xx are not', () => {
    expect(isRetryableFailure(429, 'Whatever')).toBe(true);
    expect(isRetryableFailure(500, 'InternalError')).toBe(true);
    expect(isRetryableFailure(599, 'X')).toBe(true);
    expect(isRetryableFailure(400, 'ParamFlowException')).toBe(true);
    expect(isRetryableFailure(400, 'TooManyRequests')).toBe(true);
    expect(isRetryableFailure(0, 'Timeout')).toBe(true);
    expect(isRetryableFailure(0, 'NetworkError')).toBe(true);
    expect(isRetryableFailure(499, 'BadRequest')).toBe(false);
    expect(isRetryableFailure(404, 'NotFound.ShareLink')).toBe(false);
    expect(isRetryableFailure(0, 'BadResponse')).toBe(false);
  });
});

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after exactly the time asked, not before', async () => {
    let done = false;
    void sleep(250).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('waits on when a timer fires early (a server\'s wait is a floor)', async () => {
    const early = vi.spyOn(performance, 'now');
    let done = false;
    const started = performance.now();
    // The first check after the timer says only 200 of 300 ms passed: it sleeps the 100 left.
    early.mockReturnValueOnce(started).mockReturnValueOnce(started + 200);
    void sleep(300).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(done).toBe(false);
    early.mockRestore();
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(true);
  });

  it('sleep(0) does not wait at all', async () => {
    let done = false;
    void sleep(0).then(() => {
      done = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('withRetry on a fake clock', () => {
  let random: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    // The lower end of every jitter, so each backoff is exact: half its ceiling.
    random = vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    random.mockRestore();
    vi.useRealTimers();
  });

  it('a success is returned at once, with no wait', async () => {
    const { attempt, calledAt } = scripted();
    expect(await onFakeClock(withRetry(attempt, POLICY))).toEqual({ value: 'ok', tookMs: 0 });
    expect(calledAt).toHaveLength(1);
  });

  it('5xx and timeouts are retried after 50, 100, 200 ms (base 100, doubling, lower jitter) and then succeed', async () => {
    const notices: RetryNotice[] = [];
    const { attempt, calledAt } = scripted(aliyun(500, 'InternalError'), aliyun(0, 'Timeout'), aliyun(503, 'ServiceUnavailable'));
    const result = await onFakeClock(withRetry(attempt, POLICY, { onRetry: (n) => notices.push(n) }));
    expect(result).toEqual({ value: 'ok', tookMs: 350 });
    expect(calledAt).toEqual([0, 50, 150, 350].map((t) => t + (calledAt[0] ?? 0)));
    expect(notices.map(({ kind, attempt: n, delayMs, error }) => ({ kind, n, delayMs, code: error.code }))).toEqual([
      { kind: 'retry', n: 1, delayMs: 50, code: 'InternalError' },
      { kind: 'retry', n: 2, delayMs: 100, code: 'Timeout' },
      { kind: 'retry', n: 3, delayMs: 200, code: 'ServiceUnavailable' },
    ]);
  });

  it('after `retries` retries the last 5xx is thrown: 1 + 3 attempts, then no more', async () => {
    const errors = [1, 2, 3, 4, 5].map((n) => aliyun(500, `InternalError${n}`));
    const { attempt, calledAt } = scripted(...errors);
    const result = await onFakeClock(withRetry(attempt, POLICY));
    expect(result.error).toBe(errors[3]);
    expect(calledAt).toHaveLength(4);
    expect(result.tookMs).toBe(50 + 100 + 200);
  });

  it('a 5xx that says how long to wait is retried after that wait', async () => {
    const { attempt } = scripted(aliyun(503, 'ServiceUnavailable', 700));
    expect(await onFakeClock(withRetry(attempt, POLICY))).toEqual({ value: 'ok', tookMs: 700 });
  });

  it('a final error (4xx) or a non-Aliyun error is thrown at once, never retried', async () => {
    const gone = aliyun(404, 'NotFound.ShareLink');
    const first = scripted(gone);
    expect(await onFakeClock(withRetry(first.attempt, POLICY))).toEqual({ error: gone, tookMs: 0 });
    expect(first.calledAt).toHaveLength(1);

    const bug = new TypeError('ours');
    let calls = 0;
    const buggy = async (): Promise<never> => {
      calls += 1;
      throw bug;
    };
    expect(await onFakeClock(withRetry(buggy, POLICY))).toEqual({ error: bug, tookMs: 0 });
    expect(calls).toBe(1);
  });

  it('a copy (not idempotent) is not retried after a 5xx or a timeout: it may have happened', async () => {
    for (const err of [aliyun(500, 'InternalError'), aliyun(0, 'Timeout')]) {
      const { attempt, calledAt } = scripted(err);
      expect(await onFakeClock(withRetry(attempt, POLICY, { idempotent: false }))).toEqual({ error: err, tookMs: 0 });
      expect(calledAt).toHaveLength(1);
    }
  });

  it('…but a 429 is, since a refused request did nothing', async () => {
    const { attempt, calledAt } = scripted(aliyun(429, 'TooManyRequests', 300));
    expect(await onFakeClock(withRetry(attempt, POLICY, { idempotent: false }))).toEqual({ value: 'ok', tookMs: 300 });
    expect(calledAt).toHaveLength(2);
  });

  it('a 429 is waited out for exactly the server\'s value and spends no retry', async () => {
    const notices: RetryNotice[] = [];
    const limited = [1, 2, 3, 4, 5].map(() => aliyun(429, 'TooManyRequests', 150));
    const { attempt, calledAt } = scripted(...limited);
    const result = await onFakeClock(withRetry(attempt, { ...POLICY, retries: 0 }, { onRetry: (n) => notices.push(n) }));
    expect(result).toEqual({ value: 'ok', tookMs: 750 });
    expect(calledAt).toHaveLength(6);
    expect(notices.map((n) => [n.kind, n.attempt, n.delayMs])).toEqual([
      ['rate-limit', 1, 150],
      ['rate-limit', 2, 150],
      ['rate-limit', 3, 150],
      ['rate-limit', 4, 150],
      ['rate-limit', 5, 150],
    ]);
  });

  it('a 429 without a wait (ParamFlowException at HTTP 400 too) waits the backoff of its count: 50, 100, 200 ms', async () => {
    const { attempt, calledAt } = scripted(aliyun(429, 'TooManyRequests'), aliyun(400, 'ParamFlowException'), aliyun(429, 'TooManyRequests'));
    const result = await onFakeClock(withRetry(attempt, { ...POLICY, retries: 0 }));
    expect(result).toEqual({ value: 'ok', tookMs: 350 });
    expect(calledAt).toHaveLength(4);
  });

  it('429s and 5xx count apart: each 5xx retry backs off by its own count, whatever 429s came between', async () => {
    const notices: RetryNotice[] = [];
    const { attempt } = scripted(aliyun(429, 'TooManyRequests', 10), aliyun(500, 'InternalError'), aliyun(429, 'TooManyRequests', 10), aliyun(500, 'InternalError'));
    const result = await onFakeClock(withRetry(attempt, POLICY, { onRetry: (n) => notices.push(n) }));
    expect(result).toEqual({ value: 'ok', tookMs: 10 + 50 + 10 + 100 });
    expect(notices.map((n) => [n.kind, n.attempt])).toEqual([
      ['rate-limit', 1],
      ['retry', 1],
      ['rate-limit', 2],
      ['retry', 2],
    ]);
  });

  it('waits out 429s up to the bound in total, then throws the 429 carrying the wait it would have waited', async () => {
    // 400 + 400 = 800 ≤ 1000; a third 400 would make 1200: handed back for the queue to park the job.
    const { attempt, calledAt } = scripted(...[1, 2, 3, 4].map(() => aliyun(429, 'TooManyRequests', 400)));
    const result = await onFakeClock(withRetry(attempt, POLICY));
    expect(result.tookMs).toBe(800);
    expect(calledAt).toHaveLength(3);
    expect(result.error).toBeInstanceOf(AliyunError);
    expect(result.error).toMatchObject({ code: 'TooManyRequests', status: 429, retryable: true, retryAfterMs: 400 });
  });

  it('a total wait of exactly the bound is still waited', async () => {
    const { attempt, calledAt } = scripted(aliyun(429, 'TooManyRequests', 500), aliyun(429, 'TooManyRequests', 500));
    expect(await onFakeClock(withRetry(attempt, POLICY))).toEqual({ value: 'ok', tookMs: 1_000 });
    expect(calledAt).toHaveLength(3);
  });

  it('one 429 asking for longer than the bound is handed back at once, with the server\'s wait', async () => {
    const { attempt, calledAt } = scripted(aliyun(429, 'TooManyRequests', 5_000));
    const result = await onFakeClock(withRetry(attempt, POLICY));
    expect(result.tookMs).toBe(0);
    expect(calledAt).toHaveLength(1);
    expect(result.error).toMatchObject({ code: 'TooManyRequests', retryAfterMs: 5_000 });
  });

  it('a 429 without a wait that passes the bound is handed back with the backoff it would have waited', async () => {
    const { attempt } = scripted(aliyun(429, 'TooManyRequests'), aliyun(429, 'TooManyRequests'));
    const result = await onFakeClock(withRetry(attempt, { ...POLICY, maxRateLimitWaitMs: 120 }));
    // 50 waited; the second would be 100 (50 + 100 > 120).
    expect(result.tookMs).toBe(50);
    expect(result.error).toMatchObject({ retryAfterMs: 100 });
  });
});
