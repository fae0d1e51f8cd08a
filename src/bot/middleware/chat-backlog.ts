/**
 * A bound on each chat's backlog of updates. `sequentialize` handles one update per chat at a
 * time and parks the rest — each parked update holds one of the runner's slots (500), so one
 * chat's flood could otherwise stall update intake for everyone. Past the bound, updates of
 * that chat are dropped at once; a private chat is told once per backlog.
 */
import type { Context, Middleware } from 'grammy';
import { langFromCode, t } from '../i18n/index.js';

/**
 * Updates of one chat in progress or waiting their turn, at most: a forward of 100 messages
 * (Telegram's most) still goes through whole, and one chat holds at most a fifth of the
 * runner's 500 slots.
 */
export const MAX_CHAT_BACKLOG = 100;

/** The sequentialize key: the chat, else the user (callback queries without a message). */
export function chatKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

export function chatBacklog<C extends Context>(
  max = MAX_CHAT_BACKLOG,
  onDrop: (ctx: C, toldAlready: boolean) => void = tellOnce,
): Middleware<C> {
  const backlog = new Map<string, { count: number; told: boolean }>();
  return async (ctx, next) => {
    const key = chatKey(ctx);
    if (key === undefined) return next();
    const entry = backlog.get(key) ?? { count: 0, told: false };
    if (entry.count >= max) {
      onDrop(ctx, entry.told);
      entry.told = true;
      return;
    }
    entry.count += 1;
    backlog.set(key, entry);
    try {
      await next();
    } finally {
      entry.count -= 1;
      if (entry.count === 0) backlog.delete(key);
    }
  };
}

/** Tells a private chat once that messages were skipped; never waits on Telegram. */
function tellOnce(ctx: Context, toldAlready: boolean): void {
  if (toldAlready || ctx.chat?.type !== 'private') return;
  ctx.reply(t(langFromCode(ctx.from?.language_code), 'flood.skipped')).catch(() => undefined);
}
