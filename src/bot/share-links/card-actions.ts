/**
 * What the /myshares buttons do. Every card action reads the share first (share_link/get), so
 * a share cancelled or deleted elsewhere gets a clear answer and a refreshed card or list
 * instead of a failed call.
 */
import type { CallbackQueryContext } from 'grammy';
import type { AccountSession, ShareLink } from '../../api/index.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import type { BotContext } from '../context.js';
import { shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { isNotModified } from '../telegram-errors.js';
import { EXPIRY_DAYS, type CardAction, type ListPosition } from './callback-data.js';
import { renderCancelConfirm, renderCard, renderExpiryMenu, renderPasswordMenu } from './card-view.js';
import { failureOf } from './failures.js';
import { fitShareText } from './options-view.js';
import { fetchShareSummaries, type CachedShareList } from './list-cache.js';
import { renderList, type RenderedMessage } from './list-view.js';
import { randomSharePassword } from './password.js';
import { shareNameOf, shareStateOf, summarize, type ShareState } from './share-summary.js';
import { TYPE_PASSWORD_CONVERSATION, type TypePasswordArgs } from './type-password.conversation.js';
import { t } from '../i18n/index.js';

export type MySharesContext = CallbackQueryContext<BotContext>;

/** Who is acting, on which account. */
export interface Actor {
  ownerId: number;
  account: LinkedAccount;
  session: AccountSession;
}

const DAY = 24 * 60 * 60_000;

/** The actions each state allows (a cancelled link can only be looked at). */
const ALLOWED: Record<ShareState, readonly CardAction[]> = {
  valid: ['open', 'text', 'expiry', 'e1', 'e7', 'e30', 'e0', 'pwd', 'prand', 'ptype', 'pdel', 'cancel', 'cyes'],
  expired: ['open', 'expiry', 'e1', 'e7', 'e30', 'e0', 'pwd', 'prand', 'ptype', 'pdel', 'cancel', 'cyes'],
  cancelled: ['open'],
  forbidden: ['open', 'cancel', 'cyes'],
};

const STALE_NOTICES = { valid: 'staleGone', expired: 'staleExpired', cancelled: 'staleCancelled', forbidden: 'staleForbidden' } as const;

/** Shows a view in the pressed message (an unchanged view is fine). */
export async function showView(ctx: MySharesContext, view: RenderedMessage): Promise<void> {
  try {
    await ctx.editMessageText(view.text, { reply_markup: view.keyboard, link_preview_options: { is_disabled: true } });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

/** The user's list: cached unless `refresh`, else fetched (all pages) and cached. */
export async function loadList(ctx: BotContext, actor: Actor, refresh: boolean): Promise<CachedShareList> {
  const cache = ctx.deps.shareLists;
  const cached = refresh ? undefined : cache.get(actor.ownerId, actor.account.id);
  if (cached) return cached;
  const now = Date.now();
  const list: CachedShareList = { accountId: actor.account.id, fetchedAt: now, ...(await fetchShareSummaries(actor.session, now)) };
  cache.set(actor.ownerId, list);
  return list;
}

/** Shows a list page in the pressed message, answering the click with `notice` (a pop-up if `alert`). */
export async function showListPage(
  ctx: MySharesContext,
  actor: Actor,
  position: ListPosition,
  refresh: boolean,
  notice?: { text: string; alert?: boolean },
): Promise<void> {
  const list = await loadList(ctx, actor, refresh);
  await ctx.answerCallbackQuery(notice ? { text: notice.text, show_alert: notice.alert ?? false } : {});
  await showView(ctx, renderList(ctx.lang, list.shares, position, Date.now(), list.truncatedAt));
}

/** Runs one card button. Aliyun failures other than "gone" are the caller's to report. */
export async function runCardAction(ctx: MySharesContext, actor: Actor, action: CardAction, shareId: string, position: ListPosition): Promise<void> {
  const { lang } = ctx;
  let link: ShareLink;
  try {
    link = await actor.session.getShareLink(shareId);
  } catch (error) {
    if (failureOf(error).kind !== 'gone') throw error;
    await showListPage(ctx, actor, position, true, { text: t(lang, 'staleGone'), alert: true });
    return;
  }
  const cache = ctx.deps.shareLists;
  const now = Date.now();
  cache.patch(actor.ownerId, summarize(link, now));
  const state = shareStateOf(link, now);
  if (!ALLOWED[state].includes(action)) {
    await ctx.answerCallbackQuery({ text: t(lang, STALE_NOTICES[state]), show_alert: true });
    await showView(ctx, renderCard(lang, link, position, now));
    return;
  }

  const changed = async (updated: ShareLink, notice: string) => {
    cache.patch(actor.ownerId, summarize(updated, Date.now()));
    await ctx.answerCallbackQuery({ text: notice });
    await showView(ctx, renderCard(lang, updated, position, Date.now()));
  };

  switch (action) {
    case 'open':
      await ctx.answerCallbackQuery();
      return showView(ctx, renderCard(lang, link, position, now));
    case 'expiry':
      await ctx.answerCallbackQuery();
      return showView(ctx, renderExpiryMenu(lang, link, position, now));
    case 'pwd':
      await ctx.answerCallbackQuery();
      return showView(ctx, renderPasswordMenu(lang, link, position, now));
    case 'cancel':
      await ctx.answerCallbackQuery();
      return showView(ctx, renderCancelConfirm(lang, link, position, now));
    case 'text': {
      const message = await actor.session.getShareMsg(shareId);
      await ctx.answerCallbackQuery({ text: t(lang, 'doneTextSent') });
      await ctx.reply(`<code>${escapeHtml(fitShareText(message.full_share_msg, link.share_url))}</code>`, { link_preview_options: { is_disabled: true } });
      return;
    }
    case 'e1':
    case 'e7':
    case 'e30':
    case 'e0': {
      const days = EXPIRY_DAYS[action] ?? 0;
      const expiration = days > 0 ? new Date(Date.now() + days * DAY).toISOString() : '';
      const updated = await actor.session.updateShareLink({ shareId, expiration });
      return changed(updated, t(lang, 'doneExpiry', { expiry: days > 0 ? t(lang, 'expDays', { n: days }) : t(lang, 'expNever') }));
    }
    case 'prand': {
      const password = randomSharePassword();
      const updated = await actor.session.updateShareLink({ shareId, password });
      return changed(updated, t(lang, 'donePassword', { password }));
    }
    case 'pdel':
      return changed(await actor.session.updateShareLink({ shareId, password: '' }), t(lang, 'donePasswordRemoved'));
    case 'ptype': {
      await ctx.answerCallbackQuery();
      const args: TypePasswordArgs = {
        lang,
        ownerId: actor.ownerId,
        shareId,
        // Shown twice in the dialog: a name of any length must not push a message past Telegram's limit.
        name: shortName(shareNameOf(link), 60),
        cardMessageId: ctx.callbackQuery.message?.message_id ?? 0,
        position,
      };
      // One dialog at a time per chat: the newest thing the user asked for wins.
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(TYPE_PASSWORD_CONVERSATION, args);
      return;
    }
    case 'cyes':
      await actor.session.cancelShareLink(shareId);
      cache.patch(actor.ownerId, summarize({ ...link, status: 'disabled' }, Date.now()));
      return showListPage(ctx, actor, position, false, { text: t(lang, 'doneCancelled') });
  }
}
