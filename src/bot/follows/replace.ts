/**
 * `/follow <new link>` while a follow is paused because its share is gone: buttons offer to give
 * that follow the new link (keeping its folder and its memory of what was saved) or to follow
 * the link as a new share. The link rides in the button's data (share id and password, as the
 * user pasted them in this chat): nothing is kept for it.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { shareRef, type ShareRef } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { shortName } from '../format.js';
import { t } from '../i18n/index.js';
import { targetPathFor } from '../saving/request-saves.js';
import { plainText } from '../share-links/failures.js';
import { followLink } from './start.js';

/** `fr:<follow id, 0 = follow as new>:<share id>:<password>`. */
const REPLACE_PATTERN = /^fr:(\d+):([A-Za-z0-9_-]{1,40}):([A-Za-z0-9]{0,8})$/;
/** Follows offered at most. */
const MAX_OFFERED = 5;

export const replaceFeature = new Composer<BotContext>();

/** Offers the user's gone-share follows the new link; false (nothing sent) when there are none or the link does not fit a button. */
export async function offerReplace(ctx: BotContext, account: LinkedAccount, link: ShareRef): Promise<boolean> {
  const { deps, lang } = ctx;
  const userId = ctx.from?.id as number;
  // A share this account follows already is answered as such, not offered around.
  if (deps.follows.list({ userId }, 0, 200).some((row) => row.accountId === account.id && row.shareId === link.shareId)) return false;
  const candidates = deps.follows.replaceable(userId).filter((row) => row.accountId === account.id);
  const data = (id: number) => `fr:${id}:${link.shareId}:${link.password ?? ''}`;
  if (candidates.length === 0 || !REPLACE_PATTERN.test(data(0))) return false;
  const markup = new InlineKeyboard();
  for (const row of candidates.slice(0, MAX_OFFERED)) {
    markup.text(t(lang, 'followReplace.btn.replace', { name: shortName(row.shareName || row.shareId, 30) }), data(row.id)).row();
  }
  markup.text(t(lang, 'followReplace.btn.new'), data(0));
  await ctx.reply(t(lang, 'followReplace.offer'), { reply_markup: markup });
  return true;
}

replaceFeature.callbackQuery(REPLACE_PATTERN, async (ctx) => {
  const { deps, lang } = ctx;
  const [, id, shareId, password] = ctx.match;
  const link = shareRef(shareId as string, undefined, password || undefined);
  const account = deps.accounts.working(ctx.from.id);
  const message = ctx.callbackQuery.message;
  if (!account || !ctx.chat || !message) return void (await ctx.answerCallbackQuery({ text: plainText(t(lang, 'follow.needLogin')), show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
  if (id === '0') {
    return followLink(ctx, account, link, { chatId: ctx.chat.id, ownerId: ctx.from.id, targetPath: targetPathFor(deps, ctx.chat.id) }, message.message_id);
  }
  const row = deps.follows.get(Number(id));
  if (!row || row.telegramUserId !== ctx.from.id) return void (await ctx.reply(t(lang, 'follows.gone')));
  const name = row.shareName || row.shareId;
  try {
    const done = await deps.follows.replaceLink(row, link);
    if (done.result === 'replaced') await ctx.reply(t(lang, 'followReplace.done', { name, path: row.targetPath, remembered: done.remembered }));
    else if (done.result === 'wrong_password') await ctx.reply(t(lang, 'followReplace.wrongPassword'));
    else if (done.result === 'gone') await ctx.reply(t(lang, 'followReplace.gone'));
    else if (done.result === 'already_followed') await ctx.reply(t(lang, 'followReplace.already'));
    else await ctx.reply(t(lang, 'followReplace.notPaused', { name }));
  } catch (error) {
    ctx.logger.error({ err: error, follow_id: row.id }, 'could not replace the link of a follow');
    await ctx.reply(t(lang, 'follow.failed'));
  }
});
