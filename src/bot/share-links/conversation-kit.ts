/**
 * What the share conversations have in common: their types, Aliyun calls run through
 * `conversation.external` (so a replay never repeats them), and the rules for which incoming
 * updates belong to the conversation.
 *
 * Inside a conversation the context is a plain grammY `Context` built by the plugin: it has
 * no deps, and its `api` lacks our transformers — so HTML is switched on by a plugin, and
 * everything with a side effect reaches the deps through the outside context of `external`.
 */
import type { Conversation } from '@grammyjs/conversations';
import type { Context, Middleware } from 'grammy';
import type { AccountSession } from '../../api/index.js';
import type { LinkedAccount } from '../../db/accounts.repo.js';
import { extractShareLinks } from '../../share-text.js';
import { defaultHtml } from '../api-config.js';
import { commandName, startsWithCommand } from '../command-name.js';
import type { BotContext, BotDeps } from '../context.js';
import { t, type Lang } from '../i18n/index.js';
import { loginKeyboard, looksLikeRefreshToken } from '../login-prompt.js';
import { sessionOf } from './account.js';
import { failureOf, failureText, type ShareLinkFailure } from './failures.js';
import { alertIfNotUnderstood } from '../operator-alert.js';
import type { Panel } from './panel.js';

/** The handle our conversation builders get. */
export type ShareConversation = Conversation<BotContext, Context>;

/** Plugins of every share conversation: our messages are HTML. */
export const conversationPlugins: Middleware<Context>[] = [
  (ctx, next) => {
    ctx.api.config.use(defaultHtml);
    return next();
  },
];

/** Conversations left waiting this long end, and the next update goes on as if there were none. */
export const CONVERSATION_IDLE_MS = 30 * 60_000;

/** The result of an Aliyun operation, as plain data that survives the conversation's storage. */
export type OpResult<T> = { ok: true; value: T } | { ok: false; failure: ShareLinkFailure };

/** What an operation may use. */
export interface OpScope {
  deps: BotDeps;
  account: LinkedAccount;
  session: AccountSession;
}

/**
 * Runs an Aliyun operation for the owner once (`external`): the outside context supplies the
 * deps; a missing login or a known Aliyun failure comes back as `{ ok: false }`.
 */
export function runOp<T>(conversation: ShareConversation, ownerId: number, task: (scope: OpScope) => Promise<T>): Promise<OpResult<T>> {
  return conversation.external(async (outside): Promise<OpResult<T>> => {
    const { deps } = outside;
    try {
      const { account, session } = sessionOf(deps, ownerId);
      return { ok: true, value: await task({ deps, account, session }) };
    } catch (error) {
      const failure = failureOf(error);
      outside.logger.info({ err: error, user_id: ownerId, kind: failure.kind }, 'share-link operation failed');
      alertIfNotUnderstood(deps.operatorAlerts, error);
      return { ok: false, failure };
    }
  });
}

/** Whether a message starts with a command. */
export function isCommand(ctx: Context): boolean {
  return startsWithCommand({ entities: ctx.message?.entities });
}

/**
 * Whether a message is /cancel. A conversation lets it through without ending itself: the
 * cancel feature then ends the conversation and says so (it could not tell once it had ended).
 */
export function isCancelCommand(ctx: Context): boolean {
  return commandName(ctx.message) === 'cancel';
}

/** Whether a message carries a share link (the save feature's business, even mid-conversation). */
export function carriesShareLink(ctx: Context): boolean {
  const message = ctx.message;
  if (!message) return false;
  return extractShareLinks(message.text ?? message.caption ?? '', message.entities ?? message.caption_entities ?? [], []).length > 0;
}

/** An input to one of our panels (an inline-keyboard message the conversation edits). */
export type PanelInput = { kind: 'click'; ctx: Context; action: string } | { kind: 'text'; ctx: Context; text: string };

export interface PanelWait {
  ownerId: number;
  /** The panel's message; buttons of older messages answer "no longer active". */
  messageId: number;
  /** The panel's callback prefix, e.g. `sp:`; other buttons are not ours. */
  prefix: string;
  /** Whether a text message is an answer here (a search, a password). */
  acceptText: boolean;
  /** Callback answers for someone else's click and for an old message's button. */
  notYours: string;
  menuGone: string;
}

/**
 * Waits for the owner's click on the panel (or text, when accepted). Other users' clicks get
 * a polite refusal; a command ends the conversation and runs (/cancel ends it in the cancel
 * feature); anything else not meant for us (other buttons, share links, a pasted refresh token,
 * stickers) goes on to the rest of the bot.
 */
export async function waitForPanel(conversation: ShareConversation, wait: PanelWait): Promise<PanelInput> {
  for (;;) {
    const ctx = await conversation.wait();
    const query = ctx.callbackQuery;
    if (query?.data !== undefined && query.data.startsWith(wait.prefix)) {
      if (ctx.from?.id !== wait.ownerId) {
        await ctx.answerCallbackQuery({ text: wait.notYours, show_alert: true });
        continue;
      }
      if (query.message?.message_id !== wait.messageId) {
        await ctx.answerCallbackQuery({ text: wait.menuGone });
        continue;
      }
      return { kind: 'click', ctx, action: query.data.slice(wait.prefix.length) };
    }
    const text = ctx.message?.text;
    if (text !== undefined && ctx.from?.id === wait.ownerId) {
      if (isCancelCommand(ctx)) return await conversation.skip({ next: true });
      if (isCommand(ctx)) return await conversation.halt({ next: true });
      // A pasted refresh token is no search or password: the login feature deletes it.
      if (looksLikeRefreshToken(text)) return await conversation.skip({ next: true });
      if (wait.acceptText && !carriesShareLink(ctx)) return { kind: 'text', ctx, text: text.trim() };
    }
    return await conversation.skip({ next: true });
  }
}

/** Who a share conversation works for. */
export interface Owner {
  lang: Lang;
  ownerId: number;
}

/** The usual wait on one of the owner's panels. */
export function panelWait(owner: Owner, panel: Panel, prefix: string, acceptText: boolean): PanelWait {
  return {
    ownerId: owner.ownerId,
    messageId: panel.messageId ?? 0,
    prefix,
    acceptText,
    notYours: t(owner.lang, 'notYours'),
    menuGone: t(owner.lang, 'menuGone'),
  };
}

/** Ends a panel with what went wrong (and the login button when the login is gone). */
export async function reportFailure(panel: Panel, lang: Lang, failure: ShareLinkFailure): Promise<void> {
  await panel.close(failureText(lang, failure), failure.kind === 'relogin' ? loginKeyboard(lang) : undefined);
}
