import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

const INFO = '/adrive/v2/share_link/get_share_by_anonymous';

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

describe('per-account pace', () => {
  it('12 calls at 4/s with a burst of 8 take about a second: 8 at once, then one every 250 ms', async () => {
    const session = sessionWith({ callsPerSecond: 4, burst: 8 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 12 }, () => session.getShareInfo('abcDEF12345')));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_000);
    const offsets = upstream.calls(INFO).map((call) => call.receivedAt - started);
    // The bucket decides when each call may leave: the 9th not before 250 ms, the 12th not
    // before 1 s; the burst of 8 left well before the tail (upper bounds stay loose: CI is busy).
    expect(offsets[8]).toBeGreaterThanOrEqual(240);
    expect(offsets[11]).toBeGreaterThanOrEqual(990);
    expect(offsets[7] ?? Infinity).toBeLessThan((offsets[11] ?? 0) - 500);
  });

  it('callsPerSecond 0 is unpaced', async () => {
    const session = sessionWith({ callsPerSecond: 0, burst: 1 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 12 }, () => session.getShareInfo('abcDEF12345')));
    expect(performance.now() - started).toBeLessThan(500);
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
