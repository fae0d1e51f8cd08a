/**
 * The fake's reply keyboards and chat picker, through a real grammY bot: the keyboard stays with
 * the private chat until removed, a pick arrives as a `chat_shared` message in the Bot API's
 * shape, the picker offers only chats that meet the button's criteria, and a chat-picker button
 * outside a private chat is refused like Telegram does.
 */
import { GrammyError, Keyboard } from 'grammy';
import type { ChatShared } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { startPollingBot, type PollingBot } from './harness.js';

describe('chat picker', () => {
  let running: PollingBot | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('delivers the picked channel as chat_shared, honours the criteria, and forgets the keyboard on remove_keyboard', async () => {
    const shared: ChatShared[] = [];
    running = await startPollingBot((bot) => {
      bot.command('pick', (ctx) =>
        ctx.reply('Which channel?', {
          reply_markup: new Keyboard().requestChat('Pick', 7, { chat_is_channel: true, bot_is_member: true, request_title: true }).oneTime(),
        }),
      );
      bot.on('message:chat_shared', async (ctx) => {
        shared.push(ctx.msg.chat_shared);
        await ctx.reply('thanks', { reply_markup: { remove_keyboard: true } });
      });
    });
    const { tg } = running;
    const user = { id: 501, first_name: 'Pia' };
    const mine = tg.addChat({ type: 'channel', title: 'Mine', creator: user, botStatus: 'administrator' });
    const botless = tg.addChat({ type: 'channel', title: 'Botless', creator: user, botStatus: 'left' });
    const group = tg.addChat({ type: 'supergroup', title: 'A group', creator: user, botStatus: 'member' });

    tg.sendMessage({ from: user, text: '/pick' });
    await tg.waitForBotMessage(user.id, 'Which channel?');
    expect(tg.state.chats.get(user.id)?.replyKeyboard?.keyboard).toEqual([
      [{ text: 'Pick', request_chat: { request_id: 7, chat_is_channel: true, bot_is_member: true, request_title: true } }],
    ]);
    expect(() => tg.pickChat(user.id, 'Pick', botless.id)).toThrow('the bot is not a member');
    expect(() => tg.pickChat(user.id, 'Pick', group.id)).toThrow('not a channel');
    expect(() => tg.pickChat(user.id, 'Nope', mine.id)).toThrow('no chat-picker button "Nope"');

    const sent = tg.pickChat(user.id, 'Pick', mine.id);
    expect(sent.chat_shared).toEqual({ request_id: 7, chat_id: mine.id, title: 'Mine' });
    expect(sent.text).toBeUndefined();
    await tg.waitForBotMessage(user.id, 'thanks');
    expect(shared).toEqual([{ request_id: 7, chat_id: mine.id, title: 'Mine' }]);
    expect(tg.state.chats.get(user.id)?.replyKeyboard).toBeUndefined();
    expect(running.errors).toEqual([]);
  });

  it('refuses a chat-picker button outside a private chat', async () => {
    running = await startPollingBot(() => undefined);
    const { tg, bot } = running;
    const group = tg.addChat({ type: 'supergroup', title: 'G', creator: { id: 9 }, botStatus: 'administrator' });
    const error = await bot.api
      .sendMessage(group.id, 'pick', { reply_markup: new Keyboard().requestChat('Pick', 1, { chat_is_channel: true }) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe('Bad Request: BUTTON_TYPE_INVALID');
  });
});
