import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { saveChatPost } from '../groups/group-saving.js';
import { startsWithCommand } from '../command-name.js';
import { posterOf, shareLinksOf } from '../groups/post-links.js';

/**
 * With /autosave on, every message posted or forwarded into a bound group (text, caption,
 * hidden links, buttons) has its shares saved — from members, anonymous admins and the linked
 * channel alike. Commands are left to their features. Needs the bot to see ordinary messages:
 * an admin, or privacy mode off (see /autosave).
 */
export const groupAutosaveFeature = new Composer<BotContext>();

groupAutosaveFeature.chatType(['group', 'supergroup']).on(['message:text', 'message:caption'], async (ctx, next) => {
  if (startsWithCommand(ctx.msg)) return next();
  if (!ctx.deps.chatSettings.get(ctx.chat.id)?.autosave) return next();
  const links = shareLinksOf(ctx.msg);
  if (links.length === 0) return next();
  await saveChatPost(ctx.deps, ctx.api, {
    chat: ctx.chat,
    sourceMessageId: ctx.msg.message_id,
    links,
    lang: ctx.lang,
    explicit: false,
    posterUserId: posterOf(ctx.msg),
  });
});
