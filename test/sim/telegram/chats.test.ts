import { Bot, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramFake, type TelegramFake } from '../../../src/sim/telegram/index.js';
import { startPollingBot, type PollingBot } from './harness.js';

const owner = { id: 6001, first_name: 'Olga', username: 'olga' };
const admin = { id: 6002, first_name: 'Ada' };
const member = { id: 6003, first_name: 'Max' };

describe('chats, members and commands', () => {
  let tg: TelegramFake;
  let bot: Bot;
  beforeEach(async () => {
    tg = await startTelegramFake();
    bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
  });
  afterEach(async () => {
    await tg.close();
  });

  it('getChatMember and getChatAdministrators reflect setMember', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Shares', username: 'shares_group', creator: owner, admins: [admin], members: [member] });
    expect(await bot.api.getChatMember(group.id, owner.id)).toMatchObject({ status: 'creator', user: { id: owner.id, is_bot: false } });
    expect(await bot.api.getChatMember(group.id, member.id)).toEqual({ status: 'member', user: { ...member, is_bot: false } });
    tg.setMember(group.id, member, 'administrator', { rights: { can_delete_messages: false } });
    expect(await bot.api.getChatMember(group.id, member.id)).toMatchObject({ status: 'administrator', can_delete_messages: false, can_pin_messages: true });
    tg.setMember(group.id, member, 'kicked');
    expect(await bot.api.getChatMember(group.id, member.id)).toMatchObject({ status: 'kicked', until_date: 0 });
    const admins = await bot.api.getChatAdministrators(group.id);
    expect(admins.map((m) => [m.user.id, m.status])).toEqual([[owner.id, 'creator'], [admin.id, 'administrator']]);
    expect((await bot.api.getChat('@shares_group')).id).toBe(group.id);
    expect(await bot.api.getChatMember(group.id, tg.botUser.id)).toMatchObject({ status: 'member', user: { id: tg.botUser.id, is_bot: true } });
  });

  it('stores commands per scope and language, and resolves the menu a user sees', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Shares', creator: owner, members: [member] });
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }, { command: 'login', description: 'Log in to Alipan' }]);
    await bot.api.setMyCommands([{ command: 'start', description: '开始' }], { language_code: 'zh' });
    await bot.api.setMyCommands([{ command: 'save', description: 'Save a share' }], { scope: { type: 'all_group_chats' } });
    await bot.api.setMyCommands([{ command: 'settings', description: 'Group settings' }], { scope: { type: 'chat_administrators', chat_id: group.id } });
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }, { command: 'login', description: 'Log in to Alipan' }]);
    expect(await bot.api.getMyCommands({ language_code: 'zh' })).toEqual([{ command: 'start', description: '开始' }]);
    expect(await bot.api.getMyCommands({ scope: { type: 'all_private_chats' } })).toEqual([]);
    expect(tg.commands({ type: 'chat_administrators', chat_id: group.id })).toEqual([{ command: 'settings', description: 'Group settings' }]);
    expect(tg.commandsVisibleTo(group.id, owner.id).map((c) => c.command)).toEqual(['settings']);
    expect(tg.commandsVisibleTo(group.id, member.id).map((c) => c.command)).toEqual(['save']);
    tg.sendMessage({ from: member, text: 'hi' });
    expect(tg.commandsVisibleTo(member.id, member.id, 'zh').map((c) => c.description)).toEqual(['开始']);
    await bot.api.deleteMyCommands({ language_code: 'zh' });
    expect(tg.commandsVisibleTo(member.id, member.id, 'zh').map((c) => c.description)).toEqual(['Start', 'Log in to Alipan']);
    const bad = await bot.api.setMyCommands([{ command: 'Start', description: 'x' }]).catch((e: unknown) => e);
    expect((bad as GrammyError).description).toBe('Bad Request: BOT_COMMAND_INVALID');
  });

  it('leaving a group queues my_chat_member and later sends are Forbidden', async () => {
    const group = tg.addChat({ type: 'group', title: 'Old group', creator: owner });
    await bot.api.leaveChat(group.id);
    expect(tg.pendingUpdates().at(-1)).toMatchObject({ my_chat_member: { old_chat_member: { status: 'member' }, new_chat_member: { status: 'left' } } });
    const error = (await bot.api.sendMessage(group.id, 'still here?').catch((e: unknown) => e)) as GrammyError;
    expect([error.error_code, error.description]).toEqual([403, 'Forbidden: bot is not a member of the group chat']);
  });

  it('deleting other people\'s messages in a group needs admin rights', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Shares', members: [member] });
    const msg = tg.sendMessage({ from: member, chat: group.id, text: 'spam' });
    const error = (await bot.api.deleteMessage(group.id, msg.message_id).catch((e: unknown) => e)) as GrammyError;
    expect(error.description).toBe("Bad Request: message can't be deleted");
    tg.setMember(group.id, tg.botUser, 'administrator');
    await bot.api.deleteMessage(group.id, msg.message_id);
    expect(tg.message(group.id, msg.message_id)!.deleted).toBe(true);
  });
});

describe('what the bot receives from groups and channels', () => {
  let running: PollingBot;
  afterEach(async () => {
    await running.stop();
  });

  it('with privacy mode on, a plain group message is not delivered but a command is', async () => {
    const seen: string[] = [];
    running = await startPollingBot((bot) => {
      bot.on('message:text', (ctx) => {
        seen.push(ctx.message.text);
      });
    }, { privacyMode: true });
    const { tg } = running;
    const group = tg.addChat({ type: 'supergroup', title: 'Shares', members: [member] });
    tg.sendMessage({ from: member, chat: group.id, text: 'just chatting' });
    tg.sendMessage({ from: member, chat: group.id, text: '/save@AliyunShareBot https://www.alipan.com/s/x' });
    await running.tg.waitFor(() => seen.length === 1);
    expect(seen).toEqual(['/save@AliyunShareBot https://www.alipan.com/s/x']);
    expect((await running.bot.api.getMe()).can_read_all_group_messages).toBe(false);
    // Both messages are in the chat for people to see.
    expect(tg.messages(group.id).map((m) => m.plainText)).toEqual(['just chatting', '/save@AliyunShareBot https://www.alipan.com/s/x']);
  });

  it('channel posts arrive as channel_post; forwards carry forward_origin and the legacy fields', async () => {
    const got: Array<{ kind: string; origin?: unknown; legacyChat?: number; link?: string }> = [];
    running = await startPollingBot((bot) => {
      bot.on('channel_post', (ctx) => {
        got.push({ kind: 'post', link: ctx.channelPost.caption_entities?.find((e) => e.type === 'text_link')?.url ?? '' });
      });
      bot.on('message', (ctx) => {
        const legacy = ctx.message as unknown as { forward_from_chat?: { id: number } };
        got.push({ kind: 'forward', origin: ctx.message.forward_origin, ...(legacy.forward_from_chat ? { legacyChat: legacy.forward_from_chat.id } : {}) });
      });
    });
    const { tg } = running;
    const channel = tg.addChat({ type: 'channel', title: 'Movies 电影', username: 'movies' });
    const post = tg.sendChannelPost({
      chat: channel.id,
      caption: '速度与激情 合集',
      caption_entities: [{ type: 'text_link', offset: 0, length: 5, url: 'https://www.alipan.com/s/Hidden1' }],
      photo: Buffer.from('89504e470d0a1a0a0000000d494844520000000a0000000a08060000', 'hex'),
    });
    tg.sendMessage({ from: member, caption: post.caption!, caption_entities: post.caption_entities!, forward_from_chat: channel, forward_from_message_id: post.message_id });
    await tg.waitFor(() => got.length === 2);
    expect(got[0]).toEqual({ kind: 'post', link: 'https://www.alipan.com/s/Hidden1' });
    expect(got[1]).toMatchObject({ kind: 'forward', origin: { type: 'channel', chat: { id: channel.id }, message_id: post.message_id }, legacyChat: channel.id });
    expect(tg.transcript(member.id)).toEqual([`user: (forwarded from channel Movies 电影) 速度与激情 合集`]);
  });
});
