/**
 * Opening a share as a /pick list: list it (anonymously, paced through the user's account), keep
 * the list in SQLite and show its first page — or ask for the password first, through the same
 * "send me the code" wait ordinary saves use (src/bot/features/password-reply.ts).
 */
import type { Api } from 'grammy';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { shareTitle } from '../../jobs/copy-results.js';
import { listShareTree } from '../../jobs/follow/share-tree.js';
import { classifyFailure } from '../../jobs/save-failure.js';
import { createPickListsRepo } from '../../db/picks.repo.js';
import type { ShareRef } from '../../share-text.js';
import type { BotDeps } from '../context.js';
import { failureText } from '../format.js';
import { t, type Lang } from '../i18n/index.js';
import { isNotModified } from '../telegram-errors.js';
import type { RenderedMessage } from '../share-links/list-view.js';
import { PickTree } from './pick-model.js';
import { renderPickList } from './pick-view.js';

export interface PickRequest {
  chatId: number;
  userId: number;
  /** The user's message with the share: the list replies to it, and it keys the save job. */
  sourceMessageId: number;
  lang: Lang;
  link: ShareRef;
  /** A group's bound account; by default the user's own. */
  account?: LinkedAccount;
}

/** Shows `view` in `messageId` (an edit that changes nothing is no failure). */
export async function showIn(api: Api, chatId: number, messageId: number, view: RenderedMessage | string): Promise<void> {
  const [text, keyboard] = typeof view === 'string' ? [view, undefined] : [view.text, view.keyboard];
  try {
    await api.editMessageText(chatId, messageId, text, { link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

/** Lists the share and shows it as a new message replying to the request. */
export async function openPick(deps: BotDeps, api: Api, request: PickRequest): Promise<void> {
  const { chatId, userId, lang, link } = request;
  const reply = { reply_parameters: { message_id: request.sourceMessageId, allow_sending_without_reply: true } };
  const account = request.account ?? deps.accounts.working(userId);
  if (!account) {
    await api.sendMessage(chatId, t(lang, 'pick.needLogin'), reply);
    return;
  }
  const messageId = (await api.sendMessage(chatId, t(lang, 'pick.opening'), reply)).message_id;
  const password = link.password ?? '';
  const session = deps.accounts.session(account);
  let shareName: string;
  let entries: Awaited<ReturnType<typeof listShareTree>>;
  try {
    const info = await session.getShareInfo(link.shareId);
    shareName = shareTitle(info) || link.shareId;
    await session.getShareToken(link.shareId, password);
    entries = await listShareTree(session, link.shareId, password);
  } catch (error) {
    const kind = classifyFailure(error, { passwordGiven: password !== '' });
    deps.logger.info({ err: error, share_id: link.shareId, kind }, 'could not open a share for /pick');
    // A group has no "send me the code" wait for a list: the code comes with the command again.
    if ((kind === 'missing_password' || kind === 'wrong_password') && chatId < 0) {
      await showIn(api, chatId, messageId, t(lang, 'pickGroup.needPassword'));
      return;
    }
    if (kind === 'missing_password' || kind === 'wrong_password') {
      deps.pending.password.set(chatId, userId, { shareId: link.shareId, ...(link.folderId ? { folderId: link.folderId } : {}), statusMessageId: messageId, pick: true });
      await showIn(api, chatId, messageId, t(lang, kind === 'missing_password' ? 'pick.needPassword' : 'pick.wrongPassword'));
      return;
    }
    await showIn(api, chatId, messageId, kind ? failureText(lang, kind, link.shareId) : t(lang, 'pick.failed'));
    return;
  }

  const folder = link.folderId ? entries.findIndex((e) => e.fileId === link.folderId && e.kind === 'folder') : -1;
  const id = createPickListsRepo(deps.db).create({
    telegramUserId: userId,
    chatId,
    sourceMessageId: request.sourceMessageId,
    messageId,
    lang,
    shareId: link.shareId,
    folderId: link.folderId ?? null,
    password: password || null,
    shareName,
    entries: JSON.stringify(entries),
  });
  await showIn(api, chatId, messageId, renderPickList(lang, { id, shareName, tree: new PickTree(entries), ticked: new Set(), folder, page: 0 }));
}
