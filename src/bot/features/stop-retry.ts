import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { queuedText, shortName } from '../format.js';
import { t } from '../i18n/index.js';
import {
  RETRY_PREFIX,
  retryJob,
  runningSaves,
  STOP_CALLBACK,
  STOP_PREFIX,
  stopAllSaves,
  stopKeyboard,
  stopSaveShownBy,
} from '../saving/stop-retry.js';

/**
 * ✖ under a running save stops it (the processor ends it as "stopped" at its next check, in
 * whichever process runs it); /cancel lists running saves with the same buttons; 🔁 under an
 * outcome runs the request again on the same status message.
 */
export const stopRetryFeature = new Composer<BotContext>();

/** How many running saves /cancel offers one by one (all of them can go with "stop all"). */
const MAX_LISTED = 5;

/** /cancel's answer when saves are running (`undefined` when none is). */
export function runningSavesMenu(ctx: BotContext & { chat: { id: number } }, userId: number): { text: string; keyboard: InlineKeyboard } | undefined {
  const rows = runningSaves(ctx.deps, ctx.chat.id, userId).filter((row) => row.statusMessageId !== null);
  if (rows.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  for (const row of rows.slice(0, MAX_LISTED)) {
    keyboard.text(`✖ ${shortName(row.shareName ?? row.shareId, 30)}`, `${STOP_PREFIX}${row.statusMessageId}`).row();
  }
  if (rows.length > 1) keyboard.text(t(ctx.lang, 'cancel.stopAll'), `${STOP_PREFIX}all`);
  return { text: t(ctx.lang, 'cancel.runningSaves', { n: rows.length }), keyboard };
}

stopRetryFeature.callbackQuery(STOP_CALLBACK, async (ctx) => {
  const messageId = ctx.callbackQuery.message?.message_id;
  const stopping = ctx.chat !== undefined && messageId !== undefined && stopSaveShownBy(ctx.deps, ctx.chat.id, messageId, ctx.from.id);
  // No edit here: the save's own outcome ("✖ stopped", with 🔁) replaces the message.
  await ctx.answerCallbackQuery({ text: t(ctx.lang, stopping ? 'save.stopping' : 'save.stopGone') });
});

stopRetryFeature.callbackQuery(/^stop:(\d+|all)$/, async (ctx) => {
  if (!ctx.chat) return ctx.answerCallbackQuery();
  if (ctx.match[1] === 'all') {
    const n = stopAllSaves(ctx.deps, ctx.chat.id, ctx.from.id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(n > 0 ? t(ctx.lang, 'cancel.stoppedAll', { n }) : t(ctx.lang, 'save.stopGone'));
    return;
  }
  const stopping = stopSaveShownBy(ctx.deps, ctx.chat.id, Number(ctx.match[1]), ctx.from.id);
  await ctx.answerCallbackQuery({ text: t(ctx.lang, stopping ? 'save.stopping' : 'save.stopGone') });
  // The list shows what is still running.
  const menu = runningSavesMenu(ctx as BotContext & { chat: { id: number } }, ctx.from.id);
  if (!menu) await ctx.editMessageText(t(ctx.lang, stopping ? 'cancel.stoppedAll' : 'save.stopGone', { n: 1 })).catch(() => undefined);
});

stopRetryFeature.callbackQuery(new RegExp(`^${RETRY_PREFIX}(\\d+)$`), async (ctx) => {
  const chatId = ctx.chat?.id;
  const key = Number(ctx.match[1]);
  const job = chatId !== undefined ? ctx.deps.pending.again.take(chatId, key) : undefined;
  if (!job || job.requestedBy !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'save.againGone') });
    return;
  }
  await ctx.answerCallbackQuery();
  // The new run shows on the message the button is on (the outcome may have been sent anew).
  const messageId = ctx.callbackQuery.message?.message_id ?? key;
  await ctx.editMessageText(queuedText(ctx.lang, job.shareId), { link_preview_options: { is_disabled: true }, reply_markup: stopKeyboard(ctx.lang) });
  const { queued } = await ctx.deps.enqueueSave(retryJob(ctx.deps, job, messageId));
  if (!queued) await ctx.editMessageText(t(ctx.lang, 'save.alreadyQueued', { shareId: job.shareId }));
});
