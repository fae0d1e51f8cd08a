import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { presserIsAdmin, requireAdmin } from '../groups/admin-check.js';
import { t, type Lang } from '../i18n/index.js';

/**
 * /language [zh|en] stores the chat's language; without an argument it offers buttons. In a
 * group the language is everyone's, so only admins may change it (the command and the buttons).
 */
export const languageFeature = new Composer<BotContext>();

function setLanguage(ctx: BotContext, lang: Lang): void {
  const chat = ctx.chat;
  if (!chat) return;
  ctx.deps.chatSettings.record(chat.id, { chatType: chat.type, title: 'title' in chat ? chat.title : null }, { language: lang });
  ctx.lang = lang;
}

languageFeature.command('language', async (ctx) => {
  const isPrivate = ctx.chat.type === 'private';
  if (!isPrivate && !(await requireAdmin(ctx))) return;
  // In a group, answers reply to the command (and so stay in its forum topic).
  const inReply = isPrivate ? {} : { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
  const arg = ctx.match.trim().toLowerCase();
  const chosen: Lang | undefined = arg.startsWith('zh') || arg === '中文' ? 'zh' : arg.startsWith('en') ? 'en' : undefined;
  if (chosen) {
    setLanguage(ctx, chosen);
    await ctx.reply(t(chosen, 'language.set'), inReply);
    return;
  }
  await ctx.reply(t(ctx.lang, 'language.choose'), {
    ...inReply,
    reply_markup: new InlineKeyboard().text('中文', 'lang:zh').text('English', 'lang:en'),
  });
});

languageFeature.callbackQuery(/^lang:(zh|en)$/, async (ctx) => {
  if (ctx.chat?.type !== 'private' && !(await presserIsAdmin(ctx))) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'refuse.notAdmin'), show_alert: true });
    return;
  }
  const lang = ctx.match[1] as Lang;
  setLanguage(ctx, lang);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(t(lang, 'language.set'));
});
