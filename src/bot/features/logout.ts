import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * /logout (private chats) asks first; "yes" deletes the account row (tokens, device keys) and
 * drops its session. Saves of the account still running stop before their next batch or poll,
 * and queued ones end without copying — both as "you logged out" (see the save processor);
 * none is saved by a later /login.
 */
export const logoutFeature = new Composer<BotContext>();
const privateChats = logoutFeature.chatType('private');

privateChats.command('logout', async (ctx) => {
  const account = ctx.deps.accounts.getByTelegramUser(ctx.from.id);
  if (!account) {
    await ctx.reply(t(ctx.lang, 'logout.notLoggedIn'));
    return;
  }
  const keyboard = new InlineKeyboard().text(t(ctx.lang, 'logout.yes'), 'logout:yes').text(t(ctx.lang, 'logout.no'), 'logout:no');
  await ctx.reply(t(ctx.lang, 'logout.confirm', { nickname: account.nickName || account.userName || '?' }), {
    reply_markup: keyboard,
  });
});

privateChats.callbackQuery('logout:yes', async (ctx) => {
  ctx.deps.qrLogins.cancel(ctx.from.id);
  const removed = ctx.deps.accounts.unlink(ctx.from.id);
  ctx.logger.info({ user_id: ctx.from.id, removed }, 'account unlinked');
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(t(ctx.lang, removed ? 'logout.done' : 'logout.notLoggedIn'));
});

privateChats.callbackQuery('logout:no', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(t(ctx.lang, 'logout.kept'));
});
