/**
 * `/follow <link>` in a bound group, admins only: the share is followed with the binder's
 * account (their drive, the group's folder, their /follows) and notices go to the group.
 * `/follows` there lists the group's follows; anyone may look, admins may change them.
 */
import { Composer } from 'grammy';
import { extractShareLinks } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { replyInGroup, requireAdmin } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf } from '../groups/binding.js';
import { hourlyBudget, hourlyLimitOf } from '../groups/hourly-limit.js';
import { formatDate } from '../format.js';
import { t } from '../i18n/index.js';
import { showFollows } from './list.js';
import { followLink } from './start.js';

export const groupFollowFeature = new Composer<BotContext>();

groupFollowFeature.chatType(['group', 'supergroup']).command('follow', async (ctx) => {
  const { deps, lang } = ctx;
  if (!(await requireAdmin(ctx))) return;
  const [link] = extractShareLinks(ctx.msg.text, ctx.msg.entities);
  if (!link) return replyInGroup(ctx, t(lang, 'follow.usage'));
  if (link.folderId !== undefined) return replyInGroup(ctx, t(lang, 'follow.folderLink'));
  const settings = deps.chatSettings.get(ctx.chat.id);
  const binding = bindingOf(deps.accounts, settings);
  if (binding.state === 'unbound') return replyInGroup(ctx, t(lang, 'followGroup.notBound'));
  if (binding.state !== 'ok') return replyInGroup(ctx, t(lang, 'follow.needLogin'));
  // A share not saved yet is saved first: that save counts toward the group's hourly limit.
  const saved = deps.saves.findPreviousSave({ accountId: binding.account.id, aliyunUserId: binding.account.aliyunUserId }, link.shareId, 'root');
  const budget = hourlyBudget(deps.saves, ctx.chat.id, hourlyLimitOf(settings, deps.config), Date.now());
  if (!saved && budget.remaining === 0) {
    return replyInGroup(ctx, t(lang, 'limit.reached', { limit: budget.limit, time: formatDate(budget.resumesAt ?? Date.now()).slice(-5) }));
  }
  await followLink(ctx, binding.account, link, { chatId: ctx.chat.id, ownerId: binding.boundByUserId, targetPath: chatFolderOf(settings, ctx.chat) }, ctx.msg.message_id);
});

groupFollowFeature.chatType(['group', 'supergroup']).command('follows', (ctx) => showFollows(ctx, 0, false));
