import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { t, type Lang } from '../i18n/index.js';

/** /language [zh|en] stores the chat's language; without an argument it offers buttons. */
export const languageFeature = new Composer<BotContext>();

function setLanguage(ctx: BotContext, lang: Lang): void {
  const chat = ctx.chat;
  if (!chat) return;
  ctx.deps.chatSettings.upsert(chat.id, { chatType: chat.type, title: 'title' in chat ? chat.title : null });
  ctx.deps.chatSettings.patch(chat.id, { language: lang });
  ctx.lang = lang;
}

languageFeature.command('language', async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  const chosen: Lang | undefined = arg.startsWith('zh') || arg === '中文' ? 'zh' : arg.startsWith('en') ? 'en' : undefined;
  if (chosen) {
    setLanguage(ctx, chosen);
    await ctx.reply(t(chosen, 'language.set'));
    return;
  }
  await ctx.reply(ctx.t('language.choose'), {
    reply_markup: new InlineKeyboard().text('中文', 'lang:zh').text('English', 'lang:en'),
  });
});

languageFeature.callbackQuery(/^lang:(zh|en)$/, async (ctx) => {
  const lang = ctx.match[1] as Lang;
  setLanguage(ctx, lang);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(t(lang, 'language.set'));
});
