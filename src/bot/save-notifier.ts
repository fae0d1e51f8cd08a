/**
 * The Telegram side of the save pipeline: one status message per link, edited as the job
 * moves (queued → opening → copying n/m → outcome). Works with the bot's `api` or a bare
 * `Api` (the worker process), and never lets a Telegram failure fail a save. Edits of one
 * message go out one at a time, in order, latest first among those waiting, so a save need not
 * wait for Telegram to report progress. An outcome whose status message the user deleted is sent
 * once as a new message under the user's own, with the same buttons; a password asked for that
 * way is taken from a reply to the new message.
 */
import { GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { Logger } from '../logger.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../jobs/notifier.js';
import { saveJobId, type SaveShareJob } from '../jobs/save-share.job.js';
import { outcomeText, progressText, wantsPassword } from './format.js';
import { DEFAULT_LANG, t } from './i18n/index.js';
import type { PendingStore } from './pending.js';
import { shareItKeyboard } from './shares/share-it-button.js';
import type { StatusMessages } from './status-messages.js';

export interface SaveNotifierOptions {
  api: Api;
  pending: PendingStore;
  /** Where the ids of status messages sent after their saves were queued are found. */
  statusMessages: Pick<StatusMessages, 'lookup'>;
  logger: Logger;
  /**
   * Least time between two progress edits of one message, the "queued" message counting as the
   * first (Telegram allows ~1 edit/s per chat); a report that comes sooner waits, the latest
   * winning. Default 1.5 s: a save done sooner shows no progress at all.
   */
  minEditIntervalMs?: number;
}

/** Telegram answers 400 with this when the message was deleted (by the user, say). */
export function isMessageGone(error: unknown): boolean {
  return error instanceof GrammyError && /message to edit not found/i.test(error.description);
}

/** Telegram answers 400 with this when the new text equals the old one — not a failure. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}

/**
 * Sends edits one at a time per status message, in the order they were asked for, keeping only
 * the latest of those still waiting — so callers need not wait for Telegram, a slow edit holds
 * up no save, and no stale progress lands after the outcome: a `final` edit (an outcome) waiting
 * to go out is never replaced by a progress edit. Each push resolves once its edit (or the later
 * one that replaced it) has been sent or has failed; it never rejects.
 */
export class StatusEditQueue {
  private readonly lanes = new Map<string, { tail: Promise<void>; waiting?: { send: () => Promise<void>; final: boolean; sent: Promise<void> } }>();

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues an edit of the message `key`; `send` performs it. */
  push(key: string, final: boolean, send: () => Promise<void>): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    const waiting = lane.waiting;
    if (waiting) {
      if (final || !waiting.final) Object.assign(waiting, { send, final });
      return waiting.sent;
    }
    const current = lane;
    const entry = { send, final, sent: Promise.resolve() };
    entry.sent = current.tail.then(async () => {
      if (current.waiting === entry) current.waiting = undefined;
      try {
        await entry.send();
      } catch (error) {
        this.onError(error);
      }
    });
    current.waiting = entry;
    current.tail = entry.sent;
    void entry.sent.then(() => {
      if (this.lanes.get(key) === current && current.tail === entry.sent) this.lanes.delete(key);
    });
    return entry.sent;
  }

  /** Status messages with edits queued or in flight. */
  get size(): number {
    return this.lanes.size;
  }
}

/** What a save's status message shows of its progress, for pacing the edits. */
interface ShownProgress {
  text: string;
  at: number;
  /** A report that came too soon after the last edit, and the timer that edits it in. */
  waiting?: { text: string; timer: NodeJS.Timeout };
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
  const minInterval = options.minEditIntervalMs ?? 1500;
  /** Per save: the progress last shown and when, and the report waiting for its turn. */
  const shown = new Map<string, ShownProgress>();
  /** Saves whose outcome was told: a late progress report must not cover it. */
  const ended = new Set<string>();
  /** One key per save (and so per status message: a private save has its own). */
  const keyOf = (job: SaveShareJob) => saveJobId(job);
  const hasStatus = (job: SaveShareJob) => job.statusMessageId !== undefined || job.statusMessageFollows === true;

  /** The save's status message id; one sent after the save was queued is waited for. */
  async function statusMessageOf(job: SaveShareJob): Promise<number | undefined> {
    if (job.statusMessageId !== undefined) return job.statusMessageId;
    return job.statusMessageFollows ? statusMessages.lookup(saveJobId(job)) : undefined;
  }

  /**
   * Edits the status message. @returns false when Telegram says the message is gone (the user
   * deleted it), true otherwise — other failures are logged: they must not fail the save.
   */
  async function edit(job: SaveShareJob, messageId: number, text: string, markup?: InlineKeyboard): Promise<boolean> {
    try {
      await api.editMessageText(job.chatId, messageId, text, {
        link_preview_options: { is_disabled: true },
        ...(markup ? { reply_markup: markup } : {}),
      });
    } catch (error) {
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
  async function resend(job: SaveShareJob, text: string, markup?: InlineKeyboard): Promise<number | undefined> {
    try {
      const sent = await api.sendMessage(job.chatId, text, {
        link_preview_options: { is_disabled: true },
        reply_parameters: { message_id: job.sourceMessageId, allow_sending_without_reply: true },
        ...(markup ? { reply_markup: markup } : {}),
      });
      return sent.message_id;
    } catch (error) {
      logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not send the save outcome');
      return undefined;
    }
  }

  const edits = new StatusEditQueue((error) => logger.warn({ err: error }, 'could not edit the save status message'));
  const queueEdit = (job: SaveShareJob, final: boolean, send: () => Promise<void>): Promise<void> => edits.push(keyOf(job), final, send);

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
      const folder = job.folderId !== undefined ? `/folder/${job.folderId}` : '';
      pending.login.set(job.requestedBy, {
        chatId: job.chatId,
        sourceMessageId: messageId,
        links: [
          {
            shareId: job.shareId,
            url: `https://www.alipan.com/s/${job.shareId}${folder}`,
            ...(job.password !== undefined ? { password: job.password } : {}),
            ...(job.folderId !== undefined ? { folderId: job.folderId } : {}),
          },
        ],
        lang: job.lang ?? DEFAULT_LANG,
      });
    }
  }

  /** Edits in a progress report now. A progress edit of a deleted (or never sent) message is dropped: the outcome is what must get through. */
  function showProgress(job: SaveShareJob, state: ShownProgress, text: string): Promise<void> {
    state.text = text;
    state.at = Date.now();
    return queueEdit(job, false, async () => {
      const messageId = await statusMessageOf(job);
      if (messageId !== undefined) await edit(job, messageId, text);
    });
  }

  /**
   * The outcome's text and buttons. The buttons name the save by `buttonsKey` — its status
   * message (the row's `status_message_id`), so they work the same under a resent outcome.
   */
  function present(job: SaveShareJob, outcome: SaveOutcome, buttonsKey: number): { text: string; markup: InlineKeyboard | undefined } {
    const lang = job.lang ?? DEFAULT_LANG;
    let markup: InlineKeyboard | undefined = shareItKeyboard(lang, job, outcome);
    if (outcome.kind === 'duplicate') {
      pending.again.set(job.chatId, buttonsKey, job);
      markup = new InlineKeyboard().text(t(lang, 'save.againButton'), `again:${buttonsKey}`);
    }
    return { text: outcomeText(lang, job, outcome), markup };
  }

  /** Sends an outcome that has no status message as a new message; its buttons are keyed by the user's message. */
  async function tellAnew(job: SaveShareJob, outcome: SaveOutcome, buttonsKey: number): Promise<void> {
    const { text, markup } = present(job, outcome, buttonsKey);
    const fresh = await resend(job, text, markup);
    if (fresh !== undefined) awaitAnswer(job, outcome, fresh);
  }

  return {
    async progress(job: SaveShareJob, progress: SaveProgress): Promise<void> {
      // Private saves always have a status message; without one there is nothing to edit.
      if (!hasStatus(job)) return;
      const text = progressText(job.lang ?? DEFAULT_LANG, job, progress);
      const key = keyOf(job);
      if (ended.has(key)) return;
      const now = Date.now();
      let state = shown.get(key);
      if (!state) {
        // A job that died without an outcome leaves its entry behind; keep the map bounded.
        if (shown.size > 10_000) shown.clear();
        // The "queued" message went out as the job started: it stands for the first interval, so
        // a save done by then goes from "queued" straight to its outcome — one edit, no flicker.
        state = { text: '', at: minInterval > 0 ? now : Number.NEGATIVE_INFINITY };
        shown.set(key, state);
      }
      if (state.waiting) {
        state.waiting.text = text; // the latest report goes out when the interval is over
        return;
      }
      if (text === state.text) return;
      const wait = state.at + minInterval - now;
      if (wait <= 0) return showProgress(job, state, text);
      const current = state;
      current.waiting = {
        text,
        timer: setTimeout(() => {
          const waiting = current.waiting;
          current.waiting = undefined;
          if (waiting && waiting.text !== current.text && !ended.has(key)) void showProgress(job, current, waiting.text);
        }, wait).unref(),
      };
    },

    async outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void> {
      if (!hasStatus(job)) return;
      const state = shown.get(keyOf(job));
      if (state?.waiting) clearTimeout(state.waiting.timer);
      shown.delete(keyOf(job));
      if (ended.size > 10_000) ended.clear();
      ended.add(keyOf(job));
      await queueEdit(job, true, async () => {
        const statusMessageId = await statusMessageOf(job);
        if (statusMessageId === undefined) {
          // Telegram never took the status message: the outcome must still reach the user, once.
          await tellAnew(withoutStatus(job), outcome, job.sourceMessageId);
          return;
        }
        const shownJob = withStatus(job, statusMessageId);
        const { text, markup } = present(shownJob, outcome, statusMessageId);
        awaitAnswer(shownJob, outcome, statusMessageId);
        if (await edit(shownJob, statusMessageId, text, markup)) return;
        // The user deleted the status message: the outcome must still reach them, once.
        logger.info({ chat_id: job.chatId, message_id: statusMessageId, share_id: job.shareId }, 'status message gone; sending the outcome anew');
        const fresh = await resend(shownJob, text, markup);
        if (fresh !== undefined) awaitAnswer(shownJob, outcome, fresh);
      });
    },
  };
}
