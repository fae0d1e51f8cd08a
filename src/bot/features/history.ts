import { Composer, InlineKeyboard } from 'grammy';
import type { SaveHistoryEntry } from '../../db/saves.repo.js';
import type { BotContext } from '../context.js';
import { fitMessage, historyLine, queuedText, shortName } from '../format.js';
import { folderWebUrl } from '../drive-links.js';
import { t } from '../i18n/index.js';
import { retryJob, stopKeyboard } from '../saving/stop-retry.js';

/**
 * /history: the user's last 10 saves (private chats: it is personal) — running ones first, then
 * newest first; a failure a later save of the same share made good is left out. A save whose
 * outcome still has a 🔁 button gets one here too; it runs on the save's own status message.
 * A save that put files in the drive gets 📂, a link that opens their folder in the web app.
 */
export const historyFeature = new Composer<BotContext>();

const SHOWN = 10;
/** Rows read to fill {@link SHOWN} lines after hiding the failures that were made good. */
const READ = 40;
/** At most this many retry buttons (and as many 📂 buttons) under the list. */
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
  let opens = 0;
  for (const entry of entries) {
    if (isRunning(entry)) continue;
    const row = ctx.deps.saves.get(entry.jobId);
    const name = shortName(entry.shareName ?? entry.shareId, 24);
    let added = false;
    // 📂 opens the folder the files went into, in the Aliyun Drive web app.
    if (opens < MAX_BUTTONS && entry.state !== 'failed' && row?.targetFolderId) {
      const account = row.accountId !== null ? ctx.deps.accounts.getById(row.accountId) : undefined;
      const drive = account && !account.resourceDriveId ? 'backup' : 'resource';
      keyboard.url(t(ctx.lang, 'history.openButton', { name }), folderWebUrl(row.targetFolderId, drive));
      opens += 1;
      added = true;
    }
    // Only saves whose outcome offers 🔁 (and whose job is still kept for it) get the button.
    const retryable =
      buttons < MAX_BUTTONS &&
      !isGood(entry) &&
      row?.statusMessageId != null &&
      row.chatId === ctx.chat.id &&
      ctx.deps.pending.again.get(row.chatId, row.statusMessageId) !== undefined;
    if (retryable) {
      keyboard.text(t(ctx.lang, 'history.retryButton', { name }), `hretry:${row.statusMessageId}`);
      buttons += 1;
      added = true;
    }
    if (added) keyboard.row();
  }
  const now = Date.now();
  const lines = [t(ctx.lang, 'history.title'), ...entries.map((entry) => historyLine(ctx.lang, entry, now))];
  const shown = InlineKeyboard.from(keyboard.inline_keyboard.filter((row) => row.length > 0));
  await ctx.reply(fitMessage(lines), { link_preview_options: { is_disabled: true }, ...(buttons + opens > 0 ? { reply_markup: shown } : {}) });
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
