/**
 * A refresh token must not stay in a chat, however it was typed: a message edited into
 * `/login <token>` (grammY's command() never sees edits) and a token pasted on its own.
 * End to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, embedded queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../src/bot/delivery.js';
import { startE2E, visibleBotTexts, type E2E, type TestUser } from '../helpers/e2e.js';

describe('token hygiene', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const linkedAccountOf = (u: TestUser) => e2e.app.deps.accounts.getByTelegramUser(u.user.id);

  it('the bot asks Telegram for edited messages', () => {
    expect(ALLOWED_UPDATES).toContain('edited_message');
  });

  it('/login edited into /login <token>: deleted at once, the account linked, the waiting QR login stopped', async () => {
    const { tg, sim } = e2e;
    const u = e2e.newUser({ first_name: 'Eddie' });
    sim.qr.script(['NEW'], u.account.userId); // never scanned
    const sent = tg.sendMessage({ from: u.user, text: '/login' });
    await tg.waitFor(() => tg.botMessages(u.chatId).some((m) => m.photo && !m.deleted), { description: 'the QR photo' });

    tg.editUserMessage(u.chatId, sent.message_id, { text: `/login ${u.account.refreshToken}` });
    const done = await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(done.plainText).toContain('Eddie 的云盘');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);
    expect(linkedAccountOf(u)?.aliyunUserId).toBe(u.account.userId);
    // The QR code that was waiting is gone, and its login no longer runs.
    await tg.waitFor(() => tg.botMessages(u.chatId).every((m) => !m.photo || m.deleted), { description: 'the QR photo deleted' });
    expect(e2e.app.deps.qrLogins.isActive(u.user.id)).toBe(false);
    expect(e2e.logLines.join('\n')).not.toContain(u.account.refreshToken);
  });

  it('/login@bot edited in a group: deleted, warned about, nothing linked', async () => {
    const { tg } = e2e;
    const u = e2e.newUser({ first_name: 'Greta' });
    const group = tg.addChat({ type: 'supergroup', title: 'Edits', botStatus: 'administrator', members: [u.user] });
    const sent = tg.sendMessage({ from: u.user, chat: group.id, text: 'hello everyone' });
    tg.editUserMessage(group.id, sent.message_id, { text: `/login@${tg.botUser.username} ${u.account.refreshToken}` });
    const warning = await tg.waitForBotMessage(group.id, 'private chat');
    expect(warning.plainText).toContain('Greta');
    expect(tg.message(group.id, sent.message_id)?.deleted).toBe(true);
    expect(linkedAccountOf(u)).toBeUndefined();
  });

  it('a token pasted on its own in private: deleted, explained, and used to log in', async () => {
    const { tg } = e2e;
    const u = e2e.newUser({ first_name: 'Pat' });
    const sent = tg.sendMessage({ from: u.user, text: `  ${u.account.refreshToken}\n` });
    const notice = await tg.waitForBotMessage(u.chatId, 'looked like a refresh_token');
    expect(notice.plainText).toContain('/login refresh_token');
    await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);
    expect(linkedAccountOf(u)?.aliyunUserId).toBe(u.account.userId);
    expect(visibleBotTexts(tg, u.chatId).join('\n')).not.toContain('found no Aliyun Drive share link');

    // The delete came before the bot said anything.
    const calls = tg.calls().filter((c) => c.params['chat_id'] === u.chatId);
    const deleteAt = calls.findIndex((c) => c.method === 'deleteMessage' && c.params['message_id'] === sent.message_id);
    expect(deleteAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeLessThan(calls.findIndex((c) => c.method === 'sendMessage'));
  });

  it('a dead token pasted on its own is still deleted, and answered as an invalid token', async () => {
    const { tg } = e2e;
    const u = e2e.newUser();
    const sent = tg.sendMessage({ from: u.user, text: 'ffffffffffffffffffffffffffffffff' });
    await tg.waitForBotMessage(u.chatId, 'invalid or expired');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);
    expect(linkedAccountOf(u)).toBeUndefined();
  });

  it('a message edited into a bare token is deleted too', async () => {
    const { tg } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: 'hi' });
    await tg.waitForBotMessage(u.chatId, 'found no Aliyun Drive share link');
    tg.editUserMessage(u.chatId, sent.message_id, { text: e2e.sim.issueRefreshToken(u.account.userId) });
    await tg.waitFor(() => tg.message(u.chatId, sent.message_id)?.deleted, { description: 'the edited message deleted' });
    await tg.waitForBotMessage(u.chatId, 'looked like a refresh_token');
  });

  it('a token pasted while /share waits for a search is deleted, not searched for', async () => {
    const { tg } = e2e;
    const u = await e2e.loggedInUser();
    tg.sendMessage({ from: u.user, text: '/share' });
    const browser = await tg.waitForBotMessage(u.chatId, '📂 /');
    const token = e2e.sim.issueRefreshToken(u.account.userId);
    const sent = tg.sendMessage({ from: u.user, text: token });
    await tg.waitForBotMessage(u.chatId, 'looked like a refresh_token');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);
    expect(tg.message(u.chatId, browser.messageId)?.plainText).not.toContain('Results for');
  });

  it('ordinary text that is not a token is left alone', async () => {
    const { tg } = e2e;
    const u = await e2e.loggedInUser();
    const sent = tg.sendMessage({ from: u.user, text: 'deadbeef is not a token' });
    await tg.waitForBotMessage(u.chatId, 'found no Aliyun Drive share link');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(false);
  });
});
