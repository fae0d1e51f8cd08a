import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';

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
    await ctx.reply(ctx.t('logout.notLoggedIn'));
    return;
  }
  const keyboard = new InlineKeyboard().text(ctx.t('logout.yes'), 'logout:yes').text(ctx.t('logout.no'), 'logout:no');
  await ctx.reply(ctx.t('logout.confirm', { nickname: account.nickName || account.userName || '?' }), {
    reply_markup: keyboard,
  });
});

privateChats.callbackQuery('logout:yes', async (ctx) => {
  ctx.deps.qrLogins.cancel(ctx.from.id);
  const removed = ctx.deps.accountOps.unlink(ctx.from.id);
  ctx.logger.info({ user_id: ctx.from.id, removed }, 'account unlinked');
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t(removed ? 'logout.done' : 'logout.notLoggedIn'));
});

privateChats.callbackQuery('logout:no', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('logout.kept'));
});
