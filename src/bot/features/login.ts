import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { finishLogin, startQrLogin } from '../login-flow.js';
import { LOGIN_QR_CALLBACK } from '../saving.js';

/**
 * /login <refresh_token> links by token; /login alone starts a QR login; the button under a
 * "log in first" prompt starts one too. A token is a secret: its message is deleted first,
 * and in groups /login is refused outright.
 */
export const loginFeature = new Composer<BotContext>();

loginFeature.command('login', async (ctx) => {
  const token = ctx.match.trim();
  const isPrivate = ctx.chat.type === 'private';
  if (token || !isPrivate) {
    // Delete before anything else: the message may carry a secret.
    await ctx.deleteMessage().catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not delete a /login message'));
  }
  if (!isPrivate) {
    await ctx.reply(ctx.t('login.groupWarning', { name: ctx.from?.first_name ?? '' }));
    return;
  }
  const target = { userId: ctx.from?.id ?? ctx.chat.id, chatId: ctx.chat.id, lang: ctx.lang };
  if (!token) {
    startQrLogin(ctx.deps, ctx.api, target);
    return;
  }
  // A token wins over a QR code still on screen.
  ctx.deps.qrLogins.cancel(target.userId);
  const status = await ctx.reply(ctx.t('login.checking'));
  await finishLogin(ctx.deps, ctx.api, target, token, status.message_id);
});

loginFeature.callbackQuery(LOGIN_QR_CALLBACK, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (ctx.chat?.type !== 'private') {
    await ctx.reply(ctx.t('login.privateOnly'));
    return;
  }
  // The prompt's button has done its job.
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  startQrLogin(ctx.deps, ctx.api, { userId: ctx.from.id, chatId: ctx.chat.id, lang: ctx.lang });
});
