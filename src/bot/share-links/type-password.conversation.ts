/**
 * "⌨️ Type one" on a share card: waits for the user's 4-character password, sets it, and
 * refreshes the card. Any button or command means the user moved on: the wait ends and that
 * update is handled as usual (/cancel ends it in the cancel feature, which says so).
 */
import type { Context } from 'grammy';
import { t, type Lang } from '../i18n/index.js';
import { loginKeyboard, looksLikeRefreshToken } from '../login-prompt.js';
import type { ListPosition } from './callback-data.js';
import { renderCard } from './card-view.js';
import { carriesShareLink, isCancelCommand, isCommand, runOp, type ShareConversation } from './conversation-kit.js';
import { failureText } from './failures.js';
import { isValidSharePassword } from './password.js';
import { summarize } from './share-summary.js';

/** The conversation's id (explicit: it keys the stored state). */
export const TYPE_PASSWORD_CONVERSATION = 'myshares-password';

/** Entered with these (JSON) arguments. */
export interface TypePasswordArgs {
  lang: Lang;
  ownerId: number;
  shareId: string;
  name: string;
  /** The card to refresh, and the list position its ↩ goes back to. */
  cardMessageId: number;
  position: ListPosition;
}

/** Waits for the owner's next text that is a valid password (a click or command ends the conversation). */
async function waitForPassword(conversation: ShareConversation, args: TypePasswordArgs): Promise<string> {
  for (;;) {
    const ctx = await conversation.wait();
    if (ctx.callbackQuery) {
      if (ctx.from?.id !== args.ownerId) {
        await ctx.answerCallbackQuery({ text: t(args.lang, 'notYours'), show_alert: true });
        continue;
      }
      return await conversation.halt({ next: true });
    }
    const text = ctx.message?.text?.trim();
    // A pasted refresh token goes on to the login feature, which deletes it.
    if (text === undefined || ctx.from?.id !== args.ownerId || isCancelCommand(ctx) || looksLikeRefreshToken(text)) {
      return await conversation.skip({ next: true });
    }
    if (isCommand(ctx) || carriesShareLink(ctx)) return await conversation.halt({ next: true });
    if (isValidSharePassword(text)) return text;
    await ctx.reply(t(args.lang, 'typeInvalid'));
  }
}

export async function typePasswordConversation(conversation: ShareConversation, ctx: Context, args: TypePasswordArgs): Promise<void> {
  const { lang, ownerId, shareId } = args;
  await ctx.reply(t(lang, 'typeAsk', { name: args.name }));
  const password = await waitForPassword(conversation, args);

  const result = await runOp(conversation, ownerId, async ({ deps, session }) => {
    const link = await session.updateShareLink({ shareId, password });
    deps.shareLists.patch(ownerId, summarize(link, Date.now()));
    return link;
  });
  if (!result.ok) {
    const relogin = result.failure.kind === 'relogin';
    await ctx.reply(failureText(lang, result.failure), relogin ? { reply_markup: loginKeyboard(lang) } : {});
    return;
  }
  const now = await conversation.now();
  const card = renderCard(lang, result.value, args.position, now);
  try {
    await ctx.api.editMessageText(ctx.chatId ?? ownerId, args.cardMessageId, card.text, {
      reply_markup: card.keyboard,
      link_preview_options: { is_disabled: true },
    });
  } catch {
    // The card was deleted meanwhile; the confirmation below says it all.
  }
  await ctx.reply(t(lang, 'typeDone', { name: args.name, password }));
}
