import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { fitMessage, historyLine } from '../format.js';
import { t } from '../i18n/index.js';

/** /history: the user's last 10 saves with their outcomes (private chats: it is personal). */
export const historyFeature = new Composer<BotContext>();

historyFeature.chatType('private').command('history', async (ctx) => {
  const entries = ctx.deps.saves.recentHistory({ telegramUserId: ctx.from.id, limit: 10 });
  if (entries.length === 0) {
    await ctx.reply(t(ctx.lang, 'history.empty'));
    return;
  }
  const lines = [t(ctx.lang, 'history.title'), ...entries.map((entry) => historyLine(ctx.lang, entry))];
  await ctx.reply(fitMessage(lines), { link_preview_options: { is_disabled: true } });
});
