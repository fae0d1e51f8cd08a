import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../html.js';
import { shortName } from '../format.js';
import { t } from '../i18n/index.js';
import { loginKeyboard, rememberLoginPrompt } from '../login-prompt.js';
import { targetPathFor } from '../saving/request-saves.js';
import { runningSaves } from '../saving/stop-retry.js';
import { runningSavesMenu } from './stop-retry.js';

/**
 * /status in a private chat: who is logged in, where saves go, what is being saved now (with
 * ✖ buttons). Free space is not shown: the client has no cheap call for it.
 */
export const myStatusFeature = new Composer<BotContext>();

/** Running saves named in the text, at most this many. */
const MAX_NAMED = 5;

myStatusFeature.chatType('private').command('status', async (ctx) => {
  const { lang } = ctx;
  const login = ctx.deps.accounts.loginOf(ctx.from.id);
  const lines = [t(lang, 'me.title'), ''];
  if (login.state === 'none') lines.push(t(lang, 'me.notLoggedIn'));
  else if (login.state === 'relogin') lines.push(t(lang, 'me.relogin'));
  else lines.push(t(lang, 'me.loggedIn', { nickname: login.account.nickName || login.account.userName || '?' }));
  lines.push(t(lang, 'me.folder', { path: targetPathFor(ctx.deps, ctx.chat.id) }));
  const running = runningSaves(ctx.deps, ctx.chat.id, ctx.from.id);
  if (running.length === 0) {
    lines.push(t(lang, 'me.idle'));
  } else {
    lines.push(t(lang, 'me.running', { n: running.length }));
    for (const row of running.slice(0, MAX_NAMED)) {
      const progress = row.filesTotal ? ` ${row.filesCopied}/${row.filesTotal}` : '';
      lines.push(`  • ${escapeHtml(shortName(row.shareName ?? row.shareId, 40))}${progress}`);
    }
  }
  const needsLogin = login.state !== 'ok';
  const keyboard = needsLogin ? loginKeyboard(lang) : runningSavesMenu(ctx, ctx.from.id)?.keyboard;
  const sent = await ctx.reply(lines.join('\n'), keyboard ? { reply_markup: keyboard } : {});
  if (needsLogin) rememberLoginPrompt(ctx.deps, ctx.from.id, ctx.chat.id, sent.message_id);
});
