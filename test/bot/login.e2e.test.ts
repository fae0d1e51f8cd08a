/**
 * Logging in and out, end to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, for both
 * queue drivers.
 */
import { readFileSync, existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../src/app.js';
import { createAccountsRepo } from '../../src/db/accounts.repo.js';
import { queueKinds, startE2E, type E2E } from '../helpers/e2e.js';

const kinds = await queueKinds();

describe.each(kinds)('logging in (%s queue)', (queue) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** The SQLite file and its write-ahead log, as bytes. */
  function databaseBytes(): Buffer {
    const file = databaseFile(e2e.config);
    return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)));
  }

  it('/login <refresh_token> deletes the message first, links the account and keeps the token secret', async () => {
    const { tg } = e2e;
    const u = e2e.newUser({ first_name: 'Ann' });
    const sent = tg.sendMessage({ from: u.user, text: `/login ${u.account.refreshToken}` });

    const reply = await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(reply.plainText).toContain('Ann 的云盘');
    expect(reply.plainText).toContain('resource drive');
    expect(reply.plainText).toContain('/来自分享');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);

    // The delete came before the bot said anything in that chat.
    const calls = tg.calls().filter((c) => c.params['chat_id'] === u.chatId);
    const deleteAt = calls.findIndex((c) => c.method === 'deleteMessage' && c.params['message_id'] === sent.message_id);
    const firstSendAt = calls.findIndex((c) => c.method === 'sendMessage');
    expect(deleteAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeLessThan(firstSendAt);

    const stored = e2e.app.deps.accounts.getByTelegramUser(u.user.id);
    expect(stored?.aliyunUserId).toBe(u.account.userId);
    // Aliyun rotated the token; the bot keeps the new one, sealed.
    expect(stored?.refreshToken).not.toBe(u.account.refreshToken);
    const bytes = databaseBytes();
    const logs = e2e.logLines.join('\n');
    for (const token of [u.account.refreshToken, stored!.refreshToken]) {
      expect(bytes.includes(Buffer.from(token))).toBe(false);
      expect(logs).not.toContain(token);
    }
    expect(e2e.logLines.length).toBeGreaterThan(0);
  });

  it('an invalid token gets a friendly answer and links nothing', async () => {
    const u = e2e.newUser();
    e2e.tg.sendMessage({ from: u.user, text: '/login 0123456789abcdef0123456789abcdef' });
    const reply = await e2e.tg.waitForBotMessage(u.chatId, 'invalid or expired');
    expect(reply.plainText).toContain('/login');
    expect(e2e.app.deps.accounts.getByTelegramUser(u.user.id)).toBeUndefined();
  });

  it('/login in a group is deleted, answered with a warning, and links nothing', async () => {
    const { tg } = e2e;
    const u = e2e.newUser({ first_name: 'Gus' });
    const group = tg.addChat({ type: 'supergroup', title: 'Movie club', botStatus: 'administrator', members: [u.user] });
    const sent = tg.sendMessage({ from: u.user, chat: group.id, text: `/login ${u.account.refreshToken}` });
    const warning = await tg.waitForBotMessage(group.id, 'private chat');
    expect(warning.plainText).toContain('Gus');
    expect(tg.message(group.id, sent.message_id)?.deleted).toBe(true);
    expect(e2e.app.deps.accounts.getByTelegramUser(u.user.id)).toBeUndefined();
  });

  it('QR login: a QR photo, "confirm on your phone" once scanned, linked on CONFIRMED, photo deleted', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser({ first_name: 'Qiu' });
    sim.qr.script(['NEW', 'SCANED', 'SCANED', 'SCANED', 'CONFIRMED'], u.account.userId);
    tg.sendMessage({ from: u.user, text: '/login' });

    const done = await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(done.plainText).toContain('Qiu 的云盘');
    const photos = tg.botMessages(u.chatId).filter((m) => m.photo);
    expect(photos).toHaveLength(1);
    const photo = photos[0]!;
    expect(photo.deleted).toBe(true);
    // Sent with protect_content: the QR code cannot be forwarded or saved from the chat.
    expect(photo.message.has_protected_content).toBe(true);
    expect(photo.versions.join('\n')).toContain('Scan this QR code');
    expect(photo.plainText).toContain('confirm the login');
    const png = tg.fileBytes(photo.photo!.fileId);
    expect(png?.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    expect(tg.calls('editMessageCaption')).toHaveLength(1);
    expect(e2e.app.deps.accounts.getByTelegramUser(u.user.id)?.aliyunUserId).toBe(u.account.userId);
  });

  it('an expired QR code is reported and its photo removed; /cancel stops a waiting one', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser();
    sim.qr.script(['NEW', 'EXPIRED'], u.account.userId);
    tg.sendMessage({ from: u.user, text: '/login' });
    await tg.waitForBotMessage(u.chatId, 'QR code expired');
    await tg.waitFor(() => tg.botMessages(u.chatId).find((m) => m.photo)?.deleted);

    sim.qr.script(['NEW'], u.account.userId); // never scanned
    tg.sendMessage({ from: u.user, text: '/login' });
    await tg.waitFor(() => tg.botMessages(u.chatId).filter((m) => m.photo && !m.deleted).length === 1);
    tg.sendMessage({ from: u.user, text: '/cancel' });
    await tg.waitForBotMessage(u.chatId, 'QR login cancelled');
    await tg.waitFor(() => tg.botMessages(u.chatId).every((m) => !m.photo || m.deleted));
    expect(e2e.app.deps.accounts.getByTelegramUser(u.user.id)).toBeUndefined();
  });

  it('a share sent before logging in gets a login button, and is saved right after the QR login', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser();
    tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const prompt = await tg.waitForBotMessage(u.chatId, 'Log in to Aliyun Drive first');
    expect(prompt.buttons.flat().map((b) => b.callbackData)).toEqual(['login:qr']);

    sim.qr.script(['NEW', 'SCANED', 'CONFIRMED'], u.account.userId);
    tg.clickButton(u.chatId, prompt.messageId, 'login:qr');
    await tg.waitForBotMessage(u.chatId, 'Logged in');
    const saved = await tg.waitForBotMessage(u.chatId, /saved to/, { timeoutMs: 15_000 });
    expect(saved.plainText).toContain('Big.Buck.Bunny.2008.1080p.mp4');
    expect(sim.findByName(u.account.userId, 'Big.Buck.Bunny.2008.1080p.mp4')).toHaveLength(1);
  });

  it('a login that died is reported with a /login hint, and the share is saved after logging in again', async () => {
    const { tg, sim, app } = e2e;
    const u = await e2e.loggedInUser();
    // Aliyun revoked the stored token (as when the user signs out of all devices).
    const account = app.deps.accounts.getByTelegramUser(u.user.id)!;
    createAccountsRepo(app.core.database.db, app.core.secretKey).updateRefreshToken(account.id, 'revoked0000000000000000000000000');
    sim.advanceTime(3 * 60 * 60_000); // the cached access token has expired too

    const sent = tg.sendMessage({ from: u.user, text: sim.catalogue.singleFile.text });
    const failed = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === sent.message_id && m.plainText.startsWith('🔐')),
      { timeoutMs: 15_000 },
    );
    // #16: the next step is a button, and the bot promises to save the link itself (no "send it again").
    expect(failed.plainText).toContain('/login');
    expect(failed.plainText).toContain('I save it right after');
    expect(failed.buttons.flat().map((b) => b.callbackData)).toEqual(['login:qr']);

    tg.sendMessage({ from: u.user, text: `/login ${sim.issueRefreshToken(u.account.userId)}` });
    const saved = await tg.waitFor(
      () => tg.botMessages(u.chatId).find((m) => m.replyToMessageId === failed.messageId && m.plainText.startsWith('✅')),
      { timeoutMs: 15_000, description: 'the share saved after the new login' },
    );
    expect(saved.plainText).toContain('Big.Buck.Bunny.2008.1080p.mp4');
  });

  it('/logout asks first; "Cancel" keeps the account, "Yes" forgets it', async () => {
    const { tg, app } = e2e;
    const u = await e2e.loggedInUser({ first_name: 'Lou' });
    tg.sendMessage({ from: u.user, text: '/logout' });
    const ask = await tg.waitForBotMessage(u.chatId, 'Log out');
    expect(ask.plainText).toContain('Lou 的云盘');
    tg.clickButton(u.chatId, ask.messageId, 'logout:no');
    await tg.waitForBotMessage(u.chatId, 'stay logged in');
    expect(app.deps.accounts.getByTelegramUser(u.user.id)).toBeDefined();

    tg.sendMessage({ from: u.user, text: '/logout' });
    const again = await tg.waitFor(() => tg.botMessages(u.chatId).filter((m) => m.plainText.startsWith('Log out')).at(-1));
    tg.clickButton(u.chatId, again.messageId, 'logout:yes');
    await tg.waitForBotMessage(u.chatId, 'Logged out');
    expect(app.deps.accounts.getByTelegramUser(u.user.id)).toBeUndefined();

    // Without an account, a share asks for a login again.
    tg.sendMessage({ from: u.user, text: e2e.sim.catalogue.singleFile.text });
    await tg.waitForBotMessage(u.chatId, 'Log in to Aliyun Drive first');
  });
});

describe('a QR login nobody scans', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { qrTimeoutMs: 400 } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('gives up after the time limit, says so and removes the QR photo', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser();
    sim.qr.script(['NEW'], u.account.userId);
    tg.sendMessage({ from: u.user, text: '/login' });
    await tg.waitForBotMessage(u.chatId, 'No login within 5 minutes');
    const photo = tg.botMessages(u.chatId).find((m) => m.photo);
    expect(photo?.deleted).toBe(true);
    expect(e2e.app.deps.accounts.getByTelegramUser(u.user.id)).toBeUndefined();
  });
});
