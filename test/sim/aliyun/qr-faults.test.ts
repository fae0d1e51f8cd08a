import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator } from '../../../src/sim/aliyun/index.js';
import { call, signIn } from './helpers.js';

let sim: AliyunSimulator;
beforeEach(async () => {
  sim = await startAliyunSimulator({ catalogue: false });
});
afterEach(async () => {
  await sim.close();
});

type QrGen = { content: { data: { t: number; ck: string; codeContent: string } }; hasError: boolean };
type QrQuery = { content: { data: { qrCodeStatus: string; bizExt?: string } } };

async function generate(): Promise<{ t: number; ck: string }> {
  const gen = await call<QrGen>(sim, '/newlogin/qrcode/generate.do?appName=aliyun_drive&fromSite=52&appEntrance=web', undefined, {}, 'GET');
  expect(gen.status).toBe(200);
  expect(gen.body.hasError).toBe(false);
  expect(gen.body.content.data.codeContent).toMatch(/^http/);
  return gen.body.content.data;
}

async function query(t: number, ck: string): Promise<QrQuery['content']['data']> {
  const res = await fetch(`${sim.url}/newlogin/qrcode/query.do?appName=aliyun_drive&fromSite=52`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: String(t), ck }).toString(),
  });
  return ((await res.json()) as QrQuery).content.data;
}

describe('QR login', () => {
  it('walks NEW, NEW, SCANED, CONFIRMED; bizExt decodes to a refresh token that works', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const { t, ck } = await generate();
    const statuses: string[] = [];
    let bizExt: string | undefined;
    for (let i = 0; i < 4; i++) {
      const data = await query(t, ck);
      statuses.push(data.qrCodeStatus);
      bizExt = data.bizExt;
    }
    expect(statuses).toEqual(['NEW', 'NEW', 'SCANED', 'CONFIRMED']);
    const login = JSON.parse(Buffer.from(bizExt as string, 'base64').toString('utf8')) as { pds_login_result: { refreshToken: string; userId: string } };
    expect(login.pds_login_result.userId).toBe(alice.userId);
    const session = await signIn(sim, { ...alice, refreshToken: login.pds_login_result.refreshToken });
    expect(session.userId).toBe(alice.userId);
  });

  it('follows a scripted sequence for a chosen account; unknown codes are EXPIRED', async () => {
    sim.addAccount({ nickName: 'Alice' });
    const bob = sim.addAccount({ nickName: 'Bob' });
    sim.qr.script(['SCANED', 'CANCELED']);
    const cancelled = await generate();
    expect((await query(cancelled.t, cancelled.ck)).qrCodeStatus).toBe('SCANED');
    expect((await query(cancelled.t, cancelled.ck)).qrCodeStatus).toBe('CANCELED');
    expect((await query(cancelled.t, cancelled.ck)).qrCodeStatus).toBe('CANCELED');

    sim.qr.script(['CONFIRMED'], bob);
    const confirmed = await generate();
    const data = await query(confirmed.t, confirmed.ck);
    const login = JSON.parse(Buffer.from(data.bizExt as string, 'base64').toString('utf8')) as { pds_login_result: { userId: string } };
    expect(login.pds_login_result.userId).toBe(bob.userId);
    expect((await query(confirmed.t, 'wrong-ck')).qrCodeStatus).toBe('EXPIRED');
  });
});

describe('faults and limits', () => {
  it('an injected 429 carries x-retry-after (ms), then the path works again', async () => {
    sim.failNext('/v2/share_link/get_share_token', { status: 429, code: 'TooManyRequests', retryAfterMs: 1500 }, 2);
    const body = { share_id: 'whatever', share_pwd: '' };
    for (let i = 0; i < 2; i++) {
      const limited = await call(sim, '/v2/share_link/get_share_token', body);
      expect(limited.status).toBe(429);
      expect(limited.body['code']).toBe('TooManyRequests');
      expect(limited.headers.get('x-retry-after')).toBe('1500');
    }
    expect((await call(sim, '/v2/share_link/get_share_token', body)).body['code']).toBe('NotFound.ShareLink');
  });

  it('a 502 without a code is the plain text "Bad Gateway"', async () => {
    sim.failNext('*', { status: 502 });
    const answer = await call(sim, '/v2/share_link/get_share_token', {});
    expect(answer.status).toBe(502);
    expect(answer.text).toBe('Bad Gateway');
  });

  it('afterEffect faults lose the answer after the side effect happened', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    sim.failNext('/v2/account/token', { status: 503, afterEffect: true });
    const lost = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: alice.refreshToken });
    expect(lost.status).toBe(503);
    // The token rotated although the caller never saw the new one.
    const retry = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: alice.refreshToken });
    expect(retry.body['code']).toBe('InvalidParameter.RefreshToken');
  });

  it('random faults follow the seed: the same seed gives the same sequence of answers', async () => {
    const run = async (seed: number) => {
      const other = await startAliyunSimulator({ catalogue: false, seed, rateLimitRate: 0.3, serverErrorRate: 0.2 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) {
          const res = await fetch(`${other.url}/v2/share_link/get_share_token`, { method: 'POST', body: '{"share_id":"x","share_pwd":""}', headers: { 'content-type': 'application/json' } });
          statuses.push(res.status);
          if (res.status === 429) expect(Number(res.headers.get('x-retry-after'))).toBeGreaterThan(0);
          await res.text();
        }
        return { statuses, stats: other.stats() };
      } finally {
        await other.close();
      }
    };
    const a = await run(7);
    const b = await run(7);
    expect(a.statuses).toEqual(b.statuses);
    expect(a.statuses.filter((st) => st === 429).length).toBeGreaterThan(0);
    expect(a.statuses.filter((st) => st >= 500).length).toBeGreaterThan(0);
    expect(a.stats.injected.rateLimited + a.stats.injected.serverErrors).toBe(a.statuses.filter((st) => st !== 404).length);
  });

  it('latency knob delays every answer', async () => {
    sim.setKnobs({ latencyMs: 120 });
    const started = performance.now();
    await call(sim, '/v2/share_link/get_share_token', {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('unknown paths are 404 NotFound JSON; counters track paths and accounts', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const session = await signIn(sim, alice);
    sim.resetStats();
    const unknown = await call(sim, '/adrive/v9/nothing', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NotFound' });
    await call(sim, '/v2/user/get', {}, session.headers());
    await call(sim, '/v2/user/get', {}, session.headers());
    const stats = sim.stats();
    expect(stats.total).toBe(3);
    expect(stats.byPath['/v2/user/get']).toBe(2);
    expect(stats.byAccount[alice.userId]).toBe(2);
    expect(stats.byAccount['anonymous']).toBe(1);
    expect(stats.byStatus['404']).toBe(1);
  });

  it('the call log stamps each call when it arrived, with the share it named', async () => {
    sim.resetStats();
    const before = Date.now();
    const info = await call(sim, '/adrive/v2/share_link/get_share_by_anonymous', { share_id: 'NoSuchShare1' });
    await call(sim, '/v2/user/get', {});
    const calls = sim.calls();
    expect(calls.map((c) => [c.path, c.shareId, c.status])).toEqual([
      ['/adrive/v2/share_link/get_share_by_anonymous', 'NoSuchShare1', info.status],
      ['/v2/user/get', undefined, 401],
    ]);
    expect(calls[0]!.at).toBeGreaterThanOrEqual(before);
  });
});
