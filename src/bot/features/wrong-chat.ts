import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * Commands sent to the wrong kind of chat get the right answer instead of silence: the
 * personal ones in a group point to the private chat (with a button to open it), the group
 * ones in a private chat say they work in groups. Commands with their own answer for the other
 * chat (/bind, /share, /myshares, /login, /bindchannel) are not listed here.
 */
export const wrongChatFeature = new Composer<BotContext>();

/** Personal commands: they show or change one's own account and saves. */
const PRIVATE_ONLY = ['history', 'logout'];
/** Commands about a group's settings (see groups/menu.ts), except those the private chat has too. */
const GROUP_ONLY = ['autosave', 'quiet', 'members', 'save', 'limit'];

wrongChatFeature.chatType(['group', 'supergroup']).command(PRIVATE_ONLY, async (ctx) => {
  const command = ctx.msg.text.slice(1).split(/[\s@]/)[0] ?? '';
  const username = ctx.me.username;
  await ctx.reply(t(ctx.lang, 'groupHint', { command: `/${command.toLowerCase()}` }), {
    reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
    ...(username ? { reply_markup: new InlineKeyboard().url(t(ctx.lang, 'wrongChat.openPrivate'), `https://t.me/${username}`) } : {}),
  });
});

wrongChatFeature.chatType('private').command(GROUP_ONLY, async (ctx) => {
  const command = ctx.msg.text.slice(1).split(/[\s@]/)[0] ?? '';
  await ctx.reply(t(ctx.lang, 'groupOnly', { command: command.toLowerCase() }));
});
