import type { Middleware } from 'grammy';
import type { BotContext } from '../context.js';
import { parseLang } from '../i18n/index.js';

/**
 * The chat's stored language (set with /language) wins over the Telegram app's language.
 * Also records a chat the bot has not seen before, so /stats can count users.
 */
export const i18n: Middleware<BotContext> = (ctx, next) => {
  const chat = ctx.chat;
  if (chat) {
    const settings = ctx.deps.chatSettings.get(chat.id);
    if (!settings) {
      ctx.deps.chatSettings.record(chat.id, { chatType: chat.type, title: 'title' in chat ? chat.title : null });
    } else {
      const stored = parseLang(settings.language);
      if (stored) ctx.lang = stored;
    }
  }
  return next();
};
