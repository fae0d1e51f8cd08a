/** "🔗 share it" under a save outcome, for the save notifier. */
import { InlineKeyboard } from 'grammy';
import type { SaveOutcome } from '../../jobs/save-outcome.js';
import type { SaveShareJob } from '../../jobs/save-share.job.js';
import { t, type Lang } from '../i18n/index.js';
import { shareSavedData } from './callback-data.js';

/**
 * The keyboard for an outcome that put files into the drive, in a private chat (links are
 * made from one's own drive, so groups do not get the button), under the save's status
 * message (the button names it); undefined otherwise.
 */
export function shareItKeyboard(
  lang: Lang,
  job: Pick<SaveShareJob, 'chatId' | 'requestedBy' | 'statusMessageId'>,
  outcome: SaveOutcome,
): InlineKeyboard | undefined {
  if (outcome.kind !== 'saved' && outcome.kind !== 'partial') return undefined;
  if (job.chatId !== job.requestedBy || job.statusMessageId === undefined) return undefined;
  return new InlineKeyboard().text(t(lang, 'btnShareIt'), shareSavedData(job.statusMessageId));
}
