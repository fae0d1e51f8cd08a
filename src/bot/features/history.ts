import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { fitMessage, historyLine } from '../format.js';

/** /history: the user's last 10 saves with their outcomes (private chats: it is personal). */
export const historyFeature = new Composer<BotContext>();

historyFeature.chatType('private').command('history', async (ctx) => {
  const entries = ctx.deps.saves.recentHistory({ telegramUserId: ctx.from.id, limit: 10 });
  if (entries.length === 0) {
    await ctx.reply(ctx.t('history.empty'));
    return;
  }
  const lines = [ctx.t('history.title'), ...entries.map((entry) => historyLine(ctx.lang, entry))];
  await ctx.reply(fitMessage(lines), { link_preview_options: { is_disabled: true } });
});
