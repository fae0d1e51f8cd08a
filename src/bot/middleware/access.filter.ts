import type { Middleware } from 'grammy';
import type { Config } from '../../config.js';
import { commandName } from '../command-name.js';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * Commands that act on the sender's own account or drive: only allowed users, wherever sent.
 * (A group's /folder, /autosave … act on the group and pass with its posts.)
 */
const OWN_ACCOUNT_COMMANDS: ReadonlySet<string> = new Set([
  'login',
  'logout',
  'cancel',
  'history',
  'myshares',
  'share',
  'bind',
  'bindchannel',
  'unbindchannel',
]);

function isAllowedUser(config: Pick<Config, 'ALLOWED_USER_IDS' | 'ADMIN_USER_IDS'>, userId: number): boolean {
  return config.ALLOWED_USER_IDS.has(userId) || config.ADMIN_USER_IDS.has(userId);
}

/**
 * ALLOWED_USER_IDS (empty = everyone) plus ADMIN_USER_IDS. Someone else is told so once in
 * private (remembered across restarts), then ignored.
 *
 * A group or channel bound to an allowed user's drive is theirs to share: every post there is
 * seen — from members who are not on the list, anonymous admins (GroupAnonymousBot) and the
 * linked channel (777000) alike — so autosave and /save work, and the group's own rules
 * (/members, admin checks) decide the rest. Commands that act on the sender's OWN account
 * (/login, /bind, /myshares …) still need the sender to be allowed. Channel posts have no
 * sender: they pass for a channel bound to an allowed user; other updates without one pass.
 */
export const accessFilter: Middleware<BotContext> = async (ctx, next) => {
  const { config } = ctx.deps;
  const user = ctx.from;
  if (config.ALLOWED_USER_IDS.size === 0 || (user && isAllowedUser(config, user.id))) return next();

  const chat = ctx.chat;
  if (chat && chat.type !== 'private') {
    const binder = ctx.deps.chatSettings.get(chat.id)?.boundByUserId;
    const boundToAllowed = binder !== null && binder !== undefined && isAllowedUser(config, binder);
    // (A button press is no command, whatever the text of the message it sits under.)
    const command = ctx.callbackQuery ? undefined : commandName(ctx.msg);
    if (boundToAllowed && !(command && OWN_ACCOUNT_COMMANDS.has(command))) return next();
  }
  if (!user) {
    if (chat?.type !== 'channel') return next();
    ctx.logger.debug({ chat_id: chat.id }, 'channel update ignored: the channel is not bound to an allowed user');
    return;
  }

  ctx.logger.info({ user_id: user.id, chat_id: chat?.id }, 'update from a user who is not allowed');
  if (commandName(ctx.msg) === 'login' && /^\/\S+\s+\S/u.test(ctx.msg?.text ?? '')) {
    // Refused or not, a message that carries a refresh token must not stay in the chat.
    await ctx.deleteMessage().catch((err: unknown) => ctx.logger.warn({ err }, 'could not delete a refused /login message'));
  }
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'access.denied') });
    return;
  }
  if (chat?.type === 'private' && ctx.message && !ctx.deps.pending.refused.has(user.id)) {
    ctx.deps.pending.refused.add(user.id);
    await ctx.reply(t(ctx.lang, 'access.denied'));
  }
};
