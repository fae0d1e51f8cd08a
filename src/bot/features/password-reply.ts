import { Composer } from 'grammy';
import { shareRef } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { passwordFromAnswer } from '../password-text.js';
import { openPick } from '../pick/open-pick.js';
import { requestSaves } from '../saving/request-saves.js';

/**
 * After a save failed for want of a password, the user's next message that is just a
 * 4-character code — or any reply to the status message that asked — retries that share with
 * it, as a new job keyed by the new message.
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
