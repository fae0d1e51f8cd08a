import { Composer } from 'grammy';
import type { Chat } from 'grammy/types';
import type { BotContext } from '../context.js';
import { finishLogin, loginArgument, startQrLogin } from '../login-flow.js';
import { LOGIN_QR_CALLBACK, looksLikeRefreshToken, rememberLoginPrompt } from '../login-prompt.js';
import { t } from '../i18n/index.js';

/**
 * /login <refresh_token> links by token; /login alone starts a QR login; the button under a
 * "log in first" prompt starts one too. A token is a secret: its message is deleted first,
 * and in groups /login is refused outright. The same holds for a message EDITED into
 * `/login <token>` (grammY's command() sees new messages only) and, in private chats, for a
 * token pasted on its own: deleted at once, then used to log in as if sent after /login.
 */
export const loginFeature = new Composer<BotContext>();

type ChatContext = BotContext & { chat: Chat };

/** Deletes the update's message; it may carry a secret, so this comes before anything else. */
async function deleteSecret(ctx: BotContext): Promise<void> {
  await ctx.deleteMessage().catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not delete a message holding a token'));
}

/** A /login (new or edited) with its argument: `""` starts a QR login in private chats. */
async function handleLogin(ctx: ChatContext, token: string): Promise<void> {
  const isPrivate = ctx.chat.type === 'private';
  if (token || !isPrivate) await deleteSecret(ctx);
  if (!isPrivate) {
    await ctx.reply(t(ctx.lang, 'login.groupWarning', { name: ctx.from?.first_name ?? '' }));
    return;
  }
  if (!token) {
    startQrLogin(ctx.deps, ctx.api, targetOf(ctx));
    return;
  }
  await linkWithToken(ctx, token);
}

/** Links the account with a token whose message is already gone. */
async function linkWithToken(ctx: ChatContext, token: string): Promise<void> {
  const target = targetOf(ctx);
  // A token wins over a QR code still on screen.
  ctx.deps.qrLogins.cancel(target.userId);
  const status = await ctx.reply(t(ctx.lang, 'login.checking'));
  await finishLogin(ctx.deps, ctx.api, target, token, status.message_id);
}

/** A token pasted on its own in a private chat: deleted, explained, used. */
async function handleBareToken(ctx: ChatContext, token: string): Promise<void> {
  await deleteSecret(ctx);
  await ctx.reply(t(ctx.lang, 'login.bareToken'));
  await linkWithToken(ctx, token);
}

function targetOf(ctx: ChatContext) {
  return { userId: ctx.from?.id ?? ctx.chat.id, chatId: ctx.chat.id, lang: ctx.lang };
}

loginFeature.command('login', (ctx) => handleLogin(ctx, ctx.match.trim()));

loginFeature.on('edited_message:text', async (ctx, next) => {
  const message = ctx.editedMessage;
  const token = loginArgument(message);
  // An edit to a bare /login is no new request: the QR login (if any) is already running.
  if (token) return handleLogin(ctx, token);
  if (ctx.chat.type === 'private' && looksLikeRefreshToken(message.text)) return handleBareToken(ctx, message.text.trim());
  return next();
});

loginFeature.chatType('private').on('message:text', async (ctx, next) => {
  if (!looksLikeRefreshToken(ctx.msg.text)) return next();
  await handleBareToken(ctx, ctx.msg.text.trim());
});

loginFeature.callbackQuery(LOGIN_QR_CALLBACK, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (ctx.chat?.type !== 'private') {
    await ctx.reply(t(ctx.lang, 'login.privateOnly'));
    return;
  }
  // The prompt keeps its button (a QR code may expire); the login turns it into "✅ logged in".
  if (ctx.callbackQuery.message) rememberLoginPrompt(ctx.deps, ctx.from.id, ctx.chat.id, ctx.callbackQuery.message.message_id);
  startQrLogin(ctx.deps, ctx.api, { userId: ctx.from.id, chatId: ctx.chat.id, lang: ctx.lang });
});
