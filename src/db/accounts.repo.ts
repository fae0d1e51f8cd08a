import { and, count, eq, sql } from 'drizzle-orm';
import { open, openForReseal, seal, SecretBoxError, type SecretKey } from '../secret-box.js';
import type { AppDatabase } from './index.js';
import { preparedFor } from './statement-cache.js';
import { accounts } from './schema/index.js';

/** A linked Aliyun Drive account with its secrets decrypted, as the API client needs them. */
export interface LinkedAccount {
  id: number;
  telegramUserId: number;
  aliyunUserId: string;
  nickName: string;
  userName: string;
  refreshToken: string;
  deviceId: string;
  /** New per /login (devices are kept across logins); null on rows from before it existed. */
  loginId: string | null;
  /** Hex of the secp256k1 private key that signs this device's requests. */
  devicePrivateKeyHex: string;
  /** Null when no source named it at login. */
  defaultDriveId: string | null;
  resourceDriveId: string | null;
  backupDriveId: string | null;
  needsRelogin: boolean;
  createdAt: number;
  updatedAt: number;
}

/** What a successful login (QR scan) yields. */
export type AccountLink = Omit<LinkedAccount, 'id' | 'needsRelogin' | 'createdAt' | 'updatedAt'>;

type AccountRow = typeof accounts.$inferSelect;

/** Reads of every save and every update, prepared once per database. */
const hotQueries = (db: AppDatabase) => ({
  byId: db.select().from(accounts).where(eq(accounts.id, sql.placeholder('id'))).prepare(),
  /** What a running save looks at before each batch: four columns, nothing to decrypt. */
  linkById: db
    .select({ aliyunUserId: accounts.aliyunUserId, deviceId: accounts.deviceId, loginId: accounts.loginId, needsRelogin: accounts.needsRelogin })
    .from(accounts)
    .where(eq(accounts.id, sql.placeholder('id')))
    .prepare(),
  byTelegramUser: db.select().from(accounts).where(eq(accounts.telegramUserId, sql.placeholder('telegramUserId'))).prepare(),
});

type SecretColumn = 'refresh_token' | 'device_private_key';

/** Opened secrets a repository keeps (two per account in use). */
const OPENED_SECRETS_KEPT = 2048;

/** Where a secret lives, sealed into it so a ciphertext moved to another row or column does not open. */
function secretContext(telegramUserId: number, column: SecretColumn): string {
  return `accounts/${telegramUserId}/${column}`;
}

/** Which Aliyun user and login an account is linked with now (see `linkOf`). */
export type CurrentLogin = Pick<LinkedAccount, 'aliyunUserId' | 'deviceId' | 'loginId' | 'needsRelogin'>;

/**
 * Accounts repository. Seals secrets on the way in and opens them on the way out, so the
 * `accounts` table only ever holds ciphertext. All calls are synchronous (better-sqlite3).
 *
 * A row whose secrets this key cannot open (SECRET_KEY lost or changed, data altered) reads as
 * an account that must log in again — empty secrets, `needsRelogin` — so nobody is locked out:
 * /login overwrites the row and /logout deletes it.
 */
export function createAccountsRepo(db: AppDatabase, key: SecretKey) {
  const hot = preparedFor(db, hotQueries);
  /**
   * Opened secrets by ciphertext and context: a save reads its account several times (each step
   * checks it is still linked), and AES-GCM with a fresh decipher each time was ~0.5 ms of a save.
   * A rotated token is a new ciphertext; the old entry just ages out. Bounded: cleared when full.
   */
  const opened = new Map<string, string>();
  const openCached = (sealed: string, context: string): string => {
    const cacheKey = `${context}\0${sealed}`;
    let plain = opened.get(cacheKey);
    if (plain === undefined) {
      plain = open(key, sealed, context);
      if (opened.size >= OPENED_SECRETS_KEPT) opened.clear();
      opened.set(cacheKey, plain);
    }
    return plain;
  };
  const toAccount = (row: AccountRow): LinkedAccount => {
    const { refreshTokenEnc, devicePrivateKeyEnc, ...rest } = row;
    try {
      return {
        ...rest,
        refreshToken: openCached(refreshTokenEnc, secretContext(row.telegramUserId, 'refresh_token')),
        devicePrivateKeyHex: openCached(devicePrivateKeyEnc, secretContext(row.telegramUserId, 'device_private_key')),
      };
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      return { ...rest, refreshToken: '', devicePrivateKeyHex: '', needsRelogin: true };
    }
  };

  return {
    /** The account linked by this Telegram user, if any. */
    getByTelegramUser(telegramUserId: number): LinkedAccount | undefined {
      const row = hot.byTelegramUser.get({ telegramUserId });
      return row && toAccount(row);
    },

    getById(id: number): LinkedAccount | undefined {
      const row = hot.byId.get({ id });
      return row && toAccount(row);
    },

    /** The Aliyun user and login the account is linked with now, without reading its secrets. */
    linkOf(id: number): CurrentLogin | undefined {
      return hot.linkById.get({ id });
    },

    /** How many accounts are linked (one per Telegram user). */
    countLinked(): number {
      return db.select({ n: count() }).from(accounts).get()?.n ?? 0;
    },

    /**
     * Links (or re-links) the Telegram user's account: one account per Telegram user, so a
     * second login replaces the first in place (same `id`, group bindings kept) and clears
     * `needsRelogin` — even when it links ANOTHER Aliyun account, so whatever is keyed by the
     * drive (save history, cached folder ids) must also compare `aliyunUserId`.
     */
    upsertOnLink(link: AccountLink): LinkedAccount {
      const now = Date.now();
      const { refreshToken, devicePrivateKeyHex, ...plain } = link;
      const values = {
        ...plain,
        refreshTokenEnc: seal(key, refreshToken, secretContext(link.telegramUserId, 'refresh_token')),
        devicePrivateKeyEnc: seal(key, devicePrivateKeyHex, secretContext(link.telegramUserId, 'device_private_key')),
        needsRelogin: false,
        updatedAt: now,
      };
      const row = db
        .insert(accounts)
        .values({ ...values, createdAt: now })
        .onConflictDoUpdate({ target: accounts.telegramUserId, set: values })
        .returning()
        .get();
      return toAccount(row);
    },

    /**
     * Persists a rotated refresh token in one UPDATE. Aliyun invalidates the old token as soon
     * as it issues a new one, so call this before using the new access token.
     * @returns false if the account no longer exists (the user logged out meanwhile).
     */
    updateRefreshToken(accountId: number, refreshToken: string): boolean {
      const owner = db.select({ telegramUserId: accounts.telegramUserId }).from(accounts).where(eq(accounts.id, accountId)).get();
      if (!owner) return false;
      const refreshTokenEnc = seal(key, refreshToken, secretContext(owner.telegramUserId, 'refresh_token'));
      const result = db
        .update(accounts)
        .set({ refreshTokenEnc, needsRelogin: false, updatedAt: Date.now() })
        .where(and(eq(accounts.id, accountId), eq(accounts.telegramUserId, owner.telegramUserId)))
        .run();
      return result.changes === 1;
    },

    /** Flags the account after Aliyun rejected its refresh token; the user must log in again. */
    markNeedsRelogin(accountId: number): void {
      db.update(accounts).set({ needsRelogin: true, updatedAt: Date.now() }).where(eq(accounts.id, accountId)).run();
    },

    /**
     * Forgets the Telegram user's account (logout), its sealed secrets gone from the files too.
     * Group bindings to it are cleared and save history keeps its rows without the account
     * (foreign keys `ON DELETE SET NULL`).
     * @returns whether an account was deleted.
     */
    deleteByTelegramUser(telegramUserId: number): boolean {
      const deleted = db.delete(accounts).where(eq(accounts.telegramUserId, telegramUserId)).run().changes > 0;
      // secure_delete zeroes the row in its page; the checkpoint writes that page into the main
      // file and empties the WAL, whose older frames still hold the sealed tokens. Best effort:
      // another process reading at this moment keeps the WAL until the next checkpoint.
      if (deleted) db.$client.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;

/**
 * Run at start: seals again under `current` every account secret sealed under `previous`
 * (SECRET_KEY_PREVIOUS) or in the format before key ids and contexts, and counts the accounts
 * no key opens (they read as "log in again"). Each row is rewritten only if unchanged since it
 * was read, so a token another process rotated meanwhile is kept.
 */
export function resealAccountSecrets(
  db: AppDatabase,
  keys: { current: SecretKey; previous?: SecretKey | undefined },
): { resealed: number; unreadable: number } {
  let resealed = 0;
  let unreadable = 0;
  const rows = db
    .select({ id: accounts.id, telegramUserId: accounts.telegramUserId, refreshTokenEnc: accounts.refreshTokenEnc, devicePrivateKeyEnc: accounts.devicePrivateKeyEnc })
    .from(accounts)
    .all();
  for (const row of rows) {
    const tokenContext = secretContext(row.telegramUserId, 'refresh_token');
    const deviceContext = secretContext(row.telegramUserId, 'device_private_key');
    let token, device;
    try {
      token = openForReseal(keys, row.refreshTokenEnc, tokenContext);
      device = openForReseal(keys, row.devicePrivateKeyEnc, deviceContext);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      unreadable++;
      continue;
    }
    if (!token.stale && !device.stale) continue;
    const changes = db
      .update(accounts)
      .set({ refreshTokenEnc: seal(keys.current, token.plaintext, tokenContext), devicePrivateKeyEnc: seal(keys.current, device.plaintext, deviceContext) })
      .where(and(eq(accounts.id, row.id), eq(accounts.refreshTokenEnc, row.refreshTokenEnc), eq(accounts.devicePrivateKeyEnc, row.devicePrivateKeyEnc)))
      .run().changes;
    resealed += changes;
  }
  return { resealed, unreadable };
}

/**
 * An account's display names by id, without opening its secrets — so code that holds no key
 * (the save notifier of another process) can still name the account in a notice.
 */
export function findAccountNames(db: AppDatabase, accountId: number): Pick<LinkedAccount, 'nickName' | 'userName'> | undefined {
  return db.select({ nickName: accounts.nickName, userName: accounts.userName }).from(accounts).where(eq(accounts.id, accountId)).get();
}
