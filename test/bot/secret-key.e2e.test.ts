/**
 * A lost or changed SECRET_KEY locks nobody out: accounts the key cannot read count as "log in
 * again" (start-up says how many, once), /logout deletes them and /login overwrites them; and
 * SECRET_KEY_PREVIOUS re-seals everything under the new key at start.
 * End to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, restarting the app on one DATA_DIR.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { startE2E, type E2E } from '../helpers/e2e.js';

describe('a lost or changed secret key', () => {
  let e2e: E2E;
  let app: App | undefined;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await app?.stop();
    await e2e?.close();
  });

  /** Stops the running app and starts another on the same DATA_DIR with these keys; returns its log. */
  async function restart(keys: { SECRET_KEY?: string; SECRET_KEY_PREVIOUS?: string }): Promise<string[]> {
    await (app ?? e2e.app).stop();
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        callback();
      },
    });
    app = createApp({ ...e2e.config, ...keys }, { logger: createLogger('debug', capture), qrPollIntervalMs: 30, statusEditIntervalMs: 0 });
    await app.start();
    return lines;
  }

  const unreadableLines = (lines: string[]) => lines.filter((line) => line.includes('cannot read'));

  it('unreadable accounts are counted once at start; /logout deletes one, /login overwrites another; SECRET_KEY_PREVIOUS re-seals', async () => {
    const { tg } = e2e;
    const alice = await e2e.loggedInUser({ first_name: 'Alice' });
    const bob = await e2e.loggedInUser({ first_name: 'Bob' });
    const fileKey = readFileSync(join(e2e.dataDir, 'secret.key'), 'utf8').trim();

    // The key file is lost; a new key is configured.
    const lost = await restart({ SECRET_KEY: 'ab'.repeat(32) });
    expect(unreadableLines(lost)).toHaveLength(1);
    expect(JSON.parse(unreadableLines(lost)[0]!)).toMatchObject({ accounts: 2 });
    expect(lost.join('\n')).not.toContain(fileKey);

    // /logout still works for an account the key cannot read.
    tg.sendMessage({ from: alice.user, text: '/logout' });
    const confirm = await tg.waitForBotMessage(alice.chatId, (m) => m.buttons.flat().some((b) => b.callbackData === 'logout:yes'));
    tg.clickButton(alice.chatId, confirm.messageId, 'logout:yes');
    await tg.waitForBotMessage(alice.chatId, 'credentials deleted');
    expect(app!.deps.accounts.getByTelegramUser(alice.user.id)).toBeUndefined();

    // /login overwrites the unreadable row, and the account works again.
    expect(app!.deps.accounts.getByTelegramUser(bob.user.id)?.needsRelogin).toBe(true);
    tg.sendMessage({ from: bob.user, text: `/login ${e2e.sim.issueRefreshToken(bob.account.userId)}` });
    await tg.waitFor(() => tg.botMessages(bob.chatId).filter((m) => m.plainText.includes('Logged in')).length === 2, { description: 'the second login' });
    const relinked = app!.deps.accounts.getByTelegramUser(bob.user.id);
    expect(relinked?.needsRelogin).toBe(false);
    expect(relinked?.refreshToken).toMatch(/^[0-9a-f]{32}$/);

    // The key changes again, with the old one as SECRET_KEY_PREVIOUS: re-sealed, nothing unreadable.
    const rotated = await restart({ SECRET_KEY: 'cd'.repeat(32), SECRET_KEY_PREVIOUS: 'ab'.repeat(32) });
    expect(unreadableLines(rotated)).toEqual([]);
    expect(rotated.some((line) => line.includes('sealed again under the current key') && JSON.parse(line).accounts === 1)).toBe(true);
    // … so the previous key is no longer needed.
    const after = await restart({ SECRET_KEY: 'cd'.repeat(32) });
    expect(unreadableLines(after)).toEqual([]);
    expect(app!.deps.accounts.getByTelegramUser(bob.user.id)).toMatchObject({ needsRelogin: false, refreshToken: relinked!.refreshToken });
  });
});

describe('tokens at rest', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** Every byte of the database: the main file, and the WAL and shared-memory files if any. */
  const databaseBytes = (): Buffer => {
    const file = join(e2e.dataDir, 'bot.sqlite');
    return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));
  };

  it('DATA_DIR is 0700 and the database files 0600', () => {
    expect(statSync(e2e.dataDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(e2e.dataDir).filter((n) => n.startsWith('bot.sqlite'))) {
      expect({ name, mode: statSync(join(e2e.dataDir, name)).mode & 0o777 }).toEqual({ name, mode: 0o600 });
    }
  });

  it('after /logout, the sealed token and device key are no longer anywhere in the database files', async () => {
    const { tg } = e2e;
    const u = await e2e.loggedInUser();
    const sqlite = e2e.app.core.database.sqlite;
    const sealed = sqlite.prepare('SELECT refresh_token_enc AS t, device_private_key_enc AS d FROM accounts WHERE telegram_user_id = ?').get(u.user.id) as { t: string; d: string };
    const secrets = [sealed.t, sealed.d, ...sealed.t.split('.').slice(2), ...sealed.d.split('.').slice(2)];
    expect(secrets.some((s) => databaseBytes().includes(s))).toBe(true);

    tg.sendMessage({ from: u.user, text: '/logout' });
    const confirm = await tg.waitForBotMessage(u.chatId, (m) => m.buttons.flat().some((b) => b.callbackData === 'logout:yes'));
    tg.clickButton(u.chatId, confirm.messageId, 'logout:yes');
    await tg.waitForBotMessage(u.chatId, 'credentials deleted');

    const bytes = databaseBytes();
    for (const secret of secrets) expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes(u.account.refreshToken)).toBe(false);
  });
});
