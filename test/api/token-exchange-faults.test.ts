/**
 * The refresh-token exchange when its answer goes missing, against the simulator's faults.
 * After a timeout or 5xx Aliyun may have rotated the token (its answer lost), so the same token
 * is not resent blindly: the store is read first (another process may have stored the new one),
 * and "log in again" is asked only when Aliyun says the token is dead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, type AccountSession, type SessionHooks } from '../../src/api/index.js';
import { startAliyunSimulator, type AliyunSimulator, type SimAccount } from '../../src/sim/aliyun/index.js';
import { clientFor } from './upstream.js';

const TOKEN = '/v2/account/token';

let sim: AliyunSimulator;
let account: SimAccount;
/** The accounts table both processes share: the stored refresh token and the relogin flag. */
let store: { token: string; reloginFlags: number };

const hooks = (): SessionHooks => ({
  onRefreshToken: (token) => {
    store.token = token;
  },
  onReloginNeeded: () => {
    store.reloginFlags += 1;
  },
  loadRefreshToken: () => store.token,
});

/** One process's session on the account, opened with the token stored when it started. */
function process(name: string, options: Parameters<typeof clientFor>[1] = {}): AccountSession {
  const client = clientFor(sim.url, { userUrl: sim.userUrl, ...options });
  return client.session({ accountKey: name, refreshToken: account.refreshToken, ...generateDevice() }, hooks());
}

beforeEach(async () => {
  sim = await startAliyunSimulator({ port: 0 });
  account = sim.addAccount({ nickName: '测试用户' });
  store = { token: account.refreshToken, reloginFlags: 0 };
});

afterEach(async () => {
  await sim.close();
});

describe('a token exchange whose answer is lost', () => {
  it('after a 5xx the token another process stored is used, not the dead one resent', async () => {
    const bot = process('bot');
    const worker = process('worker');
    await bot.getUser(); // rotates: the token the worker opened with is dead, the new one stored

    sim.resetStats();
    sim.failNext(TOKEN, { status: 503 });
    await expect(worker.getUser()).resolves.toMatchObject({ user_id: account.userId });

    // The 503, then the stored token at once: no third exchange with the dead one in between.
    expect(sim.stats().byPath[TOKEN]).toBe(2);
    expect(store.reloginFlags).toBe(0);
    expect(worker.isDead).toBe(false);
  });

  it('an exchange that only times out or answers 5xx never asks for a new login; only Aliyun saying the token is dead does', async () => {
    const worker = process('worker', { retries: 2, timeoutMs: 300, rotationGraceMs: 100 });
    sim.failNext(TOKEN, { lose: 'late', afterMs: 600 });
    sim.failNext(TOKEN, { status: 502 });
    sim.failNext(TOKEN, { status: 500 });

    await expect(worker.getUser()).rejects.toMatchObject({ code: 'InternalError', status: 500 });
    expect(store.reloginFlags).toBe(0);
    expect(worker.isDead).toBe(false);

    // The late answer rotated the token on the server and nobody heard it: the next exchange
    // is turned away, and only that (Aliyun's "dead token") asks for a new login.
    await expect(worker.getUser()).rejects.toMatchObject({ code: 'InvalidParameter.RefreshToken' });
    expect(store.reloginFlags).toBe(1);
  });

  it('a 503 that rotated nothing is tried again with the same token and the save goes on', async () => {
    const worker = process('worker');
    sim.failNext(TOKEN, { status: 503 }, 2);
    await expect(worker.getUser()).resolves.toMatchObject({ user_id: account.userId });
    expect(store.reloginFlags).toBe(0);
    expect(store.token).not.toBe(account.refreshToken);
  });
});
