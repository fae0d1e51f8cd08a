import type { Middleware } from 'grammy';
import type { BotContext, BotDeps } from '../context.js';
import { langFromCode } from '../i18n/index.js';

/**
 * Puts the dependencies on the context, with a child logger per update, and a provisional
 * language from the user's Telegram app (the i18n middleware refines it once access is granted).
 */
export function attachDeps(deps: BotDeps): Middleware<BotContext> {
  return (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.lang = langFromCode(ctx.from?.language_code);
    return next();
  };
}
