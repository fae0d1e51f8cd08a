/**
 * Shows (or edits in) a page of follows: /follows and its buttons. In a private chat the user's
 * own (a bound group's included: they are the binder's); in a group the follows whose notices go
 * to that group.
 */
import type { BotContext } from '../context.js';
import { followsPage, FOLLOWS_PAGE_SIZE } from './views.js';

export async function showFollows(ctx: BotContext, page: number, edit: boolean): Promise<void> {
  const inGroup = ctx.chat !== undefined && ctx.chat.type !== 'private';
  const owner = inGroup ? { chatId: ctx.chat!.id } : { userId: ctx.from?.id as number };
  const total = ctx.deps.follows.count(owner);
  const last = Math.max(0, Math.ceil(total / FOLLOWS_PAGE_SIZE) - 1);
  const shown = Math.min(page, last);
  const rows = ctx.deps.follows.list(owner, shown * FOLLOWS_PAGE_SIZE, FOLLOWS_PAGE_SIZE);
  const { text, markup } = followsPage(ctx.lang, rows, shown, total, inGroup ? 'group' : 'private');
  const options = { ...(markup ? { reply_markup: markup } : {}), link_preview_options: { is_disabled: true } };
  if (edit) await ctx.editMessageText(text, options).catch(() => undefined);
  else if (inGroup && ctx.msg) await ctx.reply(text, { ...options, reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
  else await ctx.reply(text, options);
}
