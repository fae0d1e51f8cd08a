import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/** The /start payload of the greeting's button: the private welcome then says to come back and /bind. */
export const BIND_START_PAYLOAD = 'bind';

const OUTSIDE = new Set(['left', 'kicked']);
const INSIDE = new Set(['member', 'administrator']);

/**
 * The bot is added to a group: it says what it does, that an admin who logged in privately binds
 * the group with /bind, and gives a button to that private login (a t.me deep link whose /start
 * payload leads to the login welcome). A bot that cannot see ordinary messages says so.
 */
export const groupWelcomeFeature = new Composer<BotContext>();

groupWelcomeFeature.on('my_chat_member', async (ctx, next) => {
  const { chat, old_chat_member: was, new_chat_member: now } = ctx.myChatMember;
  if ((chat.type !== 'group' && chat.type !== 'supergroup') || !OUTSIDE.has(was.status) || !INSIDE.has(now.status)) return next();
  const needsAdmin = now.status === 'member' && !ctx.me.can_read_all_group_messages;
  const keyboard = new InlineKeyboard().url(t(ctx.lang, 'greet.loginButton'), `https://t.me/${ctx.me.username}?start=${BIND_START_PAYLOAD}`);
  ctx.logger.info({ chat_id: chat.id, user_id: ctx.from?.id, status: now.status }, 'added to a group');
  try {
    await ctx.api.sendMessage(chat.id, t(ctx.lang, 'greet.text', { needsAdmin: needsAdmin ? 1 : 0 }), { reply_markup: keyboard });
  } catch (error) {
    // A group where members (and so the bot) may not write: nothing to greet with.
    ctx.logger.info({ err: error, chat_id: chat.id }, 'could not greet the group');
  }
  await next();
});
