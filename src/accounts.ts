/**
 * Linked Aliyun accounts as the rest of the app uses them, one service built once by the
 * composition root: who is logged in, a logged-in session whose rotated refresh tokens are
 * sealed and stored before use, the chat's save folder, and the link step behind /login.
 * Knows the API client and the database; nothing of Telegram or the save pipeline.
 */
import { randomUUID } from 'node:crypto';
import { generateDevice, isReloginNeeded, type AccountSession, type AliyunClient } from './api/index.js';
import { createAccountsRepo, type LinkedAccount } from './db/accounts.repo.js';
import { createDevicesRepo } from './db/devices.repo.js';
import { createChatSettingsRepo } from './db/chat-settings.repo.js';
import { createSaveFoldersRepo } from './db/save-folders.repo.js';
import { DEFAULT_SAVE_FOLDER } from './save-folder.js';
import type { AppDatabase } from './db/index.js';
import type { SecretKey } from './secret-box.js';

/** What the accounts service is built from. */
export interface AccountsOptions {
  client: AliyunClient;
  db: AppDatabase;
  secretKey: SecretKey;
  logger?: { warn(obj: object, msg?: string): void } | undefined;
}

/** Why an account cannot be used for a save. */
export class AccountUnavailableError extends Error {
  override readonly name = 'AccountUnavailableError';
  constructor(
    readonly accountId: number,
    readonly reason: 'missing' | 'needs_relogin',
  ) {
    super(reason === 'missing' ? `account ${accountId} is not linked` : `account ${accountId} must log in again`);
  }
}

/** The session cache key of an account (the client keeps one session per key). */
export function accountKey(accountId: number): string {
  return `account-${accountId}`;
}

/** Whether two reads of an account row are the same /login (same device and login id). */
export function isSameLogin(a: Pick<LinkedAccount, 'deviceId' | 'loginId'>, b: Pick<LinkedAccount, 'deviceId' | 'loginId'>): boolean {
  return a.deviceId === b.deviceId && a.loginId === b.loginId;
}

/**
 * Where an account stands, as read: not linked (never, or logged out), linked but refused by
 * Aliyun (its owner must /login again), or usable.
 */
export type LoginState = { state: 'none' } | { state: 'relogin'; account: LinkedAccount } | { state: 'ok'; account: LinkedAccount };

/** The {@link LoginState} of an account row (or its absence). */
export function loginStateOf(account: LinkedAccount | undefined): LoginState {
  if (!account) return { state: 'none' };
  return account.needsRelogin ? { state: 'relogin', account } : { state: 'ok', account };
}

/** A chat's save folder in the account's target drive, in the shape chat_settings caches. */
export interface SaveFolder {
  saveFolderId: string;
  saveFolderDriveId: string;
}

/** A save folder opened, or why not (`relogin`: Aliyun refused the account's login). */
export type SaveFolderResult = { ok: true; folder: SaveFolder } | { ok: false; relogin: boolean; error: unknown };

/** What /login tells the user after linking. */
export interface LinkResult {
  account: LinkedAccount;
  /** Where saves go: the resource drive when the account has one. */
  drive: 'resource' | 'backup';
}

/** Linked accounts: reads, sessions, save folders, link and unlink. */
export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(options: AccountsOptions) {
  const { client, db, secretKey, logger } = options;
  const repo = createAccountsRepo(db, secretKey);
  const folders = createSaveFoldersRepo(db);

  /**
   * A logged-in session of an account row read just now (and found not in need of a new login).
   * Every rotated refresh token is sealed and stored in one UPDATE before the new access token
   * is used (Aliyun kills the old one at once), and a dead refresh token marks the account
   * `needs_relogin` — unless the database holds a newer token (the bot and a worker process
   * share the account and the other one rotated it), which the session adopts instead.
   * The client caches the session, so a warm account costs no token call.
   */
  function sessionOfRow(row: LinkedAccount): AccountSession {
    /** The account as stored now, if it is still this login (each /login gets a new login id). */
    const sameLogin = (): LinkedAccount | undefined => {
      const now = repo.getById(row.id);
      return now && isSameLogin(now, row) ? now : undefined;
    };
    return client.session(
      {
        accountKey: accountKey(row.id),
        refreshToken: row.refreshToken,
        deviceId: row.deviceId,
        privateKeyHex: row.devicePrivateKeyHex,
        userId: row.aliyunUserId,
      },
      {
        onRefreshToken(newToken) {
          if (!repo.updateRefreshToken(row.id, newToken)) {
            logger?.warn({ accountId: row.id }, 'refresh token rotated for an account that was unlinked meanwhile');
          }
        },
        onReloginNeeded() {
          // A new /login since this session opened is not the one that died.
          if (sameLogin()) repo.markNeedsRelogin(row.id);
        },
        loadRefreshToken() {
          return sameLogin()?.refreshToken;
        },
      },
    );
  }

  async function saveFolder(account: LinkedAccount, path: string): Promise<SaveFolderResult> {
    try {
      const opened = session(account);
      const driveId = await opened.targetDriveId();
      const saveFolderId = await opened.ensureFolderPath(driveId, path);
      folders.remember({ accountId: account.id, aliyunUserId: account.aliyunUserId, path }, saveFolderId);
      return { ok: true, folder: { saveFolderId, saveFolderDriveId: driveId } };
    } catch (error) {
      const relogin = isReloginNeeded(error) || (error instanceof AccountUnavailableError && error.reason === 'needs_relogin');
      return { ok: false, relogin, error };
    }
  }

  /**
   * A logged-in session of a linked account, its row read again first (another process may have
   * rotated the token since `account` was read).
   * @throws AccountUnavailableError when the account is gone or must log in again.
   */
  function session(account: number | LinkedAccount): AccountSession {
    const id = typeof account === 'number' ? account : account.id;
    const row = repo.getById(id);
    if (!row) throw new AccountUnavailableError(id, 'missing');
    if (row.needsRelogin) throw new AccountUnavailableError(id, 'needs_relogin');
    return sessionOfRow(row);
  }

  return {
    getById: (id: number): LinkedAccount | undefined => repo.getById(id),
    linkOf: (id: number) => repo.linkOf(id),
    getByTelegramUser: (telegramUserId: number): LinkedAccount | undefined => repo.getByTelegramUser(telegramUserId),
    countLinked: (): number => repo.countLinked(),
    /** The {@link LoginState} of the account a Telegram user linked. */
    loginOf: (telegramUserId: number): LoginState => loginStateOf(repo.getByTelegramUser(telegramUserId)),
    /** The account a Telegram user linked, unless there is none or it must log in again. */
    working(telegramUserId: number): LinkedAccount | undefined {
      const login = loginStateOf(repo.getByTelegramUser(telegramUserId));
      return login.state === 'ok' ? login.account : undefined;
    },
    session,
    sessionOfRow,
    /** The account's pace on the client: tokens in its bucket now, and the wait for the next call. */
    paceOf: (accountId: number): { tokens: number; readyInMs: number } => client.paceOf(accountKey(accountId)),
    /** {@link paceOf} by the account's key (the save queue groups an account's saves by it). */
    paceOfKey: (key: string): { tokens: number; readyInMs: number } => client.paceOf(key),

    /**
     * A chat's save folder (`path`) in the account's target drive, created when missing, and
     * remembered for the account's saves (so none of them, the first included, looks it up).
     * Never throws: a failure comes back with whether the account must log in again.
     */
    saveFolder,

    link: async (telegramUserId: number, refreshToken: string): Promise<LinkResult> => {
      const linked = await linkAccount(options, { telegramUserId, refreshToken });
      // The user's first save should not look for its folder: find (or make) it now, before the
      // user hears "logged in" (two calls; a failure only means the first save looks for it).
      const path = createChatSettingsRepo(db).get(telegramUserId)?.saveFolder ?? DEFAULT_SAVE_FOLDER;
      const resolved = await saveFolder(linked.account, path);
      if (!resolved.ok) logger?.warn({ err: resolved.error, accountId: linked.account.id }, 'could not resolve the save folder at login');
      return linked;
    },

    /**
     * Forgets a Telegram user's account and its cached session. A save running with the session
     * holds its own reference; it sees the row gone before its next batch and stops.
     * @returns whether there was one.
     */
    unlink(telegramUserId: number): boolean {
      const account = repo.getByTelegramUser(telegramUserId);
      if (!account) return false;
      client.dropSession(accountKey(account.id));
      return repo.deleteByTelegramUser(telegramUserId);
    },
  };
}

/**
 * Links an account from a refresh token (pasted, or from a confirmed QR login): exchanges the
 * token (which validates it, rotates it and names the Aliyun user), signs in as that user's
 * device (the one kept from an earlier /login, else a new one kept from now on — an account holds
 * about 10 devices), reads the drives from wherever they are named (never failing because one
 * source names none), and stores everything sealed under the Telegram user. A second
 * link of the same Telegram user replaces the first in place; when it is another Aliyun account,
 * the save folder ids cached in `chat_settings` (the private chat, the chats bound to the
 * account) are forgotten — save history tells drives apart by `saves.aliyun_user_id`.
 *
 * The rotated token is stored as soon as it exists; if reading the drives then fails the
 * account stays linked with the default drive known, and the error is thrown.
 * @throws AliyunError (`InvalidParameter.RefreshToken` for a dead token).
 */
async function linkAccount(deps: AccountsOptions, link: { telegramUserId: number; refreshToken: string }): Promise<LinkResult> {
  const repo = createAccountsRepo(deps.db, deps.secretKey);
  const previous = repo.getByTelegramUser(link.telegramUserId);
  let device = generateDevice();
  const loginId = randomUUID();
  // A throw-away cache key: the account's id is known only after the first store. Once linked,
  // the session is filed under the account's key, so saves reuse its access token and device.
  const linkKey = `link-${randomUUID()}`;
  let linkedId: number | undefined;
  let latestToken = link.refreshToken;
  /** The account as stored now, if it is still this login. */
  const sameLogin = (): LinkedAccount | undefined => {
    const now = linkedId === undefined ? undefined : repo.getById(linkedId);
    return now?.deviceId === device.deviceId && now.loginId === loginId ? now : undefined;
  };
  const session = deps.client.session(
    { accountKey: linkKey, refreshToken: link.refreshToken, deviceId: device.deviceId, privateKeyHex: device.privateKeyHex },
    {
      onRefreshToken(newToken) {
        latestToken = newToken;
        if (linkedId !== undefined) repo.updateRefreshToken(linkedId, newToken);
      },
      // The same hooks as `sessionOfRow`'s once the account is stored.
      onReloginNeeded() {
        if (linkedId !== undefined && sameLogin()) repo.markNeedsRelogin(linkedId);
      },
      loadRefreshToken() {
        return sameLogin()?.refreshToken;
      },
    },
  );
  try {
    const token = await session.refresh();
    device = createDevicesRepo(deps.db, deps.secretKey).keep(token.user_id, device);
    session.useDevice(device);
    const base = {
      telegramUserId: link.telegramUserId,
      aliyunUserId: token.user_id,
      nickName: token.nick_name ?? '',
      userName: token.user_name ?? '',
      deviceId: device.deviceId,
      loginId,
      devicePrivateKeyHex: device.privateKeyHex,
    };
    let account = repo.upsertOnLink({
      ...base,
      refreshToken: latestToken,
      defaultDriveId: token.default_drive_id ?? null,
      resourceDriveId: null,
      backupDriveId: null,
    });
    linkedId = account.id;
    // Another Aliyun account behind the same row (bindings follow it): folder ids cached for
    // the old drive are void. Saves match their drive by `aliyun_user_id`, so history needs nothing.
    if (previous && previous.aliyunUserId !== account.aliyunUserId) {
      createChatSettingsRepo(deps.db).forgetSaveFoldersOf(link.telegramUserId, account.id);
    }
    const drives = await session.driveIds();
    // Names from the user host when it answered (cached by driveIds); the token's otherwise.
    const user = await session.getUser().catch(() => undefined);
    account = repo.upsertOnLink({
      ...base,
      nickName: user?.nick_name || base.nickName,
      userName: user?.user_name || base.userName,
      refreshToken: latestToken,
      defaultDriveId: drives.default ?? token.default_drive_id ?? null,
      resourceDriveId: drives.resource ?? null,
      backupDriveId: drives.backup ?? null,
    });
    // Replaces a session cached under the account's key (the previous login's).
    deps.client.moveSession(linkKey, accountKey(account.id));
    return {
      account,
      drive: account.resourceDriveId ? 'resource' : 'backup',
    };
  } finally {
    deps.client.dropSession(linkKey);
  }
}
