import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';

/**
 * The device the bot signs in as, one per Aliyun user, kept across /logins: an Aliyun account
 * holds about 10 devices, so a new one per login would soon lock the user out. The private key
 * is stored only as `secret-box` ciphertext.
 */
export const aliyunDevices = sqliteTable('aliyun_devices', {
  aliyunUserId: text('aliyun_user_id').primaryKey(),
  deviceId: text('device_id').notNull(),
  /** Sealed hex of the secp256k1 private key that signs this device's requests. */
  devicePrivateKeyEnc: text('device_private_key_enc').notNull(),
  createdAt: integer('created_at').notNull().default(nowMs),
});
