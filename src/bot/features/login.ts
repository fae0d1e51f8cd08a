import { Composer } from 'grammy';
import type { Chat, Message } from 'grammy/types';
import type { BotContext } from '../context.js';
import { createTranslator, type SameShape } from '../i18n/index.js';
import { finishLogin, loginArgument, looksLikeRefreshToken, startQrLogin } from '../login-flow.js';
import { LOGIN_QR_CALLBACK } from '../saving.js';

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
type P<T> = (params: T) => string;

const zh = {
  'group.deleted': ((p) =>
    `⚠️ ${p.name ? `${p.name}，` : ''}请只在与我的<b>私聊</b>中发送 /login。你的消息已删除。如果其中有 refresh_token，看到的人可以用它：请在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。`) as P<{ name: string }>,
  'group.exposed': ((p) =>
    `🚨 ${p.name ? `${p.name}，` : ''}我<b>无法删除</b>你的消息，其中的 refresh_token 已暴露给本群所有人。请删除这条消息，并结束这个登录：在阿里云盘 App 里让那台登录设备下线，然后在与我的<b>私聊</b>中发送 /login 重新登录。`) as P<{ name: string }>,
  'group.privateOnly': ((p) => `⚠️ ${p.name ? `${p.name}，` : ''}请只在与我的<b>私聊</b>中发送 /login。`) as P<{ name: string }>,
  'group.bareDeleted':
    '⚠️ 我删除了一条看起来像阿里云盘 refresh_token 的消息。如果它确实是，看到的人可以用它：请在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。',
  'group.bareExposed':
    '🚨 这里有一条看起来像阿里云盘 refresh_token 的消息，我<b>无法删除</b>。如果它确实是，它已经暴露：请删除它，在阿里云盘 App 里让那台登录设备下线，再私聊我发送 /login。',
  'private.notDeleted': '⚠️ 我无法删除你那条带 refresh_token 的消息，请自己删除它。',
  'private.bareKept':
    '🔐 这条消息看起来是 refresh_token，我正用它为你登录。但我<b>无法删除</b>这条消息，请自己删除它。以后请发送 <code>/login refresh_token</code>。',
};

const en: SameShape<typeof zh> = {
  'group.deleted': ((p) =>
    `⚠️ ${p.name ? `${p.name}, ` : ''}send /login only in a <b>private chat</b> with me. I deleted your message. If it held a refresh_token, whoever saw it can use it: log that device out in the Aliyun Drive app, then send /login to me in private.`) as P<{ name: string }>,
  'group.exposed': ((p) =>
    `🚨 ${p.name ? `${p.name}, ` : ''}I <b>could not delete</b> your message: the refresh_token in it is exposed to everyone in this chat. Delete the message, then end that session: log that device out in the Aliyun Drive app, and send /login to me in a <b>private chat</b> to log in again.`) as P<{ name: string }>,
  'group.privateOnly': ((p) => `⚠️ ${p.name ? `${p.name}, ` : ''}send /login only in a <b>private chat</b> with me.`) as P<{ name: string }>,
  'group.bareDeleted':
    '⚠️ I deleted a message that looked like an Aliyun Drive refresh_token. If it was one, whoever saw it can use it: log that device out in the Aliyun Drive app, then send /login to me in a private chat.',
  'group.bareExposed':
    '🚨 A message here looks like an Aliyun Drive refresh_token and I <b>could not delete</b> it. If it is one, it is exposed: delete it, log that device out in the Aliyun Drive app, then send /login to me in a private chat.',
  'private.notDeleted': '⚠️ I could not delete your message with the refresh_token: please delete it yourself.',
  'private.bareKept':
    '🔐 That looked like a refresh_token, so I am logging you in with it. I <b>could not delete</b> your message: please delete it yourself. Next time send <code>/login refresh_token</code>.',
};

const lt = createTranslator({ zh, en });

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
    const key = deleted ? 'group.deleted' : token ? 'group.exposed' : 'group.privateOnly';
    await ctx.reply(lt(ctx.lang, key, { name: senderName(ctx) }));
    return;
  }
  if (!token) {
    startQrLogin(ctx.deps, ctx.api, targetOf(ctx));
    return;
  }
  if (!(await deleteSecret(ctx))) await ctx.reply(lt(ctx.lang, 'private.notDeleted'));
  await linkWithToken(ctx, token);
}

/** Links the account with a token whose message is already dealt with. */
async function linkWithToken(ctx: ChatContext, token: string): Promise<void> {
  const target = targetOf(ctx);
  // A token wins over a QR code still on screen.
  ctx.deps.qrLogins.cancel(target.userId);
  const status = await ctx.reply(ctx.t('login.checking'));
  await finishLogin(ctx.deps, ctx.api, target, token, status.message_id);
}

/** A token pasted on its own: in private deleted, explained, used; elsewhere deleted and warned about. */
async function handleBareToken(ctx: ChatContext, token: string): Promise<void> {
  const deleted = await deleteSecret(ctx);
  if (ctx.chat.type !== 'private') {
    await ctx.reply(lt(ctx.lang, deleted ? 'group.bareDeleted' : 'group.bareExposed'));
    return;
  }
  await ctx.reply(deleted ? ctx.t('login.bareToken') : lt(ctx.lang, 'private.bareKept'));
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
    await ctx.reply(ctx.t('login.privateOnly'));
    return;
  }
  // The prompt's button has done its job.
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  startQrLogin(ctx.deps, ctx.api, { userId: ctx.from.id, chatId: ctx.chat.id, lang: ctx.lang });
});
