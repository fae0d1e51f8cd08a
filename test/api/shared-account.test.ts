/**
 * One account, two processes: the bot and a worker each hold a session (two `AliyunClient`s)
 * over one token store. Aliyun kills a refresh token the moment it rotates it, so whichever
 * process refreshes second holds a dead token — it must pick up the stored one, not call the
 * account dead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDevice, type AccountCredentials, type SessionHooks } from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { clientFor, startUpstream, type Upstream } from './upstream.js';

const LIST = '/adrive/v3/file/list';

/** What both processes share: the stored refresh token (the accounts table, in the app). */
class TokenStore {
  constructor(public token: string) {}
  reloginFlags = 0;

  /**
   * The hooks one process's session gets (what `openAccountSession` wires to the accounts table);
   * `storeDelayMs`: the rotated token reaches the store that much later (a slow answer or write).
   */
  hooks(storeDelayMs = 0): SessionHooks {
    return {
      onRefreshToken: async (token) => {
        if (storeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, storeDelayMs));
        this.token = token;
      },
      onReloginNeeded: () => {
        this.reloginFlags += 1;
      },
      loadRefreshToken: () => this.token,
    };
  }
}

let upstream: Upstream;
let account: FakeAccount;
let creds: AccountCredentials;
let store: TokenStore;

beforeEach(async () => {
  upstream = await startUpstream();
  account = new FakeAccount(upstream);
  upstream.route(LIST, account.authed(() => ({ json: { items: [], next_marker: '' } })));
  creds = { accountKey: 'account-1', refreshToken: account.refreshToken, ...generateDevice() };
  store = new TokenStore(account.refreshToken);
});

afterEach(async () => {
  await upstream.close();
});

describe('two processes on one account', () => {
  it('the one that refreshes second adopts the token the other stored, and both keep working', async () => {
    // Both read the same stored token when they opened the account.
    const bot = clientFor(upstream.url).session(creds, store.hooks());
    const worker = clientFor(upstream.url).session(creds, store.hooks());

    await bot.listFiles('9600002', 'root'); // rotates: the token the worker holds is dead now
    await worker.listFiles('9600002', 'root');

    account.expireAccessTokens(); // both must refresh again, the bot with a token the worker killed
    await bot.listFiles('9600002', 'root');
    await worker.listFiles('9600002', 'root');

    expect(store.reloginFlags).toBe(0);
    expect(bot.isDead || worker.isDead).toBe(false);
    expect(store.token).toBe(account.refreshToken); // the store holds the live token
    // Each stale refresh cost one rejected call, then one with the stored token; nothing more.
    const issued = account.issuedRefreshTokens;
    expect(account.refreshCalls.map((call) => call.body.refresh_token)).toEqual([
      issued[0], // bot
      issued[0], // worker: rejected…
      issued[1], // …then the bot's, from the store
      issued[1], // bot, after the access tokens expired: rejected…
      issued[2], // …then the worker's
      issued[2], // worker: rejected…
      issued[3], // …then the bot's
    ]);
  });

  it('refreshing at the same instant: the one turned away waits for the other to store the new token', async () => {
    // Whichever process wins stores its rotated token 300 ms after Aliyun issued it.
    const bot = clientFor(upstream.url).session(creds, store.hooks(300));
    const worker = clientFor(upstream.url).session(creds, store.hooks(300));

    await Promise.all([bot.listFiles('9600002', 'root'), worker.listFiles('9600002', 'root')]);

    expect(store.reloginFlags).toBe(0);
    expect(bot.isDead || worker.isDead).toBe(false);
    expect(store.token).toBe(account.refreshToken);
  });

  it('a token that is dead in the store too still asks for a new login, once the grace is over', async () => {
    store.token = 'dead-everywhere-0000';
    creds.refreshToken = 'dead-everywhere-0000';
    const worker = clientFor(upstream.url, { rotationGraceMs: 300 }).session(creds, store.hooks());

    const started = Date.now();
    await expect(worker.listFiles('9600002', 'root')).rejects.toMatchObject({ code: 'InvalidParameter.RefreshToken' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(store.reloginFlags).toBe(1);
    expect(account.refreshCalls).toHaveLength(1);
  });
});
