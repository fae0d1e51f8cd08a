/**
 * Turning found share links into queued save jobs: one status message per link (a reply to
 * the user's message), then the job. Used by the save-share and password-reply features and
 * after a login, so it takes a bare `Api` rather than a context.
 */
import type { Api } from 'grammy';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { saveJobId, type SaveShareJob } from '../../jobs/save-share.job.js';
import { TooManyQueuedError } from '../../jobs/save-queue.js';
import type { ShareRef } from '../../share-text.js';
import type { BotDeps } from '../context.js';
import { DEFAULT_SAVE_FOLDER } from '../folder-path.js';
import { queuedText } from '../format.js';
import { DEFAULT_LANG, t, type Lang } from '../i18n/index.js';
import { loginKeyboard, rememberLoginPrompt } from '../login-prompt.js';
import { withPickButton } from '../pick/offer.js';
import { stopKeyboard } from './stop-retry.js';
import { SendCancelledError, sendAs } from '../flood-gate.js';

/** Links handled from one message; more is almost always a spam list. */
export const MAX_LINKS_PER_MESSAGE = 10;

export interface SaveRequest {
  chatId: number;
  userId: number;
  /** The user's message with the links; status messages reply to it and it keys the job id. */
  sourceMessageId: number;
  /** The links, each with the name the message gave it (see pasted-names.ts) when it gave one. */
  links: Array<ShareRef & { pastedName?: string }>;
  lang: Lang;
  /** Save into this account instead of the user's own (a group's bound drive; the caller checked it works). */
  account?: LinkedAccount;
  /** Save into this folder instead of the chat's /folder setting. */
  targetPath?: string;
  /**
   * Where the links' progress shows: one status message per link when omitted; a message id
   * shared by all the links (a group post's compact status); or `'none'` (quiet mode, channels:
   * the notifier reacts instead). With either of the last two, the caller shows the enqueue
   * results itself.
   */
  statusMessage?: number | 'none';
}

/** What became of one link of a request. */
export interface SaveRequestResult {
  shareId: string;
  result: 'queued' | 'already' | 'failed';
}

/** The folder saves from this chat go to. */
export function targetPathFor(deps: Pick<BotDeps, 'chatSettings'>, chatId: number): string {
  return deps.chatSettings.get(chatId)?.saveFolder ?? DEFAULT_SAVE_FOLDER;
}

function replyTo(messageId: number) {
  return {
    reply_parameters: { message_id: messageId, allow_sending_without_reply: true },
    link_preview_options: { is_disabled: true },
  };
}

/**
 * Queues a save per link, or — when the user has no working login — remembers the links and
 * asks them to log in (the links are saved right after the login).
 * @returns what became of each link (nothing after a login prompt).
 */
export async function requestSaves(deps: BotDeps, api: Api, request: SaveRequest): Promise<SaveRequestResult[]> {
  const { chatId, userId, sourceMessageId, lang } = request;
  const account = request.account ?? deps.accounts.working(userId);
  if (!account) {
    const waiting = deps.pending.login.add(userId, {
      chatId,
      sourceMessageId,
      links: request.links.slice(0, MAX_LINKS_PER_MESSAGE),
      lang,
    });
    const text = waiting > 1 ? `${t(lang, 'login.prompt')}\n${t(lang, 'login.waitingCount', { n: waiting })}` : t(lang, 'login.prompt');
    const prompt = await api.sendMessage(chatId, text, {
      ...replyTo(sourceMessageId),
      reply_markup: loginKeyboard(lang),
    });
    rememberLoginPrompt(deps, userId, chatId, prompt.message_id);
    return [];
  }

  const targetPath = request.targetPath ?? targetPathFor(deps, chatId);
  const shared = request.statusMessage;
  const results: SaveRequestResult[] = [];
  // One link after another, so the status messages stand in the order of the links.
  for (const link of request.links.slice(0, MAX_LINKS_PER_MESSAGE)) {
    const job: SaveShareJob = {
      chatId,
      sourceMessageId,
      ...(shared === undefined ? { statusMessageFollows: true as const } : shared === 'none' ? {} : { statusMessageId: shared }),
      requestedBy: userId,
      accountId: account.id,
      shareId: link.shareId,
      targetPath,
      lang,
      ...(link.password !== undefined ? { password: link.password } : {}),
      ...(link.folderId !== undefined ? { folderId: link.folderId } : {}),
      ...(link.pastedName ? { pastedName: link.pastedName } : {}),
    };
    // Several links: each shows its status at once, so they stand in order and their buttons
    // name one save each (a single link's quick save is told by its outcome alone).
    const showAt = request.links.length > 1 ? 0 : undefined;
    // With its own status message the asker can choose part of a large share there (📂).
    const { result } = shared === undefined ? await enqueueWithStatus(deps, api, { ...job, mayChoose: true }, showAt) : await enqueue(deps, job);
    results.push({ shareId: link.shareId, result });
  }
  if (request.links.length > MAX_LINKS_PER_MESSAGE) {
    await api.sendMessage(chatId, t(lang, 'save.tooMany', { max: MAX_LINKS_PER_MESSAGE }), replyTo(sourceMessageId));
  }
  return results;
}

/**
 * Queues a save; its own status message follows only if the save is still running after a moment
 * (`StatusMessages`' `showAfterMs`), so a quick save costs one message — its outcome — and no save
 * waits for Telegram. The message's id reaches the notifier through `deps.statusMessages`.
 */
async function enqueueWithStatus(deps: BotDeps, api: Api, job: SaveShareJob, showAfterMs?: number): Promise<{ result: SaveRequestResult['result'] }> {
  const sender = deps.statusMessages.expect(saveJobId(job));
  const { result, text } = await enqueue(deps, job);
  if (result !== 'queued') {
    sender.drop();
    // Not queued: what the user needs to know is the one message.
    if (text !== undefined) {
      await api.sendMessage(job.chatId, text, replyTo(job.sourceMessageId)).catch((error: unknown) => {
        deps.logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not say a save was not queued');
      });
    }
    return { result };
  }
  const lang = job.lang ?? DEFAULT_LANG;
  sender.sendAfter(
    (cancel) =>
      api.sendMessage(job.chatId, queuedText(lang, job.shareId), { ...replyTo(job.sourceMessageId), reply_markup: withPickButton(deps, job, lang, stopKeyboard(lang)) }, sendAs('status', cancel)).then(
        (sent) => sent.message_id,
        (error: unknown) => {
          // The save goes on; its outcome is sent as a new message.
          if (!(error instanceof SendCancelledError)) {
            deps.logger.warn({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not send a save status message');
          }
          return undefined;
        },
      ),
    // The save is queued and this process's notifier has the id; a worker process will tell the outcome anew.
    (error) => deps.logger.error({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not record a status message'),
    showAfterMs,
  );
  return { result };
}

/** Queues one save; `text` is what its status message should say instead of "queued". */
async function enqueue(deps: BotDeps, job: SaveShareJob): Promise<{ result: SaveRequestResult['result']; text?: string }> {
  const lang = job.lang ?? DEFAULT_LANG;
  try {
    const { queued } = await deps.enqueueSave(job);
    return queued ? { result: 'queued' } : { result: 'already', text: t(lang, 'save.alreadyQueued', { shareId: job.shareId }) };
  } catch (error) {
    if (error instanceof TooManyQueuedError) return { result: 'failed', text: t(lang, 'save.queueFull', { max: error.limit }) };
    deps.logger.error({ err: error, chat_id: job.chatId, share_id: job.shareId }, 'could not queue a save');
    return { result: 'failed', text: t(lang, 'save.enqueueFailed') };
  }
}

/** Saves every link a user sent before logging in that is still waiting, and says so first. */
export async function resumeAfterLogin(deps: BotDeps, api: Api, userId: number): Promise<void> {
  const waits = deps.pending.login.take(userId).filter((wait) => wait.links.length > 0);
  const first = waits[0];
  if (!first) return;
  const count = waits.reduce((n, wait) => n + wait.links.length, 0);
  await api.sendMessage(first.chatId, t(first.lang, 'login.resuming', { count })).catch((error: unknown) => {
    deps.logger.warn({ err: error, user_id: userId }, 'could not announce the saves after the login');
  });
  for (const wait of waits) await requestSaves(deps, api, { ...wait, userId });
}
