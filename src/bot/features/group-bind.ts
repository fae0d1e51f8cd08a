import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { isAdminRole, memberStatus, replyInGroup, senderOf } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf, nicknameOf } from '../groups/binding.js';
import { PANEL_CALLBACK, switchCallback } from '../groups/settings-panel.js';
import { t } from '../i18n/index.js';

/**
 * /bind: a group's saves go to the drive of the admin who sends it (linked in private with
 * /login), into the group's folder (`/<group title>` unless set with /folder), created at once
 * so a broken login shows now. /unbind: the binding admin or the group's owner.
 */
export const groupBindFeature = new Composer<BotContext>();
const groups = groupBindFeature.chatType(['group', 'supergroup']);

groups.command('bind', async (ctx) => {
  const { deps } = ctx;
  const { actor, role } = await senderOf(ctx);
  if (actor.kind === 'anonymous_admin') return replyInGroup(ctx, t(ctx.lang, 'refuse.anonymousBind'));
  if (actor.kind !== 'user' || !isAdminRole(role)) return replyInGroup(ctx, t(ctx.lang, 'refuse.notAdmin'));

  const login = deps.accounts.loginOf(actor.userId);
  if (login.state !== 'ok') {
    return replyInGroup(ctx, t(ctx.lang, login.state === 'none' ? 'bind.needLogin' : 'bind.needRelogin', { bot: ctx.me.username }));
  }
  const { account } = login;

  const settings = deps.chatSettings.get(ctx.chat.id);
  const current = bindingOf(deps.accounts, settings);
  // Taking over someone else's working binding would move the group's saves into another drive.
  if (current.state === 'ok' && current.boundByUserId !== actor.userId && role !== 'creator') {
    return replyInGroup(ctx, t(ctx.lang, 'bind.takenBy', { nickname: nicknameOf(current.account) }));
  }

  const path = chatFolderOf(settings, ctx.chat);
  const opened = await deps.accounts.saveFolder(account, path);
  if (!opened.ok) {
    ctx.logger.warn({ err: opened.error, chat_id: ctx.chat.id }, 'could not open the group folder while binding');
    return replyInGroup(ctx, t(ctx.lang, opened.relogin ? 'bind.needRelogin' : 'bind.failed', { bot: ctx.me.username }));
  }
  deps.chatSettings.record(
    ctx.chat.id,
    { chatType: ctx.chat.type, title: ctx.chat.title },
    { boundAccountId: account.id, boundByUserId: actor.userId, saveFolder: path, ...opened.folder },
  );
  deps.notices.clearPause(ctx.chat.id);
  ctx.logger.info({ chat_id: ctx.chat.id, user_id: actor.userId, account_id: account.id }, 'group bound');
  // The next step as buttons: autosave on (unless it is already), or the whole settings panel.
  const next = new InlineKeyboard();
  if (!settings?.autosave) next.text(t(ctx.lang, 'bind.autosaveButton'), switchCallback('autosave'));
  next.text(t(ctx.lang, 'bind.settingsButton'), PANEL_CALLBACK);
  await replyInGroup(ctx, t(ctx.lang, 'bind.done', { nickname: nicknameOf(account), path }), { reply_markup: next });
});

groups.command('unbind', async (ctx) => {
  const { deps } = ctx;
  const settings = deps.chatSettings.get(ctx.chat.id);
  if (!settings?.boundByUserId) return replyInGroup(ctx, t(ctx.lang, 'notBound'));
  if (!(await mayChangeBinding(ctx, settings.boundByUserId))) return;
  deps.chatSettings.patch(ctx.chat.id, { boundAccountId: null, boundByUserId: null });
  deps.notices.clearPause(ctx.chat.id);
  ctx.logger.info({ chat_id: ctx.chat.id, user_id: ctx.from?.id }, 'group unbound');
  await replyInGroup(ctx, t(ctx.lang, 'unbind.done'));
});

/**
 * The binding admin (whose drive it is, admin or not any more) or the group's owner; anyone
 * else, and an anonymous admin we cannot tell apart, is refused with a reply.
 */
export async function mayChangeBinding(ctx: BotContext, boundByUserId: number): Promise<boolean> {
  const { actor } = await senderOf(ctx);
  if (actor.kind === 'anonymous_admin') {
    await replyInGroup(ctx, t(ctx.lang, 'refuse.anonymousOwner'));
    return false;
  }
  if (actor.kind === 'user' && ctx.chat) {
    if (actor.userId === boundByUserId) return true;
    if ((await memberStatus(ctx, ctx.chat.id, actor.userId)) === 'creator') return true;
  }
  ctx.logger.info({ chat_id: ctx.chat?.id, user_id: ctx.from?.id }, 'binding change refused');
  await replyInGroup(ctx, t(ctx.lang, 'refuse.binderOrCreator'));
  return false;
}

groupBindFeature.chatType('private').command('bind', async (ctx) => {
  await ctx.reply(t(ctx.lang, 'bind.privateHint'));
});

/**
 * A group that becomes a supergroup gets a new chat id; its binding and switches move along
 * (unless the supergroup was set up on its own meanwhile).
 */
groupBindFeature.on('message:migrate_to_chat_id', async (ctx, next) => {
  const { chatSettings } = ctx.deps;
  const from = ctx.chat.id;
  const to = ctx.msg.migrate_to_chat_id;
  const old = chatSettings.get(from);
  if (old && !chatSettings.get(to)?.boundByUserId) {
    const { chatId: _id, chatType: _type, updatedAt: _at, ...carried } = old;
    chatSettings.record(to, { chatType: 'supergroup', title: old.title }, carried);
    ctx.logger.info({ chat_id: from, new_chat_id: to }, 'group settings moved to its supergroup');
  }
  await next();
});
