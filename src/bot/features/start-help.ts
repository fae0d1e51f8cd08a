import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { DEFAULT_SAVE_FOLDER } from '../folder-path.js';
import { replyInGroup } from '../groups/admin-check.js';
import { groupHelpText } from '../groups/menu.js';
import { t } from '../i18n/index.js';
import { LOGGED_IN_CALLBACK, loggedInKeyboard, loginKeyboard, rememberLoginPrompt } from '../login-prompt.js';
import { targetPathFor } from '../saving/request-saves.js';
import { BIND_START_PAYLOAD } from './group-welcome.js';

/** A made-up share id for the example in /help (11 characters, like real ones). */
const EXAMPLE_SHARE_ID = 'AbCdEfGh123';

/**
 * /start is a welcome: three steps and the "log in" button (which becomes "✅ logged in as …"
 * once the account is linked). /help: how to log in, an example share, the commands, and the
 * refresh_token path for those who want it. In a group, the group's own commands instead (the
 * private ones are of no use there).
 */
export const startHelpFeature = new Composer<BotContext>();

startHelpFeature.chatType('private').command('start', async (ctx) => {
  const account = ctx.deps.accounts.working(ctx.from.id);
  const nickname = account ? account.nickName || account.userName || '?' : undefined;
  const welcome = t(ctx.lang, 'welcome', { folder: targetPathFor(ctx.deps, ctx.chat.id), loggedIn: account ? 1 : 0 });
  // From a group's greeting (t.me/<bot>?start=bind): after the login, back to the group.
  const text = ctx.match === BIND_START_PAYLOAD ? `${welcome}\n\n${t(ctx.lang, 'welcome.bindHint')}` : welcome;
  const sent = await ctx.reply(text, {
    link_preview_options: { is_disabled: true },
    reply_markup: nickname !== undefined ? loggedInKeyboard(ctx.lang, nickname) : loginKeyboard(ctx.lang),
  });
  if (!account) rememberLoginPrompt(ctx.deps, ctx.from.id, ctx.chat.id, sent.message_id);
});

startHelpFeature.callbackQuery(LOGGED_IN_CALLBACK, async (ctx) => {
  const account = ctx.deps.accounts.working(ctx.from.id);
  if (!account) {
    // Logged out since: the button offers the login again.
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: loginKeyboard(ctx.lang) }).catch(() => undefined);
    if (ctx.chat && ctx.callbackQuery.message) rememberLoginPrompt(ctx.deps, ctx.from.id, ctx.chat.id, ctx.callbackQuery.message.message_id);
    return;
  }
  await ctx.answerCallbackQuery({ text: t(ctx.lang, 'welcome.loggedInAlert', { nickname: account.nickName || account.userName || '?' }), show_alert: true });
});

startHelpFeature.command(['start', 'help'], async (ctx) => {
  if (ctx.chat.type === 'group' || ctx.chat.type === 'supergroup') return replyInGroup(ctx, groupHelpText(ctx.lang));
  await ctx.reply(t(ctx.lang, 'help', { exampleId: EXAMPLE_SHARE_ID, defaultFolder: DEFAULT_SAVE_FOLDER }), {
    link_preview_options: { is_disabled: true },
  });
});
