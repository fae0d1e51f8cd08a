/** Shows (or edits in) a page of the user's follows: /follows and its buttons. */
import type { BotContext } from '../context.js';
import { followsPage, FOLLOWS_PAGE_SIZE } from './views.js';

export async function showFollows(ctx: BotContext, page: number, edit: boolean): Promise<void> {
  const userId = ctx.from?.id as number;
  const total = ctx.deps.follows.count(userId);
  const last = Math.max(0, Math.ceil(total / FOLLOWS_PAGE_SIZE) - 1);
  const shown = Math.min(page, last);
  const rows = ctx.deps.follows.list(userId, shown * FOLLOWS_PAGE_SIZE, FOLLOWS_PAGE_SIZE);
  const { text, markup } = followsPage(ctx.lang, rows, shown, total);
  const options = { ...(markup ? { reply_markup: markup } : {}), link_preview_options: { is_disabled: true } };
  if (edit) await ctx.editMessageText(text, options).catch(() => undefined);
  else await ctx.reply(text, options);
}
