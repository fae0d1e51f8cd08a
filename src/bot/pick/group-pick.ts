/**
 * /pick in a bound group: whoever may /save there (admins; members once /members is on) opens a
 * share as a list in the group, ticks it (only they can), and 💾 saves the ticked items into the
 * group's drive — the binder's, the group's folder, within the group's hourly limit — as group
 * saves are.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { extractShareLinks } from '../../share-text.js';
import type { BotContext, BotDeps } from '../context.js';
import { formatDate } from '../format.js';
import { isAdminRole, replyInGroup, senderOf } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf } from '../groups/binding.js';
import { hourlyBudget, hourlyLimitOf } from '../groups/hourly-limit.js';
import { shareLinksOf } from '../groups/post-links.js';
import { t, type Lang } from '../i18n/index.js';
import { openPick } from './open-pick.js';

export const groupPickFeature = new Composer<BotContext>();

groupPickFeature.chatType(['group', 'supergroup']).command('pick', async (ctx) => {
  const { deps, lang } = ctx;
  const { actor, role } = await senderOf(ctx);
  const settings = deps.chatSettings.get(ctx.chat.id);
  if (!(isAdminRole(role) || (role === 'member' && settings?.membersCanSave === true))) return replyInGroup(ctx, t(lang, 'refuse.membersOff'));
  // The list's buttons answer only the person who asked; an anonymous admin has no person to answer.
  if (actor.kind !== 'user') return replyInGroup(ctx, t(lang, 'pickGroup.asYourself'));
  const replied: Message | undefined = ctx.msg.reply_to_message?.forum_topic_created ? undefined : ctx.msg.reply_to_message;
  const link = extractShareLinks(ctx.match, [])[0] ?? (replied ? shareLinksOf(replied)[0] : undefined);
  if (!link) return replyInGroup(ctx, t(lang, 'pick.usage'));
  const target = groupPickTarget(deps, ctx.chat, lang);
  if ('refusal' in target) return replyInGroup(ctx, target.refusal);
  await ctx.replyWithChatAction('typing').catch(() => undefined);
  await openPick(deps, ctx.api, { chatId: ctx.chat.id, userId: actor.userId, sourceMessageId: ctx.msg.message_id, lang, link, account: target.account });
});

export interface GroupPickTarget {
  account: LinkedAccount;
  /** Group saves count as the binder's (their drive, their /history). */
  requestedBy: number;
  targetPath: string;
}

/** Where a group's pick saves to, or why it cannot now (not bound, login dead, hourly limit reached). */
export function groupPickTarget(deps: BotDeps, chat: { id: number; title?: string | undefined }, lang: Lang): GroupPickTarget | { refusal: string } {
  const settings = deps.chatSettings.get(chat.id);
  const binding = bindingOf(deps.accounts, settings);
  if (binding.state === 'unbound') return { refusal: t(lang, 'notBound') };
  if (binding.state !== 'ok') return { refusal: t(lang, 'pickGroup.loginGone') };
  const budget = hourlyBudget(deps.saves, chat.id, hourlyLimitOf(settings, deps.config), Date.now());
  if (budget.remaining === 0) {
    return { refusal: t(lang, 'limit.reached', { limit: budget.limit, time: formatDate(budget.resumesAt ?? Date.now()).slice(-5) }) };
  }
  return { account: binding.account, requestedBy: binding.boundByUserId, targetPath: chatFolderOf(settings, chat) };
}
