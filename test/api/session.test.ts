import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  generateDevice,
  isReloginNeeded,
  isTooManyDevices,
  publicKeyHex,
  type AccountCredentials,
  type AliyunError,
} from '../../src/api/index.js';
import { FakeAccount } from './fake-account.js';
import { aliyunError, clientFor, startUpstream, type Upstream } from './upstream.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIST = '/adrive/v3/file/list';

let upstream: Upstream;
let account: FakeAccount;
let creds: AccountCredentials;
let stored: string[];

beforeEach(async () => {
  upstream = await startUpstream();
  account = new FakeAccount(upstream, { tokenDelayMs: 30 });
  upstream.route(LIST, account.authed(() => ({ json: { items: [], next_marker: '' } })));
  creds = { accountKey: 'acc-1', refreshToken: account.refreshToken, ...generateDevice() };
  stored = [];
});

afterEach(async () => {
  await upstream.close();
});

const persistingHooks = () => ({ onRefreshToken: (token: string) => void stored.push(token) });
const bearerOf = (headers: Record<string, unknown>) => String(headers.authorization ?? '').replace('Bearer ', '');

describe('refresh-token rotation', () => {
  it('stores the rotated refresh token before any request carries the new access token', async () => {
    const persistedAt: number[] = [];
    const client = clientFor(upstream.url);
    const session = client.session(creds, {
      onRefreshToken: async (token) => {
        await sleep(150); // a slow database write
        stored.push(token);
        persistedAt.push(performance.now());
      },
    });
    // Twice: the first exchange, and one forced by a rejected access token while other calls
    // keep arriving during the (slow) write.
    for (const round of [0, 1]) {
      if (round === 1) account.expireAccessTokens();
      const first = session.listFiles('9600002', 'root');
      await sleep(80); // the exchange has answered; the hook is still writing
      await Promise.all([first, session.listFiles('9600002', 'root')]);
    }

    expect(stored).toEqual(account.issuedRefreshTokens.slice(1));
    for (const [index, token] of account.issuedAccessTokens.entries()) {
      const carrying = upstream.requests.filter((request) => bearerOf(request.headers) === token);
      expect(carrying.length).toBeGreaterThanOrEqual(2);
      for (const request of carrying) expect(request.receivedAt).toBeGreaterThan(persistedAt[index] ?? Infinity);
    }
  });

  it('keeps the rotated token when storing it fails, so the account is not lost', async () => {
    const client = clientFor(upstream.url);
    let failWrite = true;
    const session = client.session(creds, {
      onRefreshToken: (token) => {
        if (failWrite) throw new Error('disk full');
        stored.push(token);
      },
    });

    await expect(session.listFiles('9600002', 'root')).rejects.toThrow('disk full');
    expect(upstream.requests.filter((request) => request.headers.authorization)).toHaveLength(0);

    failWrite = false;
    await session.listFiles('9600002', 'root');
    // The second exchange used the token issued by the first (the first one is dead by now).
    expect(account.refreshCalls.map((call) => call.body.refresh_token)).toEqual(account.issuedRefreshTokens.slice(0, 2));
    expect(stored).toEqual([account.refreshToken]);
  });

  it('refresh() forces an exchange and returns the token answer (used to validate a pasted token)', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    const first = await session.refresh();
    const second = await session.refresh();
    expect(first.user_id).toBe(account.userId);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(stored).toEqual([first.refresh_token, second.refresh_token]);
  });

  it('ten concurrent calls on a fresh session make exactly one refresh and one create_session', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await Promise.all(Array.from({ length: 10 }, () => session.listFiles('9600002', 'root')));
    expect(account.refreshCalls).toHaveLength(1);
    expect(account.createSessionCalls).toHaveLength(1);
    expect(upstream.calls(LIST)).toHaveLength(10);
  });

  it('ten concurrent calls on an expired access token make exactly one refresh, then all replay', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await session.listFiles('9600002', 'root');
    account.expireAccessTokens();

    const results = await Promise.all(Array.from({ length: 10 }, () => session.listFiles('9600002', 'root')));

    expect(results).toHaveLength(10);
    expect(account.refreshCalls).toHaveLength(2);
    const lastToken = account.issuedAccessTokens[1];
    const replays = upstream.calls(LIST).slice(1).filter((request) => bearerOf(request.headers) === lastToken);
    expect(replays).toHaveLength(10);
  });

  it('refreshes ahead of expiry instead of waiting for a rejection', async () => {
    account = new FakeAccount(upstream, { expiresIn: 1 });
    upstream.route(LIST, account.authed(() => ({ json: { items: [], next_marker: '' } })));
    creds.refreshToken = account.refreshToken;
    const session = clientFor(upstream.url, { refreshAheadMs: 5 * 60_000 }).session(creds, persistingHooks());
    await session.listFiles('9600002', 'root');
    await sleep(600); // past half of the 1 s lifetime
    await session.listFiles('9600002', 'root');
    expect(account.refreshCalls).toHaveLength(2);
    expect(upstream.calls(LIST)).toHaveLength(2); // no call was rejected and replayed
  });

  it('a dead refresh token asks for a new login and fails for good', async () => {
    let reloginAsked = 0;
    creds.refreshToken = 'a-refresh-token-that-died-long-ago';
    const session = clientFor(upstream.url).session(creds, {
      onRefreshToken: () => undefined,
      onReloginNeeded: () => void (reloginAsked += 1),
    });

    const err = (await session.getUser().catch((e: unknown) => e)) as AliyunError;
    expect(isReloginNeeded(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, code: 'InvalidParameter.RefreshToken', retryable: false });
    expect(reloginAsked).toBe(1);

    await expect(session.listFiles('9600002', 'root')).rejects.toMatchObject({ code: 'InvalidParameter.RefreshToken' });
    expect(account.refreshCalls).toHaveLength(1);
    expect(reloginAsked).toBe(1);
  });
});

describe('device session', () => {
  it('signs every logged-in call with a signature that verifies against the registered key', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await session.listFiles('9600002', 'root');

    const [register] = account.createSessionCalls;
    expect(register?.body).toEqual({ deviceName: 'Chrome浏览器', modelName: 'Windows网页版', pubKey: publicKeyHex(creds.privateKeyHex) });
    expect(register?.body.pubKey).toMatch(/^04[0-9a-f]{128}$/);
    const [listing] = upstream.calls(LIST);
    expect(listing?.headers['x-device-id']).toBe(creds.deviceId);
    const signature = String(listing?.headers['x-signature']);
    expect(signature).toMatch(/^[0-9a-f]{128}01$/);
    const digest = sha256(utf8ToBytes(`5dde4e1bdf9e4966b387ba58f4b3fdc3:${creds.deviceId}:${account.userId}:0`));
    expect(secp256k1.verify(hexToBytes(signature.slice(0, 128)), digest, hexToBytes(register?.body.pubKey), { prehash: false })).toBe(true);
    expect(account.signatureFailures).toEqual([]);
  });

  it('creates the device session again on DeviceSessionSignatureInvalid and replays', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await session.listFiles('9600002', 'root');
    account.devices.set(creds.deviceId, publicKeyHex(generateDevice().privateKeyHex)); // server lost our key

    await session.listFiles('9600002', 'root');

    expect(account.signatureFailures).toHaveLength(1);
    expect(account.createSessionCalls).toHaveLength(2);
    expect(upstream.calls(LIST)).toHaveLength(3);
  });

  it('creates the device session again on "not found device info" and replays', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await session.listFiles('9600002', 'root');
    account.forgetDevices();

    await Promise.all([session.listFiles('9600002', 'root'), session.listFiles('9600002', 'root')]);

    expect(account.createSessionCalls).toHaveLength(2);
    expect(upstream.calls(LIST)).toHaveLength(5);
  });

  it('retries UserDeviceOffline once with a new device session, then reports it', async () => {
    upstream.route(LIST, account.authed(() => aliyunError(401, 'UserDeviceOffline', 'device offline')));
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    await expect(session.listFiles('9600002', 'root')).rejects.toMatchObject({ code: 'UserDeviceOffline', status: 401, retryable: false });
    expect(account.createSessionCalls).toHaveLength(2);
    expect(upstream.calls(LIST)).toHaveLength(2);
  });

  it('reports "too many devices" when create_session answers result:false', async () => {
    account.createSessionResult = false;
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    const err = await session.listFiles('9600002', 'root').catch((e: unknown) => e);
    expect(isTooManyDevices(err)).toBe(true);
    expect((err as Error).message).toMatch(/too many devices/);
    expect(upstream.calls(LIST)).toHaveLength(0);
  });
});

describe('account info and session cache', () => {
  it('saves into the resource drive when there is one, and caches the user', async () => {
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    expect(await session.targetDriveId()).toBe('9600002');
    expect(await session.targetDriveId()).toBe('9600002');
    expect(upstream.calls('/v2/user/get')).toHaveLength(1);
  });

  it('falls back to the default drive on old accounts', async () => {
    upstream.route('/v2/user/get', account.authed(() => ({ json: { user_id: account.userId, default_drive_id: '9600001' } })));
    const session = clientFor(upstream.url).session(creds, persistingHooks());
    expect(await session.targetDriveId()).toBe('9600001');
  });

  it('forgets a session not asked for in sessionIdleMs, and keeps one asked for since', async () => {
    const client = clientFor(upstream.url, { sessionIdleMs: 200 });
    const idle = client.session(creds, persistingHooks());
    await idle.getUser();
    const otherCreds = { ...creds, accountKey: 'acc-2' };
    const busy = client.session(otherCreds, persistingHooks());
    for (let i = 0; i < 5; i++) {
      await sleep(60);
      expect(client.session(otherCreds, persistingHooks())).toBe(busy);
    }
    // acc-1 was last asked for 300 ms ago: a new session, which starts from the stored token.
    const fresh = client.session({ ...creds, refreshToken: stored[0] ?? '' }, persistingHooks());
    expect(fresh).not.toBe(idle);
    await fresh.getUser();
    expect(stored).toHaveLength(2);
  });

  it('caches one session per account, follows its token chain, and replaces it after a new login', async () => {
    const client = clientFor(upstream.url);
    const session = client.session(creds, persistingHooks());
    await session.getUser();
    expect(client.session({ ...creds, refreshToken: stored[0] ?? '' }, persistingHooks())).toBe(session);
    expect(client.session(creds, persistingHooks())).toBe(session);
    expect(client.session({ ...creds, refreshToken: 'fresh-login-token-0000' }, persistingHooks())).not.toBe(session);
    const again = client.session(creds, persistingHooks());
    client.dropSession('acc-1');
    expect(client.session(creds, persistingHooks())).not.toBe(again);
  });
});
