import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createAccountsRepo, findAccountNames, resealAccountSecrets, type AccountLink } from '../../src/db/accounts.repo.js';
import { createChatSettingsRepo } from '../../src/db/chat-settings.repo.js';
import { accounts } from '../../src/db/schema/index.js';
import { loadSecretKey, type SecretKey } from '../../src/secret-box.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const key = loadSecretKey({ secretKey: 'a'.repeat(64), dataDir: '/nonexistent' }).key;

const link: AccountLink = {
  telegramUserId: 7001,
  aliyunUserId: 'b7f0c1d2e3',
  nickName: '小明',
  userName: '138****0000',
  refreshToken: 'RT-first-7c1e9a3f5b2d4e6f8a0b1c2d3e4f5a6b',
  deviceId: 'dev-1',
  loginId: 'login-1',
  devicePrivateKeyHex: 'a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5f7b9d1f3a5c7e9b1d3f5',
  defaultDriveId: '11',
  resourceDriveId: '12',
  backupDriveId: null,
};

describe('accounts repository', () => {
  it('links an account and reads it back with its secrets', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    expect(repo.getByTelegramUser(7001)).toBeUndefined();
    const saved = repo.upsertOnLink(link);
    expect(saved).toMatchObject({ ...link, needsRelogin: false });
    expect(repo.getByTelegramUser(7001)).toEqual(saved);
    expect(repo.getById(saved.id)).toEqual(saved);
  });

  it('a second login replaces the account in place and clears needsRelogin', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const first = repo.upsertOnLink(link);
    repo.markNeedsRelogin(first.id);
    expect(repo.getById(first.id)?.needsRelogin).toBe(true);

    const second = repo.upsertOnLink({ ...link, refreshToken: 'RT-second', nickName: 'Xiaoming' });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ refreshToken: 'RT-second', nickName: 'Xiaoming', needsRelogin: false, createdAt: first.createdAt });
    expect(db.db.select().from(accounts).all()).toHaveLength(1);
  });

  it('persists a rotated refresh token at once, visible to another connection', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const account = repo.upsertOnLink(link);
    expect(repo.updateRefreshToken(account.id, 'RT-rotated')).toBe(true);
    const otherProcess = createAccountsRepo(db.reopen().db, key);
    expect(otherProcess.getByTelegramUser(7001)?.refreshToken).toBe('RT-rotated');
    expect(repo.updateRefreshToken(account.id + 100, 'RT-nobody')).toBe(false);
  });

  it('the same repository reads a rotated token at once, after having read the old one (opened secrets are kept per ciphertext)', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const account = repo.upsertOnLink(link);
    expect(repo.getById(account.id)?.refreshToken).toBe(link.refreshToken);
    repo.updateRefreshToken(account.id, 'RT-rotated-again');
    expect(repo.getById(account.id)?.refreshToken).toBe('RT-rotated-again');
    expect(repo.getByTelegramUser(7001)?.refreshToken).toBe('RT-rotated-again');
  });

  it('logout deletes the account and unbinds its groups', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const chats = createChatSettingsRepo(db.db);
    const account = repo.upsertOnLink(link);
    chats.upsert(-100555, { chatType: 'supergroup', title: 'Share club' });
    chats.patch(-100555, { boundAccountId: account.id, boundByUserId: 7001 });

    expect(repo.deleteByTelegramUser(7001)).toBe(true);
    expect(repo.deleteByTelegramUser(7001)).toBe(false);
    expect(repo.getByTelegramUser(7001)).toBeUndefined();
    expect(chats.get(-100555)).toMatchObject({ boundAccountId: null });
  });

  it('stores secrets only as ciphertext: the plaintext is nowhere in the database files', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const account = repo.upsertOnLink(link);
    repo.updateRefreshToken(account.id, 'RT-rotated-0f1e2d3c4b5a69788796a5b4c3d2e1f0');

    const row = db.db.select().from(accounts).get()!;
    expect(row.refreshTokenEnc).toMatch(/^v2\./);
    expect(row.devicePrivateKeyEnc).toMatch(/^v2\./);

    const files = [db.file, `${db.file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
    expect(files.length).toBeGreaterThan(0);
    for (const secret of [link.refreshToken, 'RT-rotated-0f1e2d3c4b5a69788796a5b4c3d2e1f0', link.devicePrivateKeyHex]) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    // The files do hold the account: the search above looks in the right place.
    expect(files.some((bytes) => bytes.includes(Buffer.from(link.aliyunUserId)))).toBe(true);
  });

  it('counts linked accounts, and names one without the key', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    expect(repo.countLinked()).toBe(0);
    const account = repo.upsertOnLink(link);
    repo.upsertOnLink({ ...link, telegramUserId: 7002, aliyunUserId: 'c8a1' });
    repo.upsertOnLink(link); // a second login of the same user is still one account
    expect(repo.countLinked()).toBe(2);
    expect(findAccountNames(db.db, account.id)).toEqual({ nickName: '小明', userName: '138****0000' });
    expect(findAccountNames(db.db, account.id + 100)).toBeUndefined();
  });

  it('with another key the secrets stay closed: the account reads as "log in again", and a new login overwrites it', () => {
    db = tempDatabase();
    createAccountsRepo(db.db, key).upsertOnLink(link);
    const otherKey = loadSecretKey({ secretKey: 'b'.repeat(64), dataDir: '/nonexistent' }).key;
    const other = createAccountsRepo(db.db, otherKey);
    expect(other.getByTelegramUser(7001)).toMatchObject({ needsRelogin: true, refreshToken: '', devicePrivateKeyHex: '', nickName: '小明' });
    expect(other.upsertOnLink({ ...link, refreshToken: 'RT-new' })).toMatchObject({ needsRelogin: false, refreshToken: 'RT-new' });
    expect(other.getByTelegramUser(7001)?.refreshToken).toBe('RT-new');
  });

  it('ciphertexts swapped between rows or columns do not open', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    repo.upsertOnLink(link);
    repo.upsertOnLink({ ...link, telegramUserId: 7002, refreshToken: 'RT-of-7002' });
    const sqlite = db.db.$client;
    const enc = (user: number) => sqlite.prepare('SELECT refresh_token_enc AS t, device_private_key_enc AS d FROM accounts WHERE telegram_user_id = ?').get(user) as { t: string; d: string };
    const a = enc(7001);
    const b = enc(7002);
    sqlite.prepare('UPDATE accounts SET refresh_token_enc = ? WHERE telegram_user_id = ?').run(b.t, 7001);
    sqlite.prepare('UPDATE accounts SET refresh_token_enc = ?, device_private_key_enc = ? WHERE telegram_user_id = ?').run(b.d, b.t, 7002);
    expect(repo.getByTelegramUser(7001)).toMatchObject({ needsRelogin: true, refreshToken: '' });
    expect(repo.getByTelegramUser(7002)).toMatchObject({ needsRelogin: true, refreshToken: '' });
    expect(a.t).not.toBe(b.t);
  });

  it('at start, values of the format before key ids and contexts open once and are sealed again; unreadable rows are counted', () => {
    db = tempDatabase();
    const repo = createAccountsRepo(db.db, key);
    const account = repo.upsertOnLink(link);
    repo.upsertOnLink({ ...link, telegramUserId: 7002 });
    const legacy = (plaintext: string, k: SecretKey) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      return `v1.${iv.toString('base64url')}.${Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64url')}`;
    };
    const otherKey = loadSecretKey({ secretKey: 'c'.repeat(64), dataDir: '/nonexistent' }).key;
    const sqlite = db.db.$client;
    const setEnc = sqlite.prepare('UPDATE accounts SET refresh_token_enc = ?, device_private_key_enc = ? WHERE telegram_user_id = ?');
    setEnc.run(legacy(link.refreshToken, key), legacy(link.devicePrivateKeyHex, key), 7001);
    setEnc.run(legacy('x', otherKey), legacy('y', otherKey), 7002);
    expect(repo.getById(account.id)?.needsRelogin).toBe(true); // only the start-up pass reads the old format

    expect(resealAccountSecrets(db.db, { current: key })).toEqual({ resealed: 1, unreadable: 1 });
    expect(repo.getById(account.id)).toMatchObject({ needsRelogin: false, refreshToken: link.refreshToken, devicePrivateKeyHex: link.devicePrivateKeyHex });
    const stored = sqlite.prepare('SELECT refresh_token_enc AS t FROM accounts WHERE id = ?').get(account.id) as { t: string };
    expect(stored.t).toMatch(/^v2\./);
    expect(resealAccountSecrets(db.db, { current: key })).toEqual({ resealed: 0, unreadable: 1 });
  });
});
