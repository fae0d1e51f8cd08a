import { eq } from 'drizzle-orm';
import { open, seal, type SecretKey } from '../secret-box.js';
import type { AppDatabase } from './index.js';
import { aliyunDevices } from './schema/index.js';

/** A device the bot signs in as: its id and the hex of its secp256k1 private key. */
export interface StoredDevice {
  deviceId: string;
  privateKeyHex: string;
}

/**
 * The device of each Aliyun user, kept across /logins (an account holds about 10 devices).
 * The private key is sealed on the way in and opened on the way out.
 */
export function createDevicesRepo(db: AppDatabase, key: SecretKey) {
  const read = (aliyunUserId: string): StoredDevice | undefined => {
    const row = db.select().from(aliyunDevices).where(eq(aliyunDevices.aliyunUserId, aliyunUserId)).get();
    return row && { deviceId: row.deviceId, privateKeyHex: open(key, row.devicePrivateKeyEnc) };
  };
  return {
    get: read,
    /**
     * The Aliyun user's device: the stored one, or `fresh` stored now when there is none.
     * Two logins at once agree on one (the first stored wins).
     */
    keep(aliyunUserId: string, fresh: StoredDevice): StoredDevice {
      db.insert(aliyunDevices)
        .values({ aliyunUserId, deviceId: fresh.deviceId, devicePrivateKeyEnc: seal(key, fresh.privateKeyHex) })
        .onConflictDoNothing()
        .run();
      return read(aliyunUserId) ?? fresh;
    },
  };
}
