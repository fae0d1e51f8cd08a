import { and, eq } from 'drizzle-orm';
import { open, openForReseal, seal, SecretBoxError, type SecretKey } from '../secret-box.js';
import type { AppDatabase } from './index.js';
import { aliyunDevices } from './schema/index.js';

/** A device the bot signs in as: its id and the hex of its secp256k1 private key. */
export interface StoredDevice {
  deviceId: string;
  privateKeyHex: string;
}

/** Where a device key lives, sealed into it so a ciphertext moved to another row does not open. */
function keyContext(aliyunUserId: string): string {
  return `aliyun_devices/${aliyunUserId}/device_private_key`;
}

/**
 * The device of each Aliyun user, kept across /logins (an account holds about 10 devices).
 * The private key is sealed on the way in and opened on the way out; a key this SECRET_KEY
 * cannot open (lost or changed key) counts as no device, and the next /login replaces it.
 */
export function createDevicesRepo(db: AppDatabase, key: SecretKey) {
  const row = (aliyunUserId: string) => db.select().from(aliyunDevices).where(eq(aliyunDevices.aliyunUserId, aliyunUserId)).get();
  const read = (aliyunUserId: string): StoredDevice | undefined => {
    const found = row(aliyunUserId);
    if (!found) return undefined;
    try {
      return { deviceId: found.deviceId, privateKeyHex: open(key, found.devicePrivateKeyEnc, keyContext(aliyunUserId)) };
    } catch (error) {
      if (error instanceof SecretBoxError) return undefined;
      throw error;
    }
  };
  return {
    get: read,
    /**
     * The Aliyun user's device: the stored one, or `fresh` stored now when there is none (or
     * none this key opens). Two logins at once agree on one (the first stored wins).
     */
    keep(aliyunUserId: string, fresh: StoredDevice): StoredDevice {
      const sealed = seal(key, fresh.privateKeyHex, keyContext(aliyunUserId));
      db.insert(aliyunDevices).values({ aliyunUserId, deviceId: fresh.deviceId, devicePrivateKeyEnc: sealed }).onConflictDoNothing().run();
      const kept = read(aliyunUserId);
      if (kept) return kept;
      const unreadable = row(aliyunUserId);
      if (unreadable) {
        db.update(aliyunDevices)
          .set({ deviceId: fresh.deviceId, devicePrivateKeyEnc: sealed })
          .where(and(eq(aliyunDevices.aliyunUserId, aliyunUserId), eq(aliyunDevices.devicePrivateKeyEnc, unreadable.devicePrivateKeyEnc)))
          .run();
      }
      return read(aliyunUserId) ?? fresh;
    },
  };
}

/**
 * Run at start, beside `resealAccountSecrets`: seals again under `current` every device key
 * sealed under `previous` or in the format before key ids and contexts (the rows migration
 * 0003 copied from `accounts`).
 * @returns how many device keys were sealed again.
 */
export function resealDeviceSecrets(db: AppDatabase, keys: { current: SecretKey; previous?: SecretKey | undefined }): number {
  let resealed = 0;
  for (const device of db.select().from(aliyunDevices).all()) {
    const context = keyContext(device.aliyunUserId);
    let opened;
    try {
      opened = openForReseal(keys, device.devicePrivateKeyEnc, context);
    } catch (error) {
      if (error instanceof SecretBoxError) continue; // replaced at the next /login
      throw error;
    }
    if (!opened.stale) continue;
    resealed += db
      .update(aliyunDevices)
      .set({ devicePrivateKeyEnc: seal(keys.current, opened.plaintext, context) })
      .where(and(eq(aliyunDevices.aliyunUserId, device.aliyunUserId), eq(aliyunDevices.devicePrivateKeyEnc, device.devicePrivateKeyEnc)))
      .run().changes;
  }
  return resealed;
}
