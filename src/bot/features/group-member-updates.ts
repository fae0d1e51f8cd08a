import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { memberCacheOf } from '../groups/admin-check.js';

/**
 * `chat_member` (anyone's status changed, sent while the bot is an admin) and `my_chat_member`
 * (the bot's own) overwrite the cached status at once, so a demoted admin loses their rights
 * with the next message rather than when the cache expires.
 */
export const groupMemberUpdatesFeature = new Composer<BotContext>();

groupMemberUpdatesFeature.on(['chat_member', 'my_chat_member'], async (ctx, next) => {
  const change = ctx.chatMember ?? ctx.myChatMember;
  if (change) {
    const { user, status } = change.new_chat_member;
    memberCacheOf(ctx.deps).set(change.chat.id, user.id, status);
    ctx.logger.debug(
      { chat_id: change.chat.id, user_id: user.id, from: change.old_chat_member.status, to: status },
      'member status changed',
    );
  }
  await next();
});
