/**
 * 追更: `/follow <share>` and the 🔔 button start following a share (a share not saved yet is
 * saved first); `/follows` lists them with check now, pause/resume, 🔍 settings (filters,
 * rename rule: ../follows/settings.ts) and delete. In a bound group: ../follows/group-follow.ts.
 */
import { Composer } from 'grammy';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { extractShareLinks } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { presserIsAdmin } from '../groups/admin-check.js';
import { showFollows } from '../follows/list.js';
import { followLink, startFollowing } from '../follows/start.js';
import { groupFollowFeature } from '../follows/group-follow.js';
import { offerReplace, replaceFeature } from '../follows/replace.js';
import { followSettingsFeature, showFollowSettings } from '../follows/settings.js';
import { FOLLOW_ACTION_PATTERN, FOLLOW_PAGE_PATTERN, FOLLOW_SAVED_PATTERN } from '../follows/views.js';
import { plainText } from '../share-links/failures.js';
import { t } from '../i18n/index.js';
import { targetPathFor } from '../saving/request-saves.js';

export const followFeature = new Composer<BotContext>();
followFeature.use(followSettingsFeature, replaceFeature, groupFollowFeature);
const privateChats = followFeature.chatType('private');

function linkedAccount(ctx: BotContext): LinkedAccount | undefined {
  return ctx.from && ctx.deps.accounts.working(ctx.from.id);
}

privateChats.command('follow', async (ctx) => {
  const { deps, lang } = ctx;
  const [link] = extractShareLinks(ctx.msg.text, ctx.msg.entities);
  if (!link) return void (await ctx.reply(t(lang, 'follow.usage')));
  if (link.folderId !== undefined) return void (await ctx.reply(t(lang, 'follow.folderLink')));
  const account = linkedAccount(ctx);
  if (!account) return void (await ctx.reply(t(lang, 'follow.needLogin')));
  // A follow paused because its share is gone may take this link instead (asked with buttons).
  if (await offerReplace(ctx, account, link)) return;
  await followLink(ctx, account, link, { chatId: ctx.chat.id, ownerId: ctx.from.id, targetPath: targetPathFor(deps, ctx.chat.id) }, ctx.msg.message_id);
});

followFeature.callbackQuery(FOLLOW_SAVED_PATTERN, async (ctx) => {
  const { deps, lang } = ctx;
  const answer = (text: string) => ctx.answerCallbackQuery({ text: plainText(text), show_alert: true });
  if (ctx.chat?.type !== 'private') return void (await ctx.answerCallbackQuery());
  const save = deps.saves.latestByStatusMessage(ctx.chat.id, Number(ctx.match[1]));
  const account = linkedAccount(ctx);
  if (!save || save.telegramUserId !== ctx.from.id) return void (await answer(t(lang, 'unhandled.callback')));
  if (!account || save.accountId !== account.id) return void (await answer(t(lang, 'follow.needLogin')));
  await ctx.answerCallbackQuery();
  // The save's password was kept (sealed) when it was queued.
  const password = deps.follows.savePassword(save.jobId);
  const place = { chatId: ctx.chat.id, ownerId: ctx.from.id, targetPath: save.targetPath ?? targetPathFor(deps, ctx.chat.id) };
  await startFollowing(ctx, account, { shareId: save.shareId, url: '', ...(password ? { password } : {}) }, { save, jobId: save.jobId }, place);
});

privateChats.command('follows', (ctx) => showFollows(ctx, 0, false));

followFeature.callbackQuery(FOLLOW_PAGE_PATTERN, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showFollows(ctx, Number(ctx.match[1]), true);
});

followFeature.callbackQuery(FOLLOW_ACTION_PATTERN, async (ctx) => {
  const { deps, lang } = ctx;
  const [, action, id, page] = ctx.match;
  const row = deps.follows.get(Number(id));
  // A group's list is its admins' to change; a private one its owner's.
  const group = ctx.chat && ctx.chat.type !== 'private' ? ctx.chat : undefined;
  if (!row || (group ? row.chatId !== group.id : row.telegramUserId !== ctx.from.id)) {
    await ctx.answerCallbackQuery({ text: plainText(t(lang, 'follows.gone')), show_alert: true });
    return showFollows(ctx, Number(page), true);
  }
  if (group && !(await presserIsAdmin(ctx))) return void (await ctx.answerCallbackQuery({ text: t(lang, 'followGroup.adminsOnly'), show_alert: true }));
  if (group && action === 'settings') return void (await ctx.answerCallbackQuery({ text: plainText(t(lang, 'followGroup.settingsHint')), show_alert: true }));
  if (action === 'check') {
    await deps.follows.checkNow(row);
    return void (await ctx.answerCallbackQuery({ text: t(lang, 'follows.checking') }));
  }
  if (action === 'settings') {
    await ctx.answerCallbackQuery();
    return showFollowSettings(ctx, row, Number(page));
  }
  if (action === 'pause') await deps.follows.pause(row);
  else if (action === 'resume') await deps.follows.resume(row);
  else await deps.follows.remove(row);
  const done = action === 'pause' ? 'follows.paused' : action === 'resume' ? 'follows.resumed' : 'follows.deleted';
  await ctx.answerCallbackQuery({ text: t(lang, done) });
  await showFollows(ctx, Number(page), true);
});
