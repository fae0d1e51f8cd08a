/**
 * The Telegram side of the save pipeline: one status message per link, edited as the job
 * moves (queued → opening → copying n/m → outcome). Works with the bot's `api` or a bare
 * `Api` (the worker process), and never lets a Telegram failure fail a save.
 */
import { GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { Logger } from '../logger.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../jobs/notifier.js';
import type { SaveShareJob } from '../jobs/save-share.job.js';
import { outcomeText, progressText, wantsPassword } from './format.js';
import { DEFAULT_LANG, t } from './i18n/index.js';
import type { PendingStore } from './pending.js';
import { shareItKeyboard } from './shares/share-it-button.js';

export interface SaveNotifierOptions {
  api: Api;
  pending: PendingStore;
  logger: Logger;
  /** Least time between two progress edits of one message (Telegram allows ~1 edit/s per chat). */
  minEditIntervalMs?: number;
}

/** Telegram answers 400 with this when the new text equals the old one — not a failure. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}

/** Builds the notifier the save workers report to. */
export function createSaveNotifier(options: SaveNotifierOptions): SaveNotifier {
  const { api, pending, logger } = options;
  const minInterval = options.minEditIntervalMs ?? 1500;
  /** Last text and time per status message, to skip repeats and pace progress edits. */
  const shown = new Map<string, { text: string; at: number }>();
  const keyOf = (job: SaveShareJob) => `${job.chatId}:${job.statusMessageId}`;

  async function edit(job: SaveShareJob, messageId: number, text: string, markup?: InlineKeyboard): Promise<void> {
    try {
      await api.editMessageText(job.chatId, messageId, text, {
        link_preview_options: { is_disabled: true },
        ...(markup ? { reply_markup: markup } : {}),
      });
    } catch (error) {
      if (isNotModified(error)) return;
      // A deleted status message or a blocked bot must not fail the save itself.
      logger.warn(
        { err: error, chat_id: job.chatId, message_id: messageId, share_id: job.shareId },
        'could not edit the save status message',
      );
    }
  }

  return {
    async progress(job: SaveShareJob, progress: SaveProgress): Promise<void> {
      // Private saves always have a status message; without one there is nothing to edit.
      if (job.statusMessageId === undefined) return;
      const text = progressText(job.lang ?? DEFAULT_LANG, job, progress);
      const key = keyOf(job);
      const last = shown.get(key);
      const now = Date.now();
      if (last && (last.text === text || now - last.at < minInterval)) return;
      // A job that died without an outcome leaves its entry behind; keep the map bounded.
      if (shown.size > 10_000) shown.clear();
      shown.set(key, { text, at: now });
      await edit(job, job.statusMessageId, text);
    },

    async outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void> {
      if (job.statusMessageId === undefined) return;
      shown.delete(keyOf(job));
      const lang = job.lang ?? DEFAULT_LANG;
      let markup: InlineKeyboard | undefined = shareItKeyboard(lang, job, outcome);
      if (wantsPassword(outcome)) {
        // The user's next 4-character message (or a reply to this one) retries with it.
        pending.password.set(job.chatId, job.requestedBy, {
          shareId: job.shareId,
          statusMessageId: job.statusMessageId,
          ...(job.folderId !== undefined ? { folderId: job.folderId } : {}),
        });
      } else if (outcome.kind === 'failed' && outcome.reason === 'relogin') {
        // Saved automatically once the user has logged in again. The retry hangs off this
        // status message: a new source message means a new job id (the old one has ended).
        const folder = job.folderId !== undefined ? `/folder/${job.folderId}` : '';
        pending.login.set(job.requestedBy, {
          chatId: job.chatId,
          sourceMessageId: job.statusMessageId,
          links: [
            {
              shareId: job.shareId,
              url: `https://www.alipan.com/s/${job.shareId}${folder}`,
              ...(job.password !== undefined ? { password: job.password } : {}),
              ...(job.folderId !== undefined ? { folderId: job.folderId } : {}),
            },
          ],
          lang,
        });
      } else if (outcome.kind === 'duplicate') {
        pending.again.set(job.chatId, job.statusMessageId, job);
        markup = new InlineKeyboard().text(t(lang, 'save.againButton'), `again:${job.statusMessageId}`);
      }
      await edit(job, job.statusMessageId, outcomeText(lang, job, outcome), markup);
    },
  };
}
