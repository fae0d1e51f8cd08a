/**
 * The Telegram side of group and channel saves. Jobs from private chats go to the private
 * notifier unchanged; jobs from groups and channels (negative chat ids) are shown here:
 *
 * - a group post's one compact status message, rebuilt from the post's `saves` rows on every
 *   change (so several links and several workers share it without losing each other's news);
 * - in quiet mode and in channels (a job without `statusMessageId`): a 👍 reaction on the
 *   post when the share is in the drive, a one-line reply for a failure in a group, and a private
 *   message to the binding admin for a failure in a channel;
 * - a dead login: "saving is paused" once, instead of a per-post "log in again".
 *
 * Never lets a Telegram failure fail a save. An outcome counts as told (`rememberTold`) once it
 * is shown, or Telegram refused it for good (the bot removed, the message deleted); one cut off by
 * the shutdown or by failures on the way makes `outcome` reject, so the next start tells it.
 */
import type { Api } from 'grammy';
import { findAccountNames } from '../../db/accounts.repo.js';
import { createChatSettingsRepo, type ChatSettings } from '../../db/chat-settings.repo.js';
import { createSavesRepo, isFinalSaveState } from '../../db/saves.repo.js';
import type { AppDatabase } from '../../db/index.js';
import type { SaveNotifier, SaveOutcome, SaveProgress } from '../../jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../jobs/save-share.job.js';
import type { Logger } from '../../logger.js';
import { DEFAULT_LANG, raw, t, type Lang } from '../i18n/index.js';
import { createSaveNotifier, type SaveNotifierOptions } from '../saving/save-notifier.js';
import { StatusEditQueue } from '../saving/edit-queue.js';
import { isNotModified } from '../telegram-errors.js';
import { SendCancelledError, sendAs, type ApiSignal } from '../flood-gate.js';
import { isTransient, untilDelivered } from '../saving/until-delivered.js';
import { rememberTold } from '../saving/told-outcomes.js';
import { nicknameOf } from './binding.js';
import { postLines } from './chat-saves.js';
import { createChatNotices } from './notices.js';
import { announcePause } from './pause.js';
import { passwordHint, postLineText, postStatusText, queuedLine, withOutcome, withProgress, type PostLine } from './post-status.js';
import { createGroupPasswords } from './password-waits.js';
import { wantsPassword } from '../format.js';

export interface GroupNotifierOptions {
  api: Api;
  db: AppDatabase;
  logger: Logger;
  /** Least time between two progress edits of one status message (default 1.5 s). */
  minEditIntervalMs?: number;
  /**
   * Aborts at shutdown once the drain is over: an outcome still waiting for its turn is not sent
   * (its row keeps it untold, and the next start tells it: told-outcomes.ts).
   */
  closing?: AbortSignal;
}

/** Group, supergroup and channel ids are negative; a private chat's id is the user's. */
export function isGroupOrChannelChat(chatId: number): boolean {
  return chatId < 0;
}

/** The notifier save workers report to: private chats as `createSaveNotifier` does, groups and channels here. */
export function createChatSaveNotifier(options: SaveNotifierOptions & { db: AppDatabase }): SaveNotifier {
  return rememberTold(withGroupOutcomes(createSaveNotifier(options), options), createSavesRepo(options.db));
}

/** Wraps the private notifier: group and channel jobs are reported here, the rest by `inner`. */
export function withGroupOutcomes(inner: SaveNotifier, options: GroupNotifierOptions): SaveNotifier {
  const groups = createGroupNotifier(options);
  return {
    progress: (job, progress) => (isGroupOrChannelChat(job.chatId) ? groups.progress(job, progress) : inner.progress(job, progress)),
    outcome: (job, outcome) => (isGroupOrChannelChat(job.chatId) ? groups.outcome(job, outcome) : inner.outcome(job, outcome)),
  };
}

const SUCCESS_REACTION = [{ type: 'emoji', emoji: '👍' }] as const;

function createGroupNotifier(options: GroupNotifierOptions): SaveNotifier {
  const { api, db, logger } = options;
  const minInterval = options.minEditIntervalMs ?? 1500;
  const chatSettings = createChatSettingsRepo(db);
  const saves = createSavesRepo(db);
  const notices = createChatNotices(db);
  const passwords = createGroupPasswords(db);
  /** Per status message: the last text shown and when. */
  const shown = new Map<string, { text: string; at: number }>();
  /**
   * Per status message: every job's latest news since the last rebuild began. Rebuilds go out one
   * at a time and in order (`StatusEditQueue`); the one waiting gathers the news of every job
   * until it runs, and a job's outcome waiting to go out is never replaced by its progress.
   */
  const news = new Map<string, Batch>();
  const edits = new StatusEditQueue(() => {});
  /**
   * Per job: its line once it ended, with what only the outcome knew (the names of failed
   * items), so a later rebuild from the rows keeps saying it.
   */
  const endedLines = new Map<string, PostLine>();

  /**
   * Rebuilds a post's status message with the news of the jobs in `news`; progress edits are
   * paced. @returns false when the text was not shown and may still be: the edit was cancelled
   * (progress giving way, or the shutdown) or cut off on the way; true when it was shown, was
   * already there, or Telegram refused it for good.
   */
  async function rebuild(chatId: number, statusMessageId: number, key: string, news: ReadonlyMap<string, JobNews>, sending: ApiSignal): Promise<boolean> {
    const rows = postLines(saves, chatId, statusMessageId);
    const entries = rows.map((row) => {
      const mine = news.get(row.jobId);
      return { jobId: row.jobId, line: mine ? mine.update(row) : (endedLines.get(row.jobId) ?? row) };
    });
    for (const [jobId, { job, update }] of news) {
      if (!rows.some((row) => row.jobId === jobId)) entries.push({ jobId, line: update(queuedLine(job.shareId)) });
    }
    const lines = entries.map((entry) => entry.line);
    const final = [...news.values()].some((item) => item.final);
    const allEnded = lines.every((line) => isFinalSaveState(line.state));
    if (endedLines.size > 10_000) endedLines.clear();
    for (const { jobId, line } of entries) {
      if (allEnded) endedLines.delete(jobId);
      else if (news.get(jobId)?.final) endedLines.set(jobId, line);
    }
    const [first] = news.values();
    const text = postStatusText(first ? langOf(first.job) : DEFAULT_LANG, lines);
    const last = shown.get(key);
    const now = Date.now();
    if (last && (last.text === text || (!final && now - last.at < minInterval))) return true;
    if (shown.size > 10_000) shown.clear();
    shown.set(key, { text, at: now });
    const send = () => api.editMessageText(chatId, statusMessageId, text, { link_preview_options: { is_disabled: true } }, sending);
    try {
      // An outcome outlasts a failure on the way; progress does not need to.
      await (final ? untilDelivered(send, retrying(chatId), { cancel: options.closing }) : send());
    } catch (error) {
      if (!isNotModified(error)) {
        // Not shown: a later rebuild with the same text must not take it for shown.
        if (last) shown.set(key, last);
        else shown.delete(key);
        // Progress that gave way to an outcome, or anything the shutdown cut off.
        if (error instanceof SendCancelledError || isTransient(error)) return false;
        logger.warn({ err: error, chat_id: chatId, message_id: statusMessageId }, 'could not edit the group status message');
      }
    }
    if (allEnded) shown.delete(key);
    return true;
  }

  const retrying = (chatId: number) => (error: unknown, attempt: number) =>
    logger.warn({ err: error, chat_id: chatId, attempt }, 'telling a group save outcome failed on the way; trying again');

  /**
   * Queues a rebuild of the post's status message with this job's news. Resolves once a rebuild
   * holding it has been sent (or skipped, or failed), to whether it was told (`rebuild`'s answer);
   * never rejects.
   */
  async function refresh(job: SaveShareJob, statusMessageId: number, update: (line: PostLine) => PostLine, final: boolean): Promise<boolean> {
    const key = `${job.chatId}:${statusMessageId}`;
    const jobId = saveJobId(job);
    // The rebuild that takes this batch is the one the push below waits for: a batch is taken
    // (and a new one begun) only when the edit waiting in the queue starts.
    let batch = news.get(key);
    if (!batch) {
      batch = { jobs: new Map() };
      news.set(key, batch);
    }
    if (final || !batch.jobs.get(jobId)?.final) batch.jobs.set(jobId, { job, update, final });
    // Outcomes go first at the flood gate and outlast any 429 (until the shutdown); progress waits, and gives way.
    await edits.push(key, final, async (cancel) => {
      const taken = news.get(key);
      news.delete(key);
      if (!taken) return;
      try {
        taken.told = await rebuild(job.chatId, statusMessageId, key, taken.jobs, final ? sendAs('now', options.closing) : sendAs('progress', cancel));
      } catch (error) {
        // The database closing under a late report, say: the save itself is done.
        logger.warn({ err: error, chat_id: job.chatId, message_id: statusMessageId }, 'could not rebuild the group status message');
      }
    });
    return batch.told === true;
  }

  /**
   * Reacts 👍 to a saved post. Rejects when the reaction was cut off (by the shutdown, or by
   * failures on the way), so the outcome stays untold; one refused for good is given up.
   */
  async function react(job: SaveShareJob): Promise<void> {
    try {
      // Held by the flood gate like any outcome (a 429 outlasted; the shutdown cuts the wait).
      await untilDelivered(() => api.setMessageReaction(job.chatId, job.sourceMessageId, [...SUCCESS_REACTION], {}, sendAs('now', options.closing)), retrying(job.chatId), { cancel: options.closing });
    } catch (error) {
      if (error instanceof SendCancelledError || isTransient(error)) throw error;
      // Reactions may be turned off in the chat, or the post deleted; the save itself worked.
      logger.info({ err: error, chat_id: job.chatId, message_id: job.sourceMessageId }, 'could not react to a saved post');
    }
  }

  /** The bot's message `questionMessageId` asks for this job's share code: a reply to it answers. */
  function awaitPassword(job: SaveShareJob, questionMessageId: number): void {
    const origin = passwords.postOf(job.chatId, job.sourceMessageId);
    passwords.add(job.chatId, questionMessageId, {
      shareId: job.shareId,
      ...(job.folderId !== undefined ? { folderId: job.folderId } : {}),
      sourceMessageId: origin?.postMessageId ?? job.sourceMessageId,
      ...(origin?.posterUserId !== undefined ? { posterUserId: origin.posterUserId } : {}),
    });
  }

  /**
   * A quiet failure: one line under the post in a group, a private message to the binder for a
   * channel. Rejects when cut off (by the shutdown, or failures on the way); one refused for good
   * (the bot removed or blocked) is given up.
   */
  async function reportQuietFailure(job: SaveShareJob, outcome: SaveOutcome, settings: ChatSettings | undefined): Promise<void> {
    await tellQuietFailure(job, outcome, settings, sendAs('now', options.closing)).catch((error: unknown) => {
      if (error instanceof SendCancelledError || isTransient(error)) throw error;
      logger.warn({ err: error, chat_id: job.chatId }, 'could not report a quiet save failure');
    });
  }

  async function tellQuietFailure(job: SaveShareJob, outcome: SaveOutcome, settings: ChatSettings | undefined, sending: ApiSignal): Promise<void> {
    const lang = langOf(job);
    const ended = withOutcome(queuedLine(job.shareId), outcome);
    const line = postLineText(lang, ended);
    if (settings?.chatType === 'channel') {
      logger.warn({ chat_id: job.chatId, share_id: job.shareId, outcome: outcome.kind }, 'a channel post was not saved');
      if (settings.boundByUserId !== null) {
        const { boundByUserId } = settings;
        const title = settings.title ?? String(job.chatId);
        await untilDelivered(() => api.sendMessage(boundByUserId, t(lang, 'channel.failure', { title, line: raw(line) }), {}, sending), retrying(job.chatId), { cancel: options.closing });
      }
      return;
    }
    const hint = passwordHint(lang, [ended]);
    const sent = await untilDelivered(
      () =>
        api.sendMessage(
          job.chatId,
          hint ? `${line}\n${hint}` : line,
          {
            reply_parameters: { message_id: job.sourceMessageId, allow_sending_without_reply: true },
            link_preview_options: { is_disabled: true },
          },
          sending,
        ),
      retrying(job.chatId),
      { cancel: options.closing },
    );
    if (hint) awaitPassword(job, sent.message_id);
  }

  return {
    async progress(job: SaveShareJob, progress: SaveProgress): Promise<void> {
      if (job.statusMessageId === undefined) return;
      await refresh(job, job.statusMessageId, (line) => withProgress(line, progress), false);
    },

    async outcome(job: SaveShareJob, outcome: SaveOutcome): Promise<void> {
      const settings = chatSettings.get(job.chatId);
      // A dead login, or the binding admin logged out while this save ran: saving pauses.
      const relogin =
        outcome.kind === 'failed' &&
        (outcome.reason === 'relogin' || (outcome.reason === 'logged_out' && !findAccountNames(db, job.accountId)));
      if (relogin) {
        const account = findAccountNames(db, job.accountId);
        const target = {
          chatId: job.chatId,
          chatType: settings?.chatType ?? 'supergroup',
          title: settings?.title ?? null,
          boundByUserId: settings?.boundByUserId ?? null,
          lang: langOf(job),
        };
        const reason = account ? { kind: 'relogin' as const, nickname: nicknameOf(account) } : { kind: 'logged_out' as const };
        // Cut off by the shutdown, it rejects: the outcome stays untold, the notice news again.
        await announcePause({ api, notices, logger }, target, reason, { replyTo: job.sourceMessageId, sending: sendAs('now', options.closing) });
      }
      if (job.statusMessageId !== undefined) {
        if (wantsPassword(outcome)) awaitPassword(job, job.statusMessageId);
        // Cut off (by the shutdown, or failures on the way): the caller must not take it as told.
        if (!(await refresh(job, job.statusMessageId, (line) => withOutcome(line, outcome), true))) throw new Error('the group save outcome was not told');
        return;
      }
      if (outcome.kind === 'saved' || outcome.kind === 'duplicate') await react(job);
      else if (!relogin) await reportQuietFailure(job, outcome, settings);
    },
  };
}

/** The news gathered for one rebuild of a status message, and whether that rebuild told it. */
interface Batch {
  jobs: Map<string, JobNews>;
  told?: boolean;
}

/** One job's latest news for its post's status message. */
interface JobNews {
  job: SaveShareJob;
  update: (line: PostLine) => PostLine;
  /** The outcome (a progress report never replaces it). */
  final: boolean;
}

function langOf(job: SaveShareJob): Lang {
  return job.lang ?? DEFAULT_LANG;
}
