import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotContext } from '../context.js';
import { isAdminRole, replyInGroup, senderOf } from '../groups/admin-check.js';
import { saveChatPost } from '../groups/group-saving.js';
import { posterOf, shareLinksOf } from '../groups/post-links.js';
import { t } from '../i18n/index.js';

/**
 * /save as a reply to a post saves the post's links into the group's drive (or /save with the
 * links in the same message). Admins always; members once an admin turned /members on.
 * The status replies to the /save message, which also keys the save: the same post saved
 * again later is reported as "saved before" rather than silently ignored.
 */
export const groupSaveFeature = new Composer<BotContext>();

groupSaveFeature.chatType(['group', 'supergroup']).command('save', async (ctx) => {
  const { deps } = ctx;
  const { actor, role } = await senderOf(ctx);
  const settings = deps.chatSettings.get(ctx.chat.id);
  const allowed = isAdminRole(role) || (role === 'member' && settings?.membersCanSave === true);
  if (!allowed) {
    ctx.logger.info({ chat_id: ctx.chat.id, user_id: ctx.from?.id, actor: actor.kind }, '/save refused');
    return replyInGroup(ctx, t(ctx.lang, 'refuse.membersOff'));
  }
  const target = repliedPost(ctx.msg);
  const links = shareLinksOf(target ?? ctx.msg);
  if (links.length === 0) return replyInGroup(ctx, t(ctx.lang, target ? 'group.save.noLink' : 'save.usage'));
  await saveChatPost(deps, ctx.api, {
    chat: ctx.chat,
    sourceMessageId: ctx.msg.message_id,
    links,
    lang: ctx.lang,
    explicit: true,
    posterUserId: posterOf(target ?? ctx.msg),
  });
});

/** The message /save answers, if it is a real reply (in a forum topic every message "replies" to the topic's start). */
function repliedPost(message: Message): Message | undefined {
  const replied = message.reply_to_message;
  if (!replied || replied.forum_topic_created) return undefined;
  return replied;
}
