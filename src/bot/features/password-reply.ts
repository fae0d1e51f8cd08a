import { Composer } from 'grammy';
import { shareRef } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { passwordFromAnswer } from '../password-text.js';
import { openPick } from '../pick/open-pick.js';
import { requestSaves } from '../saving/request-saves.js';
import { isAdminRole, replyInGroup, senderOf } from '../groups/admin-check.js';
import { saveChatPost } from '../groups/group-saving.js';
import { createGroupPasswords } from '../groups/password-waits.js';
import { t } from '../i18n/index.js';

/**
 * After a save failed for want of a password, the user's next message that is just a
 * 4-character code — or any reply to the status message that asked — retries that share with
 * it, as a new job keyed by the new message.
 *
 * In a group, only a reply to the bot's message that asked counts, from whoever posted the link
 * or an admin; the reply is deleted when the bot may (the code is not for everyone), and the
 * retry's status goes under the post. A wrong code asks again the same way.
 */
export const passwordReplyFeature = new Composer<BotContext>();

passwordReplyFeature.chatType('private').on('message:text', async (ctx, next) => {
  const { pending } = ctx.deps;
  const wait = pending.password.get(ctx.chat.id, ctx.from.id);
  if (!wait) return next();
  const isReply = ctx.msg.reply_to_message?.message_id === wait.statusMessageId;
  const password = passwordFromAnswer(ctx.msg.text, isReply);
  if (!password) return next();

  pending.password.delete(ctx.chat.id, ctx.from.id);
  if (wait.pick) {
    const link = shareRef(wait.shareId, wait.folderId, password);
    await openPick(ctx.deps, ctx.api, { chatId: ctx.chat.id, userId: ctx.from.id, sourceMessageId: ctx.msg.message_id, lang: ctx.lang, link });
    return;
  }
  await requestSaves(ctx.deps, ctx.api, {
    chatId: ctx.chat.id,
    userId: ctx.from.id,
    sourceMessageId: ctx.msg.message_id,
    links: [shareRef(wait.shareId, wait.folderId, password)],
    lang: ctx.lang,
  });
});

passwordReplyFeature.chatType(['group', 'supergroup']).on('message:text', async (ctx, next) => {
  const question = ctx.msg.reply_to_message;
  if (!question || question.from?.id !== ctx.me.id) return next();
  const passwords = createGroupPasswords(ctx.deps.db);
  const waits = passwords.waitsOn(ctx.chat.id, question.message_id);
  if (waits.length === 0) return next();
  const password = passwordFromAnswer(ctx.msg.text, true);
  const { actor, role } = await senderOf(ctx);
  const mayAnswer = isAdminRole(role) || (actor.kind === 'user' && waits.some((w) => w.posterUserId === actor.userId));
  if (!mayAnswer) {
    // Chatter under the question is left alone; only a code from someone else is refused.
    if (password) await replyInGroup(ctx, t(ctx.lang, 'group.password.notYours'));
    return;
  }
  if (!password) return replyInGroup(ctx, t(ctx.lang, 'group.password.unclear'));

  passwords.clear(ctx.chat.id, question.message_id);
  await ctx.deleteMessage().catch((error: unknown) => {
    ctx.logger.info({ err: error, chat_id: ctx.chat.id }, 'could not delete a password answer (the bot may not delete messages here)');
  });
  const [first] = waits;
  await saveChatPost(ctx.deps, ctx.api, {
    chat: ctx.chat,
    sourceMessageId: ctx.msg.message_id,
    ...(first ? { replyToMessageId: first.sourceMessageId } : {}),
    links: waits.map((wait) => shareRef(wait.shareId, wait.folderId, password)),
    lang: ctx.lang,
    explicit: true,
    posterUserId: first?.posterUserId,
  });
});
