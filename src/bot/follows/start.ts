/** Starting a follow from the bot: /follow, 🔔, a group's /follow and "follow as new" after a replace offer. */
import type { LinkedAccount } from '../../db/accounts.repo.js';
import type { SaveRow } from '../../db/saves.repo.js';
import { saveJobId } from '../../jobs/save-share.job.js';
import type { ShareRef } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';
import { requestSaves } from '../saving/request-saves.js';

/** Where a follow's notices go and whose it is: the private chat, or a bound group (then the binder's). */
export interface FollowPlace {
  chatId: number;
  /** The follow's owner (the binding admin in a group): its drive, its /follows. */
  ownerId: number;
  /** The folder a save not made yet goes to. */
  targetPath: string;
}

/** Follows `link`, whose first save is `save` (ended before) or `saveJob` (queued just now). */
export async function startFollowing(ctx: BotContext, account: LinkedAccount, link: ShareRef, first: { save?: SaveRow; jobId: string }, place: FollowPlace): Promise<void> {
  const { deps, lang } = ctx;
  try {
    const { created, row } = await deps.follows.follow({
      telegramUserId: place.ownerId,
      accountId: account.id,
      chatId: place.chatId,
      lang,
      shareId: link.shareId,
      password: link.password,
      shareName: first.save?.shareName ?? '',
      targetPath: first.save?.targetPath ?? place.targetPath,
      saveJobId: first.jobId,
    });
    const name = row.shareName || first.save?.shareName || link.shareId;
    if (!created) await ctx.reply(t(lang, 'follow.already', { name }));
    else if (row.state === 'active') await ctx.reply(t(lang, 'follow.started', { name, path: row.targetPath }));
    else if (row.state === 'waiting') await ctx.reply(t(lang, 'follow.startedAfterSave', { name }));
    // Paused at once: the check told why.
  } catch (error) {
    ctx.logger.error({ err: error, share_id: link.shareId }, 'could not follow a share');
    await ctx.reply(t(lang, 'follow.failed'));
  }
}

/**
 * Follows a share in `place` with `account`: at once when it was saved before, else after the
 * save this starts (keyed by `sourceMessageId`, as a pasted link would be).
 */
export async function followLink(ctx: BotContext, account: LinkedAccount, link: ShareRef, place: FollowPlace, sourceMessageId: number): Promise<void> {
  const { deps, lang } = ctx;
  const previous = deps.saves.findPreviousSave({ accountId: account.id, aliyunUserId: account.aliyunUserId }, link.shareId, 'root');
  if (previous) return startFollowing(ctx, account, link, { save: previous, jobId: previous.jobId }, place);
  // Not saved yet: saved first, as if the link had been pasted; the follow starts when it ends.
  const [result] = await requestSaves(deps, ctx.api, {
    chatId: place.chatId,
    userId: place.ownerId,
    sourceMessageId,
    links: [link],
    lang,
    ...(place.chatId !== place.ownerId ? { account, targetPath: place.targetPath } : {}),
  });
  if (!result || result.result === 'failed') return;
  await startFollowing(ctx, account, link, { jobId: saveJobId({ chatId: place.chatId, sourceMessageId, shareId: link.shareId }) }, place);
}

