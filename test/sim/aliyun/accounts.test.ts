import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAliyunSimulator, type AliyunSimulator } from '../../../src/sim/aliyun/index.js';
import { call, deviceSignature, signIn } from './helpers.js';

let sim: AliyunSimulator;
beforeEach(async () => {
  sim = await startAliyunSimulator({ catalogue: false });
});
afterEach(async () => {
  await sim.close();
});

describe('refresh tokens', () => {
  it('rotate: the old refresh token dies the moment a new one is issued', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const first = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: alice.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body['refresh_token']).not.toBe(alice.refreshToken);
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 7200, user_id: alice.userId, default_drive_id: alice.driveIds.default });

    const replay = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: alice.refreshToken });
    expect(replay.status).toBe(400);
    expect(replay.body['code']).toBe('InvalidParameter.RefreshToken');

    const next = await call(sim, '/v2/account/token', { grant_type: 'refresh_token', refresh_token: first.body['refresh_token'] });
    expect(next.status).toBe(200);
  });

  it('an expired access token answers 401 AccessTokenInvalid, a garbage one too', async () => {
    sim.setKnobs({ accessTokenTtlSec: 60 });
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice);
    expect((await call(sim, '/v2/user/get', {}, s.headers())).status).toBe(200);
    sim.advanceTime(61_000);
    const expired = await call(sim, '/v2/user/get', {}, s.headers());
    expect(expired.status).toBe(401);
    expect(expired.body['code']).toBe('AccessTokenInvalid');
    const garbage = await call(sim, '/v2/user/get', {}, { ...s.headers(), authorization: 'Bearer nope' });
    expect(garbage.body['code']).toBe('AccessTokenInvalid');
  });
});

describe('user info', () => {
  it('the user host reports the resource drive, and null for it on an old account', async () => {
    const modern = sim.addAccount({ nickName: 'Alice' });
    const old = sim.addAccount({ nickName: 'Old', withResourceDrive: false });
    const userHost = { url: sim.userUrl };
    const a = await call(userHost, '/v2/user/get', {}, (await signIn(sim, modern)).headers());
    expect(a.body).toMatchObject({ user_id: modern.userId, nick_name: 'Alice', resource_drive_id: modern.driveIds.resource, backup_drive_id: modern.driveIds.default });
    expect(a.body['user_id']).toMatch(/^[0-9a-f]{32}$/);
    const b = await call(userHost, '/v2/user/get', {}, (await signIn(sim, old)).headers());
    expect(b.body['default_drive_id']).toBe(old.driveIds.default);
    expect(b.body['resource_drive_id']).toBeNull();
  });

  it('the API host names no drive (as since mid-2025), only the user', async () => {
    const modern = sim.addAccount({ nickName: 'Alice' });
    const answer = await call(sim, '/v2/user/get', {}, (await signIn(sim, modern)).headers());
    expect(answer.body).toMatchObject({ user_id: modern.userId, nick_name: 'Alice' });
    expect(Object.keys(answer.body).filter((key) => key.endsWith('drive_id'))).toEqual([]);
  });
});

describe('device sessions', () => {
  it('a valid signature passes, a tampered one is DeviceSessionSignatureInvalid, none registered is "not found device info"', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice);
    expect((await call(sim, '/v2/user/get', {}, s.headers())).status).toBe(200);

    const good = s.headers()['x-signature'] as string;
    const tampered = (good.startsWith('0') ? '1' : '0') + good.slice(1);
    const bad = await call(sim, '/v2/user/get', {}, { ...s.headers(), 'x-signature': tampered });
    expect(bad.status).toBe(400);
    expect(bad.body['code']).toBe('DeviceSessionSignatureInvalid');

    const unregistered = await signIn(sim, alice, { register: false });
    const missing = await call(sim, '/v2/user/get', {}, unregistered.headers());
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'BadRequest', message: 'not found device info' });

    const noHeaders = await call(sim, '/v2/user/get', {}, { authorization: `Bearer ${s.accessToken}` });
    expect(noHeaders.body['message']).toBe('not found device info');
  });

  it('refuses to register a key whose signature does not verify', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice, { register: false });
    const other = await signIn(sim, alice, { register: false });
    const answer = await call(
      sim,
      '/users/v1/users/device/create_session',
      { deviceName: 'x', modelName: 'y', pubKey: other.pubKeyHex },
      s.headers(),
    );
    expect(answer.body['code']).toBe('DeviceSessionSignatureInvalid');
  });

  it('a session older than its TTL stops verifying until create_session runs again', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice);
    sim.advanceTime(31 * 60_000);
    // The access token is still good (2 h); only the device session expired.
    const stale = await call(sim, '/v2/user/get', {}, s.headers());
    expect(stale.body['code']).toBe('DeviceSessionSignatureInvalid');
    await call(sim, '/users/v1/users/device/create_session', { deviceName: 'x', modelName: 'y', pubKey: s.pubKeyHex }, s.headers());
    expect((await call(sim, '/v2/user/get', {}, s.headers())).status).toBe(200);
  });

  it('answers result:false for one device more than the limit, but re-registering a known device works', async () => {
    sim.setKnobs({ maxDevices: 2 });
    const alice = sim.addAccount({ nickName: 'Alice' });
    const first = await signIn(sim, alice);
    await signIn(sim, alice);
    const third = await signIn(sim, alice, { register: false });
    const refused = await call(sim, '/users/v1/users/device/create_session', { deviceName: 'x', modelName: 'y', pubKey: third.pubKeyHex }, third.headers());
    expect(refused.body).toMatchObject({ result: false, success: false });
    const again = await call(sim, '/users/v1/users/device/create_session', { deviceName: 'x', modelName: 'y', pubKey: first.pubKeyHex }, first.headers());
    expect(again.body).toMatchObject({ result: true, success: true });
  });

  it('the UserDeviceOffline knob answers 401 on logged-in calls', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice);
    sim.setKnobs({ userDeviceOffline: true });
    const answer = await call(sim, '/v2/user/get', {}, s.headers());
    expect(answer.status).toBe(401);
    expect(answer.body['code']).toBe('UserDeviceOffline');
  });

  it('signatures are bound to the user: another user\'s signature for the same device fails', async () => {
    const alice = sim.addAccount({ nickName: 'Alice' });
    const s = await signIn(sim, alice);
    const forged = deviceSignature(s.secretKey, s.deviceId, 'f'.repeat(32));
    const answer = await call(sim, '/v2/user/get', {}, { ...s.headers(), 'x-signature': forged });
    expect(answer.body['code']).toBe('DeviceSessionSignatureInvalid');
  });
});
