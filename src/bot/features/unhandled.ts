import { Composer } from 'grammy';
import { startsWithCommand } from '../command-name.js';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * Last in line. In private chats: a hint for text without a link, a pointer to /help for an
 * unknown command; stickers, media without a caption and service messages get no answer.
 * Buttons nobody handled (an old message's) get a short notice so the spinner stops.
 */
export const unhandledFeature = new Composer<BotContext>();

unhandledFeature.chatType('private').on(['message:text', 'message:caption'], async (ctx) => {
  await ctx.reply(t(ctx.lang, startsWithCommand(ctx.msg) ? 'unhandled.command' : 'save.noLink'), {
    reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    link_preview_options: { is_disabled: true },
  });
});

unhandledFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: t(ctx.lang, 'unhandled.callback') });
});
