import type { Middleware } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * ALLOWED_USER_IDS (empty = everyone) plus ADMIN_USER_IDS. Someone else is told so once
 * (remembered across restarts), then ignored. Updates without a sender (channel posts) pass:
 * they cannot be attributed to a user, and the features that handle them check the chat.
 */
export const accessFilter: Middleware<BotContext> = async (ctx, next) => {
  const { ALLOWED_USER_IDS: allowed, ADMIN_USER_IDS: admins } = ctx.deps.config;
  const user = ctx.from;
  if (allowed.size === 0 || !user || allowed.has(user.id) || admins.has(user.id)) return next();

  ctx.logger.info({ user_id: user.id }, 'update from a user who is not allowed');
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t('access.denied') });
    return;
  }
  if (ctx.chat?.type === 'private' && ctx.message && !ctx.deps.pending.refused.has(user.id)) {
    ctx.deps.pending.refused.add(user.id);
    await ctx.reply(ctx.t('access.denied'));
  }
};
