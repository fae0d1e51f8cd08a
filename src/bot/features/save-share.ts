import { Composer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { extractFastTransferLinks, extractShareLinks, looksLikeAliyunShare, shareRef, type ShareRef } from '../../share-text.js';
import { otherDrivesIn } from '../../share-text/other-drives.js';
import { startsWithCommand } from '../command-name.js';
import type { BotContext } from '../context.js';
import { queuedText } from '../format.js';
import { withPastedNames } from '../pasted-names.js';
import { requestSaves } from '../saving/request-saves.js';
import { stopKeyboard } from '../saving/stop-retry.js';
import { t } from '../i18n/index.js';

/** URLs of a (forwarded) post's inline buttons, where channels like to hide the link. */
function buttonUrls(markup: InlineKeyboardMarkup | undefined): string[] {
  return (markup?.inline_keyboard ?? []).flat().flatMap((button) => ('url' in button && button.url ? [button.url] : []));
}

/**
 * Any private message, forwarded post or media caption with share links: one status message
 * and one queued save per link. Fast-transfer links and other drives' links get an explanation. Text that clearly
 * talks about a share our parser cannot read goes to Aliyun's own extract_code.
 */
export const saveShareFeature = new Composer<BotContext>();
const privateChats = saveShareFeature.chatType('private');

privateChats.on(['message:text', 'message:caption'], async (ctx, next) => {
  const msg = ctx.msg;
  const text = msg.text ?? msg.caption ?? '';
  const entities = msg.entities ?? msg.caption_entities ?? [];
  // An unknown command is the unhandled feature's business.
  if (startsWithCommand(msg)) return next();
  const buttons = buttonUrls(msg.reply_markup);

  let links: ShareRef[] = extractShareLinks(text, entities, buttons);
  if (links.length === 0) {
    if (extractFastTransferLinks(text, entities, buttons).length > 0) {
      await ctx.reply(t(ctx.lang, 'save.fastTransfer'), { reply_parameters: { message_id: msg.message_id } });
      return;
    }
    const others = otherDrivesIn(text, [...buttons, ...entities.flatMap((e) => (e.type === 'text_link' && e.url ? [e.url] : []))]);
    if (others.length > 0) {
      const drives = others.map((drive) => t(ctx.lang, `drive.${drive}`)).join(ctx.lang === 'zh' ? '、' : ', ');
      await ctx.reply(t(ctx.lang, 'save.otherDrive', { drives }), { reply_parameters: { message_id: msg.message_id } });
      return;
    }
    if (looksLikeAliyunShare(text)) links = await askAliyunToParse(ctx, text);
    if (links.length === 0) return next();
  }
  await requestSaves(ctx.deps, ctx.api, {
    chatId: ctx.chat.id,
    userId: ctx.from.id,
    sourceMessageId: msg.message_id,
    links: withPastedNames(text, links),
    lang: ctx.lang,
  });
});

/** Aliyun's extract_code as a fallback; needs a login, and any failure just means "no link". */
async function askAliyunToParse(ctx: BotContext, text: string): Promise<ShareRef[]> {
  const account = ctx.from && ctx.deps.accounts.working(ctx.from.id);
  if (!account) return [];
  try {
    const found = await ctx.deps.accounts.session(account).extractCode(text.slice(0, 2000));
    if (!found || !/^[A-Za-z0-9_-]{8,14}$/.test(found.shareId)) return [];
    return [shareRef(found.shareId, undefined, found.password || undefined)];
  } catch (error) {
    ctx.logger.info({ err: error }, 'extract_code fallback failed');
    return [];
  }
}

/** "Save another copy" under a duplicate outcome: the same job again, on the same status message. */
saveShareFeature.callbackQuery(/^again:(\d+)$/, async (ctx) => {
  const chatId = ctx.chat?.id;
  const statusMessageId = Number(ctx.match[1]);
  const job = chatId !== undefined ? ctx.deps.pending.again.take(chatId, statusMessageId) : undefined;
  if (!job || job.requestedBy !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'save.againGone') });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(queuedText(ctx.lang, job.shareId), { link_preview_options: { is_disabled: true }, reply_markup: stopKeyboard(ctx.lang) });
  // The new run shows on the message the button is on (the outcome may have been sent anew).
  const messageId = ctx.callbackQuery.message?.message_id ?? statusMessageId;
  const { queued } = await ctx.deps.enqueueSave({ ...job, statusMessageId: messageId, again: true });
  if (!queued) await ctx.editMessageText(t(ctx.lang, 'save.alreadyQueued', { shareId: job.shareId }));
});
