import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';
import { QR_CANCEL_CALLBACK } from '../login-prompt.js';
import { runningSavesMenu } from './stop-retry.js';

/**
 * /cancel stops a running QR login and leaves any active conversation (/share, typing a
 * password in /myshares), and says what it did; with neither, it offers to stop the saves
 * still running in this chat. The conversations let /cancel through to here
 * without ending themselves (see `isCancelCommand`), so they still count as active.
 */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const userId = ctx.from?.id;
  const stoppedQr = userId !== undefined && ctx.deps.qrLogins.cancel(userId);
  const leftConversation = Object.keys(ctx.conversation.active()).length > 0;
  if (leftConversation) {
    await ctx.conversation.exitAll();
    await ctx.reply(t(ctx.lang, 'cancel.done'));
  } else if (stoppedQr) {
    await ctx.reply(t(ctx.lang, 'qr.cancelled'));
  } else {
    // Saves still running are the other thing one may want to cancel: offer to stop them.
    const menu = userId !== undefined ? runningSavesMenu(ctx, userId) : undefined;
    await ctx.reply(menu ? menu.text : t(ctx.lang, 'cancel.nothing'), menu ? { reply_markup: menu.keyboard } : {});
  }
});

/** ✖ under a QR code: the same as /cancel for the QR login (its photo goes with it). */
cancelFeature.callbackQuery(QR_CANCEL_CALLBACK, async (ctx) => {
  const stopped = ctx.deps.qrLogins.cancel(ctx.from.id);
  await ctx.answerCallbackQuery();
  if (stopped) await ctx.reply(t(ctx.lang, 'qr.cancelled'));
});
