import { createCipheriv, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevicesRepo, resealDeviceSecrets } from '../../src/db/devices.repo.js';
import { aliyunDevices } from '../../src/db/schema/index.js';
import { loadSecretKey, type SecretKey } from '../../src/secret-box.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const key = loadSecretKey({ secretKey: 'a'.repeat(64), dataDir: '/nonexistent' }).key;
const otherKey = loadSecretKey({ secretKey: 'b'.repeat(64), dataDir: '/nonexistent' }).key;
const first = { deviceId: 'dev-1', privateKeyHex: 'a3'.repeat(32) };
const second = { deviceId: 'dev-2', privateKeyHex: 'b4'.repeat(32) };

/** A value sealed the way the bot sealed before key ids and contexts (what migration 0003 copied). */
function legacySeal(plaintext: string, k: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k, iv);
  return `v1.${iv.toString('base64url')}.${Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64url')}`;
}

describe('devices repository', () => {
  it('keeps the first device of an Aliyun user across logins', () => {
    db = tempDatabase();
    const repo = createDevicesRepo(db.db, key);
    expect(repo.keep('u1', first)).toEqual(first);
    expect(repo.keep('u1', second)).toEqual(first);
    expect(repo.keep('u2', second)).toEqual(second);
  });

  it('a device key sealed for another Aliyun user does not open', () => {
    db = tempDatabase();
    const repo = createDevicesRepo(db.db, key);
    repo.keep('u1', first);
    repo.keep('u2', second);
    const u1 = db.db.select().from(aliyunDevices).all().find((row) => row.aliyunUserId === 'u1')!;
    db.db.$client.prepare('UPDATE aliyun_devices SET device_private_key_enc = ? WHERE aliyun_user_id = ?').run(u1.devicePrivateKeyEnc, 'u2');
    expect(repo.get('u2')).toBeUndefined();
  });

  it('after the secret key changed, the next login replaces the device it cannot open', () => {
    db = tempDatabase();
    createDevicesRepo(db.db, otherKey).keep('u1', first);
    const repo = createDevicesRepo(db.db, key);
    expect(repo.get('u1')).toBeUndefined();
    expect(repo.keep('u1', second)).toEqual(second);
    expect(repo.get('u1')).toEqual(second);
  });

  it('at start, keys sealed the old way or under the previous key are sealed again under the current one', () => {
    db = tempDatabase();
    createDevicesRepo(db.db, otherKey).keep('u1', first);
    db.db.$client.prepare('INSERT INTO aliyun_devices (aliyun_user_id, device_id, device_private_key_enc) VALUES (?, ?, ?)').run('u2', second.deviceId, legacySeal(second.privateKeyHex, key));
    expect(resealDeviceSecrets(db.db, { current: key, previous: otherKey })).toBe(2);
    const repo = createDevicesRepo(db.db, key);
    expect(repo.get('u1')).toEqual(first);
    expect(repo.get('u2')).toEqual(second);
    expect(resealDeviceSecrets(db.db, { current: key, previous: otherKey })).toBe(0);
  });
});
