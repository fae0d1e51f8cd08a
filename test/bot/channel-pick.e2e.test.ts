/**
 * Binding a channel without typing its name (issue #16 item 11), end to end: the chat-picker
 * button of /bindchannel, a post forwarded from the channel, and /help telling of channels.
 */
import type { Chat } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E, type TestUser } from '../helpers/e2e.js';

describe('binding a private channel by picking or forwarding', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ queue: 'embedded', app: { savePoll: { firstMs: 20, maxMs: 100 } } });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  let n = 0;
  /** A private channel (no username) the admin created; the bot is an admin there. */
  function privateChannel(admin: TestUser): Chat {
    n += 1;
    return e2e.tg.addChat({ type: 'channel', title: `私密频道 ${n}`, creator: admin.user, botStatus: 'administrator' });
  }

  /** Sends a private message and waits for the first bot message after it that matches. */
  async function privately(u: TestUser, send: () => unknown, match: string) {
    const before = e2e.tg.botMessages(u.chatId).length;
    send();
    return e2e.tg.waitFor(() => e2e.tg.botMessages(u.chatId).slice(before).find((m) => m.plainText.includes(match)), {
      timeoutMs: 10_000,
      description: `a private answer containing ${match}`,
    });
  }

  it('/bindchannel shows the chat picker; the picked channel is bound, the keyboard goes, and its posts are saved', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Lin', language_code: 'zh-hans' });
    const channel = privateChannel(admin);
    const prompt = await privately(admin, () => e2e.tg.sendMessage({ from: admin.user, text: '/bindchannel' }), '绑定哪个频道');
    expect(prompt.plainText).toBe(
      '📢 绑定哪个频道？点下面的「📢 选择频道」，或者把频道里任意一条帖子转发给我。\n先把我设为频道管理员。公开频道也可以直接发送 /bindchannel @频道用户名。',
    );
    // The picker lists channels only, and only those the bot is in.
    expect(e2e.tg.state.chats.get(admin.chatId)?.replyKeyboard).toMatchObject({
      keyboard: [[{ text: '📢 选择频道', request_chat: { request_id: 1, chat_is_channel: true, bot_is_member: true } }]],
    });

    const bound = await privately(admin, () => e2e.tg.pickChat(admin.chatId, '📢 选择频道', channel.id), '自动保存');
    expect(bound.plainText).toBe(
      `✅ 频道「${channel.title}」里带分享的帖子会自动保存到 Lin 的云盘 的阿里云盘，文件夹 /${channel.title}。成功时我会点 👍，失败会私聊告诉你。`,
    );
    expect(e2e.tg.state.chats.get(admin.chatId)?.replyKeyboard).toBeUndefined();
    expect(e2e.app.deps.chatSettings.get(channel.id)).toMatchObject({ boundByUserId: admin.user.id, autosave: true });

    const share = e2e.sim.addShare({ name: 'Picked', files: [{ name: 'Picked.mkv', size: 1024 }] });
    const post = e2e.tg.sendChannelPost({ chat: channel.id, text: share.text });
    await e2e.tg.waitFor(() => e2e.tg.message(channel.id, post.message_id)?.reactions.some((r) => r.type === 'emoji' && r.emoji === '👍'), {
      timeoutMs: 20_000,
      description: 'a 👍 on the post',
    });
    expect(e2e.sim.findByName(admin.account.userId, 'Picked.mkv')[0]?.path).toBe(`/${channel.title}/Picked.mkv`);
  });

  it('a post forwarded from a channel right after /bindchannel binds that channel', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Ming' });
    const channel = privateChannel(admin);
    await privately(admin, () => e2e.tg.sendMessage({ from: admin.user, text: '/bindchannel' }), 'Which channel?');
    const bound = await privately(
      admin,
      () => e2e.tg.sendMessage({ from: admin.user, text: '今日更新', forward_from_chat: channel, forward_from_message_id: 7 }),
      'are saved into',
    );
    expect(bound.plainText).toContain(`channel “${channel.title}”`);
    expect(e2e.app.deps.chatSettings.get(channel.id)?.boundByUserId).toBe(admin.user.id);
  });

  it('a forwarded channel post without shares offers a "bind" button; one with shares is simply saved', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Nan' });
    const channel = privateChannel(admin);
    const offer = await privately(
      admin,
      () => e2e.tg.sendMessage({ from: admin.user, text: '频道公告', forward_from_chat: channel, forward_from_message_id: 3 }),
      'This post is from the channel',
    );
    expect(offer.buttons).toEqual([[{ text: `📢 Bind “${channel.title}”`, callbackData: `bindch:${channel.id}` }]]);
    const bound = await privately(admin, () => e2e.tg.clickButton(admin.chatId, offer.messageId, `bindch:${channel.id}`), 'are saved into');
    expect(bound.plainText).toContain(channel.title ?? '');
    expect(e2e.tg.message(admin.chatId, offer.messageId)?.buttons).toEqual([]);

    const share = e2e.sim.addShare({ name: 'Forwarded', files: [{ name: 'Forwarded.mkv', size: 1024 }] });
    const forwarded = e2e.tg.sendMessage({ from: admin.user, text: share.text, forward_from_chat: channel, forward_from_message_id: 4 });
    const saved = await e2e.tg.waitFor(
      () => e2e.tg.botMessages(admin.chatId).find((m) => m.replyToMessageId === forwarded.message_id && m.plainText.startsWith('✅')),
      { timeoutMs: 20_000, description: 'the forwarded share saved' },
    );
    expect(saved.buttons.flat().map((b) => b.text)).not.toContain(`📢 Bind “${channel.title}”`);
  });

  it('a channel the bot is not in is not offered by the picker, and a forward from it asks to make the bot an admin', async () => {
    const admin = await e2e.loggedInUser({ first_name: 'Ola' });
    const botless = e2e.tg.addChat({ type: 'channel', title: 'No bot here', creator: admin.user, botStatus: 'left' });
    await privately(admin, () => e2e.tg.sendMessage({ from: admin.user, text: '/bindchannel' }), 'Which channel?');
    expect(() => e2e.tg.pickChat(admin.chatId, '📢 Choose a channel', botless.id)).toThrow(/bot is not a member/);
    const told = await privately(
      admin,
      () => e2e.tg.sendMessage({ from: admin.user, text: 'hi', forward_from_chat: botless, forward_from_message_id: 1 }),
      'an admin of the channel',
    );
    expect(told.plainText).toBe(`⚠️ Make me (@${e2e.tg.botUser.username}) an admin of the channel “No bot here” first, then try again.`);
    expect(e2e.app.deps.chatSettings.get(botless.id)?.boundByUserId ?? null).toBeNull();
  });

  it('/help tells of groups and channels, in both languages', async () => {
    const zh = e2e.newUser({ language_code: 'zh-hans' });
    const help = await privately(zh, () => e2e.tg.sendMessage({ from: zh.user, text: '/help' }), '群组和频道');
    expect(help.plainText).toContain('频道：把我设为频道管理员，然后发送 /bindchannel 选择频道（或者转发一条频道帖子给我）');
    const en = e2e.newUser();
    const enHelp = await privately(en, () => e2e.tg.sendMessage({ from: en.user, text: '/help' }), 'Groups and channels');
    expect(enHelp.plainText).toContain('Channels: make me an admin of the channel, then send /bindchannel and pick it');
  });
});
