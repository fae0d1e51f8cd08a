import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';

/**
 * One linked Aliyun Drive account per Telegram user. Secrets are stored only as
 * `secret-box` ciphertext (`*_enc` columns); the accounts repository seals and opens them.
 */
export const accounts = sqliteTable('accounts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  telegramUserId: integer('telegram_user_id').notNull().unique(),
  aliyunUserId: text('aliyun_user_id').notNull(),
  nickName: text('nick_name').notNull().default(''),
  userName: text('user_name').notNull().default(''),
  refreshTokenEnc: text('refresh_token_enc').notNull(),
  deviceId: text('device_id').notNull(),
  /**
   * A new id per /login: the device is kept across logins of one Aliyun user, so this is what
   * tells a session of an earlier login from the current one. Null on rows from before it.
   */
  loginId: text('login_id'),
  /** Sealed hex of the secp256k1 private key that signs this device's requests. */
  devicePrivateKeyEnc: text('device_private_key_enc').notNull(),
  /** Null when no source named it at login (the save then asks Aliyun again). */
  defaultDriveId: text('default_drive_id'),
  resourceDriveId: text('resource_drive_id'),
  backupDriveId: text('backup_drive_id'),
  /** Set when Aliyun rejected the refresh token; the user must scan the QR code again. */
  needsRelogin: integer('needs_relogin', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull().default(nowMs),
  updatedAt: integer('updated_at').notNull().default(nowMs),
});
