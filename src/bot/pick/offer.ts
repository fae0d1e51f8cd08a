/**
 * The 📂 choose-files button under an ordinary save's status message while it is queued: a list
 * row is kept for it (not listed yet — that happens on the press), so the button works after a
 * restart and carries only the list's id.
 */
import type { InlineKeyboard } from 'grammy';
import { createPickListsRepo } from '../../db/picks.repo.js';
import type { SaveShareJob } from '../../jobs/save-share.job.js';
import type { BotDeps } from '../context.js';
import { t, type Lang } from '../i18n/index.js';
import { pickData } from './pick-view.js';

/** `keyboard` plus a 📂 row leading to the /pick list of the job's share. */
export function withPickButton(deps: Pick<BotDeps, 'db' | 'logger'>, job: SaveShareJob, lang: Lang, keyboard: InlineKeyboard): InlineKeyboard {
  if (job.fileIds && job.fileIds.length > 0) return keyboard;
  let id: string;
  try {
    id = createPickListsRepo(deps.db).create({
      telegramUserId: job.requestedBy,
      chatId: job.chatId,
      sourceMessageId: job.sourceMessageId,
      lang,
      shareId: job.shareId,
      folderId: job.folderId ?? null,
      password: job.password ?? null,
    });
  } catch (error) {
    // The status message matters more than the offer.
    deps.logger.warn({ err: error }, 'could not keep a /pick offer');
    return keyboard;
  }
  return keyboard.row().text(t(lang, 'pick.chooseButton'), pickData(id, 'go'));
}
