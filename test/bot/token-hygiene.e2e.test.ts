/**
 * A refresh token must not stay in a chat, however it was typed: a message edited into
 * `/login <token>` (grammY's command() never sees edits), a photo or document captioned with it,
 * and a token pasted on its own — in private chats, groups and channels. The bot says "deleted"
 * only when Telegram confirmed the delete.
 * End to end: Telegram fake ↔ grammY ↔ app ↔ Aliyun simulator, embedded queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES } from '../../src/bot/delivery.js';
import { renderQrPng } from '../../src/bot/qr-login.js';
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

  describe('outside private chats /login <token> is never accepted', () => {
    const DEVICE_ADVICE = 'log that device out in the Aliyun Drive app';

    it('a group where the bot may not delete: nothing claims "deleted"; the token is called exposed, with how to end the session', async () => {
      const { tg } = e2e;
      const u = e2e.newUser({ first_name: 'Nora' });
      const group = tg.addChat({ type: 'supergroup', title: 'No rights', botStatus: 'member', members: [u.user] });
      const sent = tg.sendMessage({ from: u.user, chat: group.id, text: `/login ${u.account.refreshToken}` });
      const warning = await tg.waitForBotMessage(group.id, 'exposed');
      expect(warning.plainText).toContain('Nora');
      expect(warning.plainText).toContain('could not delete');
      expect(warning.plainText).toContain(DEVICE_ADVICE);
      expect(warning.plainText).toContain('/login');
      expect(warning.plainText).toContain('private chat');
      expect(tg.message(group.id, sent.message_id)?.deleted).toBe(false);
      expect(visibleBotTexts(tg, group.id).join('\n')).not.toMatch(/I deleted/);
      expect(linkedAccountOf(u)).toBeUndefined();
    });

    it('a group where the bot may delete: deleted, and only then said so', async () => {
      const { tg } = e2e;
      const u = e2e.newUser({ first_name: 'Dora' });
      const group = tg.addChat({ type: 'supergroup', title: 'With rights', botStatus: 'administrator', members: [u.user] });
      const sent = tg.sendMessage({ from: u.user, chat: group.id, text: `/login ${u.account.refreshToken}` });
      const warning = await tg.waitForBotMessage(group.id, 'I deleted your message');
      expect(warning.plainText).toContain(DEVICE_ADVICE);
      expect(tg.message(group.id, sent.message_id)?.deleted).toBe(true);
      expect(linkedAccountOf(u)).toBeUndefined();
    });

    it('a channel post (channels speak Chinese by default), with and without the right to delete', async () => {
      const { tg } = e2e;
      const u = e2e.newUser();
      const mute = tg.addChat({ type: 'channel', title: 'Mute', botStatus: 'administrator', botRights: { can_delete_messages: false } });
      const kept = tg.sendChannelPost({ chat: mute.id, text: `/login ${u.account.refreshToken}` });
      const exposed = await tg.waitForBotMessage(mute.id, '已暴露');
      expect(exposed.plainText).toContain('无法删除');
      expect(tg.message(mute.id, kept.message_id)?.deleted).toBe(false);

      const able = tg.addChat({ type: 'channel', title: 'Able', botStatus: 'administrator' });
      const gone = tg.sendChannelPost({ chat: able.id, text: `/login ${u.account.refreshToken}` });
      const deleted = await tg.waitForBotMessage(able.id, '你的消息已删除');
      expect(deleted.plainText).toContain('让那台登录设备下线');
      expect(tg.message(able.id, gone.message_id)?.deleted).toBe(true);
      expect(linkedAccountOf(u)).toBeUndefined();
    });

    it('a photo and a document captioned /login <token> in a group: deleted and refused', async () => {
      const { tg } = e2e;
      const u = e2e.newUser({ first_name: 'Phil' });
      const group = tg.addChat({ type: 'supergroup', title: 'Captions', botStatus: 'administrator', members: [u.user] });
      const photo = tg.sendMessage({ from: u.user, chat: group.id, photo: await renderQrPng('cover'), caption: `/login ${u.account.refreshToken}` });
      await tg.waitFor(() => tg.message(group.id, photo.message_id)?.deleted, { description: 'the captioned photo deleted' });
      const document = tg.sendMessage({
        from: u.user,
        chat: group.id,
        caption: `/login ${u.account.refreshToken}`,
        extra: { document: { file_id: 'doc-1', file_unique_id: 'doc-1u', file_name: 'token.txt' } },
      });
      await tg.waitFor(() => tg.message(group.id, document.message_id)?.deleted, { description: 'the captioned document deleted' });
      await tg.waitFor(() => tg.botMessages(group.id).filter((m) => m.plainText.includes('I deleted your message')).length === 2, {
        description: 'two warnings',
      });
      expect(linkedAccountOf(u)).toBeUndefined();
    });

    it('a bare token pasted in a group: deleted when the bot can, called exposed when it cannot; never used', async () => {
      const { tg } = e2e;
      const u = e2e.newUser();
      const able = tg.addChat({ type: 'supergroup', title: 'Bare able', botStatus: 'administrator', members: [u.user] });
      const gone = tg.sendMessage({ from: u.user, chat: able.id, text: u.account.refreshToken });
      await tg.waitForBotMessage(able.id, 'I deleted a message that looked like');
      expect(tg.message(able.id, gone.message_id)?.deleted).toBe(true);

      const unable = tg.addChat({ type: 'supergroup', title: 'Bare unable', botStatus: 'member', members: [u.user] });
      const kept = tg.sendMessage({ from: u.user, chat: unable.id, text: u.account.refreshToken });
      const warning = await tg.waitForBotMessage(unable.id, 'could not delete');
      expect(warning.plainText).toContain('exposed');
      expect(tg.message(unable.id, kept.message_id)?.deleted).toBe(false);
      expect(linkedAccountOf(u)).toBeUndefined();
    });
  });

  it('a photo captioned /login <token> in private: deleted and used to log in', async () => {
    const { tg } = e2e;
    const u = e2e.newUser();
    const sent = tg.sendMessage({ from: u.user, photo: await renderQrPng('cover'), caption: `/login ${u.account.refreshToken}` });
    await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(true);
    expect(linkedAccountOf(u)?.aliyunUserId).toBe(u.account.userId);
  });

  it('in private, a delete Telegram refused is never reported as done: the user is asked to delete it', async () => {
    const { tg } = e2e;
    const u = e2e.newUser();
    tg.failNext('deleteMessage', { status: 400, description: "Bad Request: message can't be deleted" });
    const sent = tg.sendMessage({ from: u.user, text: `/login ${u.account.refreshToken}` });
    await tg.waitForBotMessage(u.chatId, 'please delete it yourself');
    await tg.waitForBotMessage(u.chatId, 'Logged in');
    expect(tg.message(u.chatId, sent.message_id)?.deleted).toBe(false);

    const v = e2e.newUser();
    tg.failNext('deleteMessage', { status: 400, description: "Bad Request: message can't be deleted" });
    const pasted = tg.sendMessage({ from: v.user, text: v.account.refreshToken });
    const notice = await tg.waitForBotMessage(v.chatId, 'looked like a refresh_token');
    expect(notice.plainText).toContain('could not delete');
    expect(notice.plainText).not.toContain('I deleted');
    expect(tg.message(v.chatId, pasted.message_id)?.deleted).toBe(false);
    await tg.waitForBotMessage(v.chatId, 'Logged in');
  });
});
