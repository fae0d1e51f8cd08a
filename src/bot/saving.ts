/**
 * Turning found share links into queued save jobs: one status message per link (a reply to
 * the user's message), then the job. Used by the save-share and password-reply features and
 * after a login, so it takes a bare `Api` rather than a context.
 */
import { InlineKeyboard, type Api } from 'grammy';
import type { LinkedAccount } from '../db/accounts.repo.js';
import type { SaveShareJob } from '../jobs/save-share.job.js';
import type { ShareRef } from '../share-text.js';
import type { BotDeps } from './context.js';
import { DEFAULT_SAVE_FOLDER } from './folder-path.js';
import { queuedText } from './format.js';
import { t, type Lang } from './i18n/index.js';

/** Links handled from one message; more is almost always a spam list. */
export const MAX_LINKS_PER_MESSAGE = 10;

/** Callback data of the "log in with a QR code" button. */
export const LOGIN_QR_CALLBACK = 'login:qr';

export interface SaveRequest {
  chatId: number;
  userId: number;
  /** The user's message with the links; status messages reply to it and it keys the job id. */
  sourceMessageId: number;
  links: ShareRef[];
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
  const account = request.account ?? deps.accounts.getByTelegramUser(userId);
  if (!account || account.needsRelogin) {
    if (request.account) return []; // a bound drive is the caller's business, never a login prompt
    deps.pending.login.set(userId, {
      chatId,
      sourceMessageId,
      links: request.links.slice(0, MAX_LINKS_PER_MESSAGE),
      lang,
    });
    await api.sendMessage(chatId, t(lang, 'login.prompt'), {
      ...replyTo(sourceMessageId),
      reply_markup: new InlineKeyboard().text(t(lang, 'login.promptButton'), LOGIN_QR_CALLBACK),
    });
    return [];
  }

  const targetPath = request.targetPath ?? targetPathFor(deps, chatId);
  const results: SaveRequestResult[] = [];
  const links = request.links.slice(0, MAX_LINKS_PER_MESSAGE);
  const shared = request.statusMessage;
  for (const link of links) {
    const ownStatus =
      shared === undefined ? (await api.sendMessage(chatId, queuedText(lang, link.shareId), replyTo(sourceMessageId))).message_id : undefined;
    const statusMessageId = ownStatus ?? (shared === 'none' ? undefined : shared);
    const job: SaveShareJob = {
      chatId,
      sourceMessageId,
      ...(statusMessageId !== undefined ? { statusMessageId } : {}),
      requestedBy: userId,
      accountId: account.id,
      shareId: link.shareId,
      targetPath,
      lang,
      ...(link.password !== undefined ? { password: link.password } : {}),
      ...(link.folderId !== undefined ? { folderId: link.folderId } : {}),
    };
    let text: string | undefined;
    let result: SaveRequestResult['result'] = 'queued';
    try {
      const { queued } = await deps.enqueueSave(job);
      if (!queued) [text, result] = [t(lang, 'save.alreadyQueued', { shareId: link.shareId }), 'already'];
    } catch (error) {
      deps.logger.error({ err: error, chat_id: chatId, share_id: link.shareId }, 'could not queue a save');
      [text, result] = [t(lang, 'save.enqueueFailed'), 'failed'];
    }
    results.push({ shareId: link.shareId, result });
    if (text !== undefined && ownStatus !== undefined) {
      await api.editMessageText(chatId, ownStatus, text).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not update a status message');
      });
    }
  }
  if (request.links.length > MAX_LINKS_PER_MESSAGE) {
    await api.sendMessage(chatId, t(lang, 'save.tooMany', { max: MAX_LINKS_PER_MESSAGE }), replyTo(sourceMessageId));
  }
  return results;
}

/** Saves the links a user sent before logging in, if any are still waiting. */
export async function resumeAfterLogin(deps: BotDeps, api: Api, userId: number): Promise<void> {
  const wait = deps.pending.login.take(userId);
  if (!wait || wait.links.length === 0) return;
  await requestSaves(deps, api, { ...wait, userId });
}
