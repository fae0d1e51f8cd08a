import { Composer, InlineKeyboard } from 'grammy';
import type { SaveHistoryEntry } from '../../db/saves.repo.js';
import type { BotContext } from '../context.js';
import { fitMessage, historyLine, queuedText, shortName } from '../format.js';
import { t } from '../i18n/index.js';
import { retryJob, stopKeyboard } from '../saving/stop-retry.js';

/**
 * /history: the user's last 10 saves (private chats: it is personal) — running ones first, then
 * newest first; a failure a later save of the same share made good is left out. A save whose
 * outcome still has a 🔁 button gets one here too; it runs on the save's own status message.
 */
export const historyFeature = new Composer<BotContext>();

const SHOWN = 10;
/** Rows read to fill {@link SHOWN} lines after hiding the failures that were made good. */
const READ = 40;
/** At most this many retry buttons under the list. */
const MAX_BUTTONS = 3;

const isRunning = (entry: SaveHistoryEntry) => entry.state === 'queued' || entry.state === 'running';
const isGood = (entry: SaveHistoryEntry) => entry.state === 'saved' || entry.state === 'duplicate';

/** Pure: what /history shows of the newest-first `entries`. */
export function historyShown(entries: SaveHistoryEntry[]): SaveHistoryEntry[] {
  const madeGood = (entry: SaveHistoryEntry, index: number) =>
    (entry.state === 'failed' || entry.state === 'partial') && entries.slice(0, index).some((later) => later.shareId === entry.shareId && isGood(later));
  const kept = entries.filter((entry, index) => !madeGood(entry, index));
  return [...kept.filter(isRunning), ...kept.filter((entry) => !isRunning(entry))].slice(0, SHOWN);
}

historyFeature.chatType('private').command('history', async (ctx) => {
  const entries = historyShown(ctx.deps.saves.recentHistory({ telegramUserId: ctx.from.id, limit: READ }));
  if (entries.length === 0) {
    await ctx.reply(t(ctx.lang, 'history.empty'));
    return;
  }
  const keyboard = new InlineKeyboard();
  let buttons = 0;
  for (const entry of entries) {
    if (buttons >= MAX_BUTTONS || isRunning(entry) || isGood(entry)) continue;
    const row = ctx.deps.saves.get(entry.jobId);
    // Only saves whose outcome offers 🔁 (and whose job is still kept for it) get the button.
    if (row?.statusMessageId == null || row.chatId !== ctx.chat.id || !ctx.deps.pending.again.get(row.chatId, row.statusMessageId)) continue;
    keyboard.text(t(ctx.lang, 'history.retryButton', { name: shortName(entry.shareName ?? entry.shareId, 24) }), `hretry:${row.statusMessageId}`).row();
    buttons += 1;
  }
  const now = Date.now();
  const lines = [t(ctx.lang, 'history.title'), ...entries.map((entry) => historyLine(ctx.lang, entry, now))];
  await ctx.reply(fitMessage(lines), { link_preview_options: { is_disabled: true }, ...(buttons > 0 ? { reply_markup: keyboard } : {}) });
});

/** 🔁 under /history: the retry runs on the save's own status message, as its own button would. */
historyFeature.callbackQuery(/^hretry:(\d+)$/, async (ctx) => {
  const chatId = ctx.chat?.id;
  const statusMessageId = Number(ctx.match[1]);
  const job = chatId !== undefined ? ctx.deps.pending.again.take(chatId, statusMessageId) : undefined;
  if (chatId === undefined || !job || job.requestedBy !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'save.againGone') });
    return;
  }
  await ctx.answerCallbackQuery({ text: t(ctx.lang, 'history.retrying') });
  await ctx.api
    .editMessageText(chatId, statusMessageId, queuedText(ctx.lang, job.shareId), { link_preview_options: { is_disabled: true }, reply_markup: stopKeyboard(ctx.lang) })
    .catch((error: unknown) => ctx.logger.info({ err: error }, 'could not show the retry on its status message'));
  await ctx.deps.enqueueSave(retryJob(ctx.deps, job, statusMessageId));
});
