import { count, eq, sql } from 'drizzle-orm';
import { open, seal, type SecretKey } from '../secret-box.js';
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
  byTelegramUser: db.select().from(accounts).where(eq(accounts.telegramUserId, sql.placeholder('telegramUserId'))).prepare(),
});

/**
 * Accounts repository. Seals secrets on the way in and opens them on the way out, so the
 * `accounts` table only ever holds ciphertext. All calls are synchronous (better-sqlite3).
 */
export function createAccountsRepo(db: AppDatabase, key: SecretKey) {
  const hot = preparedFor(db, hotQueries);
  const toAccount = (row: AccountRow): LinkedAccount => {
    const { refreshTokenEnc, devicePrivateKeyEnc, ...rest } = row;
    return { ...rest, refreshToken: open(key, refreshTokenEnc), devicePrivateKeyHex: open(key, devicePrivateKeyEnc) };
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
        refreshTokenEnc: seal(key, refreshToken),
        devicePrivateKeyEnc: seal(key, devicePrivateKeyHex),
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
      const result = db
        .update(accounts)
        .set({ refreshTokenEnc: seal(key, refreshToken), needsRelogin: false, updatedAt: Date.now() })
        .where(eq(accounts.id, accountId))
        .run();
      return result.changes === 1;
    },

    /** Flags the account after Aliyun rejected its refresh token; the user must log in again. */
    markNeedsRelogin(accountId: number): void {
      db.update(accounts).set({ needsRelogin: true, updatedAt: Date.now() }).where(eq(accounts.id, accountId)).run();
    },

    /**
     * Forgets the Telegram user's account (logout). Group bindings to it are cleared and
     * save history keeps its rows without the account (foreign keys `ON DELETE SET NULL`).
     * @returns whether an account was deleted.
     */
    deleteByTelegramUser(telegramUserId: number): boolean {
      return db.delete(accounts).where(eq(accounts.telegramUserId, telegramUserId)).run().changes > 0;
    },
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;

/**
 * An account's display names by id, without opening its secrets — so code that holds no key
 * (the save notifier of another process) can still name the account in a notice.
 */
export function findAccountNames(db: AppDatabase, accountId: number): Pick<LinkedAccount, 'nickName' | 'userName'> | undefined {
  return db.select({ nickName: accounts.nickName, userName: accounts.userName }).from(accounts).where(eq(accounts.id, accountId)).get();
}
