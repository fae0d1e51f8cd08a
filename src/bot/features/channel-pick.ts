import { Composer, InlineKeyboard } from 'grammy';
import type { ChatFromGetChat } from 'grammy/types';
import type { BotContext } from '../context.js';
import { CHANNEL_REQUEST_ID, takePicking } from '../groups/channel-picker.js';
import { shareLinksOf } from '../groups/post-links.js';
import { t } from '../i18n/index.js';
import { bindChannel } from './channel.js';

/**
 * Binding a channel without typing its name (private chat): the channel picked with the
 * "📢 choose a channel" button of /bindchannel, or a post forwarded from the channel — at once
 * after /bindchannel, else (a forward without shares, which would otherwise get no answer) with
 * a "📢 bind …" button. A forward with shares and no /bindchannel before it is saved as usual.
 */
export const channelPickFeature = new Composer<BotContext>();
const privateChats = channelPickFeature.chatType('private');

/** The channel as the bot can see it, or undefined when it is not in it (or it is gone). */
async function channelById(ctx: BotContext, chatId: number): Promise<ChatFromGetChat | undefined> {
  try {
    const chat = await ctx.api.getChat(chatId);
    return chat.type === 'channel' ? chat : undefined;
  } catch (error) {
    ctx.logger.info({ err: error, chat_id: chatId }, 'channel lookup failed');
    return undefined;
  }
}

const removeKeyboard = { reply_markup: { remove_keyboard: true as const } };

privateChats.on('message:chat_shared', async (ctx, next) => {
  const shared = ctx.msg.chat_shared;
  if (shared.request_id !== CHANNEL_REQUEST_ID) return next();
  takePicking(ctx.deps, ctx.from.id);
  const channel = await channelById(ctx, shared.chat_id);
  const title = shared.title ?? String(shared.chat_id);
  if (!channel) return void (await ctx.reply(t(ctx.lang, 'channelPick.notMember', { title }), removeKeyboard));
  await bindChannel(ctx, channel, removeKeyboard);
});

privateChats.on('message:forward_origin', async (ctx, next) => {
  const origin = ctx.msg.forward_origin;
  if (origin.type !== 'channel') return next();
  const title = origin.chat.title;
  if (takePicking(ctx.deps, ctx.from.id)) {
    const channel = await channelById(ctx, origin.chat.id);
    if (!channel) return void (await ctx.reply(t(ctx.lang, 'channelPick.notMember', { title }), removeKeyboard));
    return bindChannel(ctx, channel, removeKeyboard);
  }
  if (shareLinksOf(ctx.msg).length > 0) return next();
  await ctx.reply(t(ctx.lang, 'channelPick.offer', { title }), {
    reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    reply_markup: new InlineKeyboard().text(t(ctx.lang, 'channelPick.bindButton', { title }), `bindch:${origin.chat.id}`),
  });
});

channelPickFeature.callbackQuery(/^bindch:(-\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (ctx.chat?.type !== 'private') return;
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const channel = await channelById(ctx, Number(ctx.match[1]));
  if (!channel) return void (await ctx.reply(t(ctx.lang, 'channelPick.gone')));
  await bindChannel(ctx, channel);
});
