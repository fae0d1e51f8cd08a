import { Composer } from 'grammy';
import type { ChatSettings } from '../../db/chat-settings.repo.js';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * /unbind in private: a binder who left a group (and so cannot /unbind there) ends its binding
 * from here. Without an argument it lists the chats bound to their drive; with a chat id or
 * @username it unbinds that one — only a chat they bound themselves.
 */
export const privateUnbindFeature = new Composer<BotContext>();

privateUnbindFeature.chatType('private').command('unbind', async (ctx) => {
  const { deps } = ctx;
  const bound = deps.chatSettings.listBoundBy(ctx.from.id);
  const arg = ctx.match.trim();
  if (!arg) {
    if (bound.length === 0) return void (await ctx.reply(t(ctx.lang, 'unbind.private.none')));
    const lines = bound.map((chat) => t(ctx.lang, 'unbind.private.item', { title: titleOf(chat), id: String(chat.chatId) }));
    return void (await ctx.reply([t(ctx.lang, 'unbind.private.list'), ...lines].join('\n')));
  }
  const chatId = await chatIdOf(ctx, arg);
  const chat = bound.find((row) => row.chatId === chatId);
  if (!chat) return void (await ctx.reply(t(ctx.lang, 'unbind.private.notYours', { ref: arg })));
  deps.chatSettings.patch(chat.chatId, { boundAccountId: null, boundByUserId: null, ...(chat.chatType === 'channel' ? { autosave: false } : {}) });
  deps.notices.clearPause(chat.chatId);
  ctx.logger.info({ chat_id: chat.chatId, user_id: ctx.from.id }, 'chat unbound from private');
  await ctx.reply(t(ctx.lang, 'unbind.private.done', { title: titleOf(chat) }));
});

function titleOf(chat: ChatSettings): string {
  return chat.title ?? String(chat.chatId);
}

/** The chat an argument names: a chat id as such, an @username (or t.me link) through getChat. */
async function chatIdOf(ctx: BotContext, arg: string): Promise<number | undefined> {
  if (/^-\d{1,20}$/.test(arg)) return Number(arg);
  const name = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z]\w{3,31})\/?$/i.exec(arg)?.[1] ?? /^@?([A-Za-z]\w{3,31})$/.exec(arg)?.[1];
  if (!name) return undefined;
  try {
    return (await ctx.api.getChat(`@${name}`)).id;
  } catch (error) {
    ctx.logger.info({ err: error, ref: name }, 'chat lookup for /unbind failed');
    return undefined;
  }
}
