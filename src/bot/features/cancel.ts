import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** /cancel stops a running QR login and leaves any active conversation. */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const userId = ctx.from?.id;
  const stoppedQr = userId !== undefined && ctx.deps.qrLogins.cancel(userId);
  const conversations = Object.keys(ctx.conversation.active()).length;
  if (conversations > 0) await ctx.conversation.exitAll();
  if (stoppedQr) await ctx.reply(ctx.t('qr.cancelled'));
  else if (conversations === 0) await ctx.reply(ctx.t('cancel.nothing'));
});
