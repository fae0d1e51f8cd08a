/**
 * The Telegram side of the save pipeline: one status message per link, edited as the job
 * moves (queued → opening → copying n/m → outcome). Works with the bot's `api` or a bare
 * `Api` (the worker process), and never lets a Telegram failure fail a save. Progress edits are
 * paced (`ProgressPacer`: a quick save shows no progress at all); edits of one message go out one
 * at a time, in order, latest first among those waiting (`StatusEditQueue`), so a save never
 * waits for Telegram. The id of a status message sent beside its queued save comes from
 * `StatusMessages`. An outcome whose status message the user deleted is sent
 * once as a new message under the user's own, with the same buttons; a password asked for that
 * way is taken from a reply to the new message.
 */
import { InlineKeyboard, type Api } from 'grammy';
import type { Logger } from '../../logger.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../../jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../jobs/save-share.job.js';
import { outcomeText, progressText, wantsPassword } from '../format.js';
import { shareRef } from '../../share-text.js';
import { DEFAULT_LANG, t } from '../i18n/index.js';
import { loginKeyboard } from '../login-prompt.js';
import { isRetryable, retryButton, stopKeyboard } from './stop-retry.js';
import type { PendingStore } from './pending.js';
import { shareItKeyboard } from '../share-links/share-it-button.js';
import { withFollowButton } from '../follows/views.js';
import type { StatusMessages } from './status-messages.js';
import { StatusEditQueue } from './edit-queue.js';
import { ProgressPacer } from './progress-pacer.js';
import { isMessageGone, isNotModified } from '../telegram-errors.js';
import { SendCancelledError, sendAs, type ApiSignal } from '../flood-gate.js';
import { untilDelivered } from './until-delivered.js';
import type { AppDatabase } from '../../db/index.js';
import { withPickButton } from '../pick/offer.js';

export interface SaveNotifierOptions {
  api: Api;
  pending: PendingStore;
  /** Where the ids of status messages sent after their saves were queued are found. */
  statusMessages: Pick<StatusMessages, 'lookup' | 'forOutcome' | 'recordOutcomeMessage'>;
  logger: Logger;
  /** With it, a large share waiting before its copy gets a 📂 choose files button (its /pick list is kept here). */
  db?: AppDatabase;
  /**
   * Least time between two progress edits of one message, the "queued" message counting as the
   * first (Telegram allows ~1 edit/s per chat); a report that comes sooner waits, the latest
   * winning. Default 1.5 s: a save done sooner shows no progress at all.
   */
  minEditIntervalMs?: number;
  /**
   * Aborts at shutdown once the drain is over: an outcome still waiting for its turn is not sent
   * (its row keeps it untold, and the next start tells it: told-outcomes.ts).
   */
  closing?: AbortSignal;
}

/** `job` as shown on the status message `statusMessageId`. */
function withStatus(job: SaveShareJob, statusMessageId: number): SaveShareJob {
  const { statusMessageFollows: _follows, ...rest } = job;
  return { ...rest, statusMessageId };
}

/** `job` with no status message to show it. */
function withoutStatus(job: SaveShareJob): SaveShareJob {
  const { statusMessageFollows: _follows, statusMessageId: _id, ...rest } = job;
  return rest;
}

/** Builds the notifier the save workers report to. */
export function createSaveNotifier(options: SaveNotifierOptions): SaveNotifier {
  const { api, pending, statusMessages, logger } = options;
  const pacer = new ProgressPacer(options.minEditIntervalMs ?? 1500);
  /** One key per save (and so per status message: a private save has its own). */
  const keyOf = (job: SaveShareJob) => saveJobId(job);
  const hasStatus = (job: SaveShareJob) => job.statusMessageId !== undefined || job.statusMessageFollows === true;
  /** Per save: the progress text (a large share waiting to be copied) shown with 📂 beside ✖. */
  const choosing = new Map<string, string>();

  /**
   * The save's status message id; one sent after the save was queued is waited for — for an
   * outcome, only if it is already on its way (one not sent yet never will be: the outcome is
   * the first message).
   */
  async function statusMessageOf(job: SaveShareJob, forOutcome = false): Promise<number | undefined> {
    if (job.statusMessageId !== undefined) return job.statusMessageId;
    if (!job.statusMessageFollows) return undefined;
    return forOutcome ? statusMessages.forOutcome(saveJobId(job)) : statusMessages.lookup(saveJobId(job));
  }

  /**
   * Edits the status message. @returns false when Telegram says the message is gone (the user
   * deleted it), true otherwise — other failures are logged: they must not fail the save.
   */
  async function edit(job: SaveShareJob, messageId: number, text: string, markup: InlineKeyboard | undefined, sending: ApiSignal, isOutcome = false): Promise<boolean> {
    const send = () =>
      api.editMessageText(
        job.chatId,
        messageId,
        text,
        {
          link_preview_options: { is_disabled: true },
          ...(markup ? { reply_markup: markup } : {}),
        },
        sending,
      );
    try {
      // An outcome outlasts a failure on the way; progress does not need to.
      await (isOutcome ? untilDelivered(send, retrying(job), { cancel: options.closing }) : send());
    } catch (error) {
      if (error instanceof SendCancelledError) throw error;
      if (isNotModified(error)) return true;
      if (isMessageGone(error)) return false;
      // A blocked bot must not fail the save itself.
      logger.warn(
        { err: error, chat_id: job.chatId, message_id: messageId, share_id: job.shareId },
        'could not edit the save status message',
      );
    }
    return true;
  }

  /**
   * Tells an outcome whose status message is gone as a new message under the user's own message
   * (or on its own, if that is gone too). @returns the new message's id.
   */
  async function resend(job: SaveShareJob, text: string, markup: InlineKeyboard | undefined, sending: ApiSignal): Promise<number | undefined> {
    try {
      const sent = await untilDelivered(
        () =>
          api.sendMessage(
            job.chatId,
            text,
            {
              link_preview_options: { is_disabled: true },
              reply_parameters: { message_id: job.sourceMessageId, allow_sending_without_reply: true },
              ...(markup ? { reply_markup: markup } : {}),
            },
            sending,
          ),
        retrying(job),
        { cancel: options.closing },
      );
      return sent.message_id;
    } catch (error) {
      if (error instanceof SendCancelledError) throw error;
      logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not send the save outcome');
      return undefined;
    }
  }

  const retrying = (job: SaveShareJob) => (error: unknown, attempt: number) =>
    logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId, attempt }, 'telling a save outcome failed on the way; trying again');

  const edits = new StatusEditQueue((error) => logger.warn({ err: error }, 'could not edit the save status message'));
  const queueEdit = (job: SaveShareJob, final: boolean, send: (cancel: AbortSignal) => Promise<void>): Promise<void> => edits.push(keyOf(job), final, send);

  /**
   * Hangs what waits on the user's answer off the message that shows the outcome: a reply to it
   * with the password retries the share; after a new login the share is saved and the news
   * replies to it.
   */
  function awaitAnswer(job: SaveShareJob, outcome: SaveOutcome, messageId: number): void {
    if (wantsPassword(outcome)) {
      // The user's next 4-character message (or a reply to this one) retries with it.
      pending.password.set(job.chatId, job.requestedBy, {
        shareId: job.shareId,
        statusMessageId: messageId,
        ...(job.folderId !== undefined ? { folderId: job.folderId } : {}),
      });
    } else if (outcome.kind === 'failed' && outcome.reason === 'relogin') {
      // Saved automatically once the user has logged in again — only when the login DIED; a
      // user who logged out (`logged_out`) is not held to the shares sent before. The retry
      // hangs off this message: a new source message means a new job id (the old one has ended).
      pending.prompts.add(job.requestedBy, { chatId: job.chatId, messageId });
      pending.login.add(job.requestedBy, {
        chatId: job.chatId,
        sourceMessageId: messageId,
        links: [shareRef(job.shareId, job.folderId, job.password)],
        lang: job.lang ?? DEFAULT_LANG,
      });
    }
  }

  /** Edits a progress text in. One for a deleted (or never sent) message is dropped: the outcome is what must get through. */
  function editProgress(job: SaveShareJob, text: string): Promise<void> {
    return queueEdit(job, false, async (cancel) => {
      const messageId = await statusMessageOf(job);
      // A running save can be stopped from its status message; one waiting to copy a large share, swapped for a choice.
      if (messageId === undefined || cancel.aborted) return;
      const lang = job.lang ?? DEFAULT_LANG;
      const keyboard = options.db && choosing.get(keyOf(job)) === text ? withPickButton({ db: options.db, logger }, job, lang, stopKeyboard(lang)) : stopKeyboard(lang);
      await edit(job, messageId, text, keyboard, sendAs('progress', cancel));
    });
  }

  /**
   * The outcome's text and buttons. The buttons name the save by `buttonsKey` — its status
   * message (the row's `status_message_id`), so they work the same under a resent outcome; the
   * job behind "save again" is kept under that key.
   */
  function present(job: SaveShareJob, outcome: SaveOutcome, buttonsKey: number): { text: string; markup: InlineKeyboard | undefined } {
    const lang = job.lang ?? DEFAULT_LANG;
    let markup: InlineKeyboard | undefined = withFollowButton(shareItKeyboard(lang, job, outcome), lang, job, outcome);
    if (outcome.kind === 'failed' && outcome.reason === 'relogin') markup = loginKeyboard(lang);
    if (isRetryable(outcome)) {
      const retry = retryButton({ pending }, lang, job, buttonsKey);
      markup = markup ? retry.row().add(...(markup.inline_keyboard[0] ?? [])) : retry;
    }
    if (outcome.kind === 'duplicate') {
      pending.again.set(job.chatId, buttonsKey, job);
      markup = new InlineKeyboard().text(t(lang, 'save.againButton'), `again:${buttonsKey}`);
    }
    return { text: outcomeText(lang, job, outcome), markup };
  }

  /** Tells an outcome as a new message, once; an answer it asks for is taken from a reply to it. */
  async function sendAnew(job: SaveShareJob, outcome: SaveOutcome, text: string, markup: InlineKeyboard | undefined, sending: ApiSignal): Promise<number | undefined> {
    const fresh = await resend(job, text, markup, sending);
    if (fresh !== undefined) awaitAnswer(job, outcome, fresh);
    return fresh;
  }

  return {
    async progress(job: SaveShareJob, progress: SaveProgress): Promise<void> {
      // Private saves always have a status message; without one there is nothing to edit.
      if (!hasStatus(job)) return;
      const lang = job.lang ?? DEFAULT_LANG;
      let text = progressText(lang, job, progress);
      if (progress.stage === 'waiting' && options.db) {
        text += `\n${t(lang, 'large.chooseHint')}`;
        choosing.set(keyOf(job), text);
      }
      await pacer.offer(keyOf(job), text, (shown) => editProgress(job, shown));
    },

    async outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void> {
      if (!hasStatus(job)) return;
      pacer.end(keyOf(job));
      choosing.delete(keyOf(job));
      // At once: a status message not sent yet is not sent at all (nor waited for by progress).
      const statusMessageId = statusMessageOf(job, true);
      // Outcomes go first at the flood gate, and wait out any 429.
      let told = false;
      await queueEdit(job, true, async () => {
        await tellOutcome(job, outcome, statusMessageId, sendAs('now', options.closing));
        told = true;
      });
      // Cut off by the shutdown (or failed on the way): the caller must not take it as told.
      if (!told) throw new Error('the save outcome was not told');
    },
  };

  /** Edits the outcome into the status message, or sends it as the first message when there is none. */
  async function tellOutcome(job: SaveShareJob, outcome: SaveOutcome, statusMessage: Promise<number | undefined>, sending: ApiSignal): Promise<void> {
    const statusMessageId = await statusMessage;
    if (statusMessageId === undefined) {
      // No status message (a quick save, or Telegram never took it): the outcome is the one
      // message. Its buttons name the save by the user's message (the saves repo finds a save by
      // it), and the row then names the outcome as the save's message.
      const bare = withoutStatus(job);
      const { text, markup } = present(withStatus(job, job.sourceMessageId), outcome, job.sourceMessageId);
      const fresh = await sendAnew(bare, outcome, text, markup, sending);
      if (fresh !== undefined && job.statusMessageFollows) {
        try {
          statusMessages.recordOutcomeMessage(saveJobId(job), fresh);
        } catch (error) {
          logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not record the outcome message');
        }
      }
      return;
    }
    const shownJob = withStatus(job, statusMessageId);
    const { text, markup } = present(shownJob, outcome, statusMessageId);
    awaitAnswer(shownJob, outcome, statusMessageId);
    if (await edit(shownJob, statusMessageId, text, markup, sending, true)) return;
    // The user deleted the status message: the outcome must still reach them, once.
    logger.info({ chat_id: job.chatId, message_id: statusMessageId, share_id: job.shareId }, 'status message gone; sending the outcome anew');
    await sendAnew(shownJob, outcome, text, markup, sending);
  }
}
