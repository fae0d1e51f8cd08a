import { Composer } from 'grammy';
import type { Chat, Message } from 'grammy/types';
import type { BotContext } from '../context.js';
import { t } from '../i18n/index.js';
import { finishLogin, loginArgument, startQrLogin } from '../login-flow.js';
import { LOGIN_QR_CALLBACK, looksLikeRefreshToken, rememberLoginPrompt } from '../login-prompt.js';

/**
 * /login <refresh_token> links by token; /login alone starts a QR login; the button under a
 * "log in first" prompt starts one too. A token is a secret: its message is deleted first,
 * and outside private chats /login is never accepted. The same holds for a message EDITED into
 * `/login <token>` (grammY's command() sees new messages only), for a photo or document
 * captioned `/login <token>`, and for a token pasted on its own: in private it is deleted and
 * used as if sent after /login; in a group or channel it is deleted.
 *
 * The bot says "deleted" only after Telegram confirmed the delete; when it could not delete,
 * it says plainly that the token is exposed and how to end that session.
 */
export const loginFeature = new Composer<BotContext>();

type ChatContext = BotContext & { chat: Chat };

/**
 * Deletes the update's message; it may carry a secret, so this comes before anything else.
 * @returns whether Telegram confirmed the delete.
 */
async function deleteSecret(ctx: BotContext): Promise<boolean> {
  try {
    await ctx.deleteMessage();
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error }, 'could not delete a message holding a token');
    return false;
  }
}

/** Who to address in a group or channel: the sender, or the channel post's signature. */
function senderName(ctx: BotContext): string {
  return ctx.from?.first_name ?? ctx.msg?.author_signature ?? '';
}

/** A /login (new or edited, text or caption) with its argument: `""` starts a QR login in private chats. */
async function handleLogin(ctx: ChatContext, token: string): Promise<void> {
  if (ctx.chat.type !== 'private') {
    // Never accepted here; a bare /login is deleted too, as clutter.
    const deleted = await deleteSecret(ctx);
    const key = deleted ? 'token.group.deleted' : token ? 'token.group.exposed' : 'token.group.privateOnly';
    await ctx.reply(t(ctx.lang, key, { name: senderName(ctx) }));
    return;
  }
  if (!token) {
    startQrLogin(ctx.deps, ctx.api, targetOf(ctx));
    return;
  }
  if (!(await deleteSecret(ctx))) await ctx.reply(t(ctx.lang, 'token.private.notDeleted'));
  await linkWithToken(ctx, token);
}

/** Links the account with a token whose message is already dealt with. */
async function linkWithToken(ctx: ChatContext, token: string): Promise<void> {
  const target = targetOf(ctx);
  // A token wins over a QR code still on screen.
  ctx.deps.qrLogins.cancel(target.userId);
  const status = await ctx.reply(t(ctx.lang, 'login.checking'));
  await finishLogin(ctx.deps, ctx.api, target, token, status.message_id);
}

/** A token pasted on its own: in private deleted, explained, used; elsewhere deleted and warned about. */
async function handleBareToken(ctx: ChatContext, token: string): Promise<void> {
  const deleted = await deleteSecret(ctx);
  if (ctx.chat.type !== 'private') {
    await ctx.reply(t(ctx.lang, deleted ? 'token.group.bareDeleted' : 'token.group.bareExposed'));
    return;
  }
  await ctx.reply(deleted ? t(ctx.lang, 'login.bareToken') : t(ctx.lang, 'token.private.bareKept'));
  await linkWithToken(ctx, token);
}

function targetOf(ctx: ChatContext) {
  return { userId: ctx.from?.id ?? ctx.chat.id, chatId: ctx.chat.id, lang: ctx.lang };
}

/** The text of a message or the caption of a photo or document, with its entities. */
function bodyOf(message: Message): Pick<Message, 'text' | 'entities'> {
  return message.text !== undefined ? message : { text: message.caption ?? '', entities: message.caption_entities ?? [] };
}

/** `/login@OtherBot …` is for another bot. */
function isForAnotherBot(ctx: BotContext, body: Pick<Message, 'text' | 'entities'>): boolean {
  const entity = body.entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
  const addressee = (body.text ?? '').slice(0, entity?.length ?? 0).split('@')[1];
  return addressee !== undefined && addressee.toLowerCase() !== ctx.me.username.toLowerCase();
}

// New and edited messages and channel posts, text or caption (command() sees new texts only;
// grammY's `:text` leaves edits out).
loginFeature.on([':text', ':caption', 'edited_message:text', 'edited_message:caption', 'edited_channel_post:text', 'edited_channel_post:caption'], async (ctx, next) => {
  const body = bodyOf(ctx.msg);
  const token = loginArgument(body);
  if (token !== undefined && !isForAnotherBot(ctx, body)) {
    // An edit to a bare /login is no new request: the QR login (if any) is already running.
    const edited = ctx.editedMessage !== undefined || ctx.editedChannelPost !== undefined;
    if (token || !edited) return handleLogin(ctx, token);
    return next();
  }
  if (looksLikeRefreshToken(body.text)) return handleBareToken(ctx, (body.text ?? '').trim());
  return next();
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
