/**
 * Channels, end to end: an admin binds a channel from the private chat; its posts with shares
 * are saved quietly into the admin's drive (a 👍 on the post), failures reach the admin in
 * private, and /unbindchannel stops it. Telegram checks (user and bot must be channel admins)
 * go through getChatMember on the fake.
 */
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

describe('channels bound to an admin’s drive', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  let nextChannel = 1;
  function newChannel(admin: TestUser, options: { botStatus?: 'administrator' | 'left' } = {}): Chat {
    const n = nextChannel++;
    return e2e.tg.addChat({
      type: 'channel',
      title: `资源频道 ${n}`,
      username: `res_channel_${n}`,
      creator: admin.user,
      botStatus: options.botStatus ?? 'administrator',
    });
  }

  /** Sends a private command and waits for the answer that follows it. */
  async function privately(u: TestUser, text: string, match: string | RegExp) {
    const before = e2e.tg.botMessages(u.chatId).length;
    e2e.tg.sendMessage({ from: u.user, text });
    const test = typeof match === 'string' ? (t: string) => t.includes(match) : (t: string) => match.test(t);
    return e2e.tg.waitFor(() => e2e.tg.botMessages(u.chatId).slice(before).find((m) => test(m.plainText)), {
      timeoutMs: 10_000,
      description: `an answer to ${text} matching ${String(match)}`,
    });
  }

  function freshShare(name: string) {
    return e2e.sim.addShare({ name, files: [{ name: `${name}.mkv`, size: 8192 }] });
  }

  function thumbsUp(chat: Chat, messageId: number) {
    return e2e.tg.waitFor(() => e2e.tg.message(chat.id, messageId)?.reactions.some((r) => r.type === 'emoji' && r.emoji === '👍'), {
      timeoutMs: 20_000,
      description: `a 👍 on post ${messageId}`,
    });
  }

  it('/bindchannel @name: the channel’s posts with shares land in /<channel title>, with a 👍 and no message', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Chen' });
    const channel = newChannel(admin);
    const bound = await privately(admin, `/bindchannel @${channel.username}`, 'are saved into');
    expect(bound.plainText).toContain(`“${channel.title}”`);
    expect(bound.plainText).toContain(`folder /${channel.title}`);

    const share = freshShare('Channel drop');
    const sent = e2e.tg.sendChannelPost({ chat: channel.id, text: `新资源 👇\n${share.text}` });
    await thumbsUp(channel, sent.message_id);
    expect(e2e.sim.findByName(admin.account.userId, 'Channel drop.mkv')[0]?.path).toBe(`/${channel.title}/Channel drop.mkv`);
    expect(e2e.tg.botMessages(channel.id)).toHaveLength(0);
  });

  it('a link hidden behind a button of a channel post is saved too; a dead one is reported to the admin privately', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Dana' });
    const channel = newChannel(admin);
    await privately(admin, `/bindchannel ${channel.id}`, 'are saved into');

    const share = freshShare('Behind a button');
    const buttoned = e2e.tg.sendChannelPost({
      chat: channel.id,
      text: '点下面按钮保存',
      reply_markup: { inline_keyboard: [[{ text: '💾 保存', url: share.url }]] },
    });
    await thumbsUp(channel, buttoned.message_id);

    const dead = e2e.tg.sendChannelPost({ chat: channel.id, text: e2e.sim.catalogue.cancelled.url });
    const report = await e2e.tg.waitForBotMessage(admin.chatId, 'was not saved', { timeoutMs: 20_000 });
    expect(report.plainText).toBe(`📢 A post in the channel “${channel.title}” was not saved:\n❌ ${e2e.sim.catalogue.cancelled.shareId}: share cancelled`);
    expect(e2e.tg.message(channel.id, dead.message_id)?.reactions).toEqual([]);
    expect(e2e.tg.botMessages(channel.id)).toHaveLength(0);
  });

  it('only a channel admin may bind it, and only once the bot is an admin there', async () => {
    const owner = await e2e.loggedInUser({ first_name: 'Eve' });
    const stranger = await e2e.loggedInUser({ first_name: 'Finn' });
    const channel = newChannel(owner);
    const refused = await privately(stranger, `/bindchannel @${channel.username}`, 'not an admin');
    expect(refused.plainText).toMatch(/^⛔/u);

    const botless = newChannel(owner, { botStatus: 'left' });
    await privately(owner, `/bindchannel @${botless.username}`, `Make me (@${e2e.tg.botUser.username}) an admin`);
    await privately(owner, '/bindchannel @no_such_channel', "can't find the channel");
    await privately(owner, '/bindchannel', 'Which channel?');
    expect(e2e.app.deps.chatSettings.get(channel.id)?.boundByUserId ?? null).toBeNull();
    expect(e2e.app.deps.chatSettings.get(botless.id)?.boundByUserId ?? null).toBeNull();

    const notLoggedIn = e2e.newUser({ first_name: 'Gus' });
    e2e.tg.setMember(channel.id, notLoggedIn.user, 'administrator');
    await privately(notLoggedIn, `/bindchannel @${channel.username}`, 'Log in to Aliyun Drive with /login first');
  });

  it('/unbindchannel stops saving: a later post is left alone', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Hana' });
    const channel = newChannel(admin);
    await privately(admin, `/bindchannel @${channel.username}`, 'are saved into');
    await privately(admin, `/unbindchannel @${channel.username}`, 'is no longer bound');

    const share = freshShare('After unbind');
    const sent = e2e.tg.sendChannelPost({ chat: channel.id, text: share.text });
    await e2e.tg.waitFor(
      () => e2e.logLines.some((line) => line.includes('channel post with shares ignored') && line.includes(`"message_id":${sent.message_id}`) && line.includes(String(channel.id))),
      { timeoutMs: 10_000, description: 'the bot seeing the post' },
    );
    expect(e2e.app.deps.saves.recentHistory({ chatId: channel.id })).toHaveLength(0);
    expect(e2e.tg.message(channel.id, sent.message_id)?.reactions).toEqual([]);
    await privately(admin, `/unbindchannel @${channel.username}`, 'is not bound');
  });
});
