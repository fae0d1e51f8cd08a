import { createConversation } from '@grammyjs/conversations';
import { Composer, type Context } from 'grammy';
import type { BotContext } from '../context.js';
import { loginPrompt, sessionOf } from '../share-links/account.js';
import { parseMySharesData } from '../share-links/callback-data.js';
import { loadList, runCardAction, showListPage, type Actor, type MySharesContext } from '../share-links/card-actions.js';
import { CONVERSATION_IDLE_MS, conversationPlugins } from '../share-links/conversation-kit.js';
import { failureOf, failureText, NotLoggedIn, plainText } from '../share-links/failures.js';
import { renderList } from '../share-links/list-view.js';
import { TYPE_PASSWORD_CONVERSATION, typePasswordConversation } from '../share-links/type-password.conversation.js';
import { t } from '../i18n/index.js';
import { alertIfNotUnderstood } from '../operator-alert.js';

/**
 * /myshares: the user's own share links, 10 a page with filters, and a card per link to copy
 * its text, change expiry or password, or cancel it. Private chats only; the buttons answer
 * only the user whose chat it is (in a private chat, the owner of the account).
 */
export const mySharesFeature = new Composer<BotContext>();

// Registered first: the card's "type a password" enters it, and it sees the next message.
mySharesFeature.use(
  createConversation<BotContext, Context>(typePasswordConversation, {
    id: TYPE_PASSWORD_CONVERSATION,
    plugins: conversationPlugins,
    maxMillisecondsToWait: CONVERSATION_IDLE_MS,
  }),
);

mySharesFeature.command('myshares', async (ctx) => {
  if (ctx.chat.type !== 'private') {
    await ctx.reply(t(ctx.lang, 'groupHint', { command: '/myshares' }));
    return;
  }
  let actor: Actor;
  try {
    actor = { ownerId: ctx.chat.id, ...sessionOf(ctx.deps, ctx.chat.id) };
  } catch (error) {
    if (!(error instanceof NotLoggedIn)) throw error;
    const prompt = loginPrompt(ctx.lang);
    await ctx.reply(prompt.text, prompt.options);
    return;
  }
  await ctx.replyWithChatAction('typing').catch(() => undefined);
  try {
    // The command always fetches afresh; the buttons page through the cached copy.
    const list = await loadList(ctx, actor, true);
    const view = renderList(ctx.lang, list.shares, { filter: 'valid', page: 0 }, Date.now(), list.truncatedAt);
    await ctx.reply(view.text, { reply_markup: view.keyboard, link_preview_options: { is_disabled: true } });
  } catch (error) {
    alertIfNotUnderstood(ctx.deps.operatorAlerts, error);
    await ctx.reply(failureText(ctx.lang, failureOf(error)));
  }
});

mySharesFeature.callbackQuery(/^ms:/, async (ctx) => {
  const { lang } = ctx;
  const data = parseMySharesData(ctx.callbackQuery.data);
  if (!data) {
    await ctx.answerCallbackQuery({ text: t(lang, 'menuGone') });
    return;
  }
  if (ctx.chat?.type !== 'private') {
    await ctx.answerCallbackQuery({ text: plainText(t(lang, 'groupHint', { command: '/myshares' })), show_alert: true });
    return;
  }
  // The list was made for the user whose private chat this is; nobody else may press it.
  const ownerId = ctx.chat.id;
  if (ctx.from.id !== ownerId) {
    await ctx.answerCallbackQuery({ text: t(lang, 'notYours'), show_alert: true });
    return;
  }
  try {
    const actor: Actor = { ownerId, ...sessionOf(ctx.deps, ownerId) };
    if (data.kind === 'list') await showListPage(ctx, actor, data.position, data.refresh);
    else await runCardAction(ctx, actor, data.action, data.shareId, data.position);
  } catch (error) {
    await reportFailure(ctx, error);
  }
});

/** Answers the click with what went wrong; a lost login also gets the login prompt. */
async function reportFailure(ctx: MySharesContext, error: unknown): Promise<void> {
  const failure = failureOf(error);
  ctx.logger.info({ err: error, kind: failure.kind }, '/myshares action failed');
  alertIfNotUnderstood(ctx.deps.operatorAlerts, error);
  const text = failureText(ctx.lang, failure);
  const answered = await ctx.answerCallbackQuery({ text: plainText(text), show_alert: true }).then(
    () => true,
    () => false,
  );
  if (failure.kind === 'relogin') {
    const prompt = loginPrompt(ctx.lang);
    await ctx.reply(prompt.text, prompt.options);
  } else if (!answered) {
    await ctx.reply(text);
  }
}
