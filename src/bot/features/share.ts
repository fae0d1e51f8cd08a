import { createConversation } from '@grammyjs/conversations';
import { Composer, type Context } from 'grammy';
import type { BotContext } from '../context.js';
import { loginPrompt, sessionOf } from '../share-links/account.js';
import { SHARE_SAVED_PATTERN } from '../share-links/callback-data.js';
import { CONVERSATION_IDLE_MS, conversationPlugins } from '../share-links/conversation-kit.js';
import { failureOf, failureText, NotLoggedIn, plainText } from '../share-links/failures.js';
import { resolveSavedItems } from '../share-links/saved-items.js';
import { findByPath, shareDrives, type DriveItem } from '../share-links/share-ops.js';
import { SHARE_CONVERSATION, shareConversation, type ShareFlowArgs } from '../share-links/share.conversation.js';
import { t } from '../i18n/index.js';
import { alertIfNotUnderstood } from '../operator-alert.js';

/**
 * /share makes a share link of one's own files: `/share /path` for one item, `/share` alone to
 * browse or search and pick several, and "🔗 share it" under a save for what was just saved.
 * All three end in the same conversation (expiry, password, create).
 */
export const shareFeature = new Composer<BotContext>();

// Registered before the handlers that enter it.
shareFeature.use(
  createConversation<BotContext, Context>(shareConversation, {
    id: SHARE_CONVERSATION,
    plugins: conversationPlugins,
    maxMillisecondsToWait: CONVERSATION_IDLE_MS,
  }),
);

/** `a//b/ ` → `/a/b`; `""` for the root or nothing. */
function itemPath(input: string): string {
  const segments = input.split('/').map((segment) => segment.trim()).filter((segment) => segment !== '');
  return segments.length ? `/${segments.join('/')}` : '';
}

/** One dialog at a time per chat: the newest thing the user asked for wins. */
async function enterShareFlow(ctx: BotContext, args: ShareFlowArgs): Promise<void> {
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(SHARE_CONVERSATION, args);
}

shareFeature.command('share', async (ctx) => {
  const { lang } = ctx;
  if (ctx.chat.type !== 'private') {
    await ctx.reply(t(lang, 'groupHint', { command: '/share' }));
    return;
  }
  const ownerId = ctx.chat.id;
  const path = itemPath(ctx.match);
  let items: DriveItem[] | undefined;
  try {
    const { session } = sessionOf(ctx.deps, ownerId);
    if (path) {
      const where = await findByPath(session, await shareDrives(session), path);
      if ('inBackup' in where || 'missing' in where) {
        await ctx.reply(t(lang, 'inBackup' in where ? 'pathInBackup' : 'pathNotFound', { path }));
        return;
      }
      items = [where.found];
    }
  } catch (error) {
    if (error instanceof NotLoggedIn) {
      const prompt = loginPrompt(lang);
      await ctx.reply(prompt.text, prompt.options);
    } else {
      alertIfNotUnderstood(ctx.deps.operatorAlerts, error);
      await ctx.reply(failureText(lang, failureOf(error)));
    }
    return;
  }
  await enterShareFlow(ctx, { lang, ownerId, ...(items ? { items } : {}) });
});

shareFeature.callbackQuery(SHARE_SAVED_PATTERN, async (ctx) => {
  const { lang, deps } = ctx;
  const answer = (text: string) => ctx.answerCallbackQuery({ text: plainText(text), show_alert: true });
  if (ctx.chat?.type !== 'private') return void (await answer(t(lang, 'groupHint', { command: '/share' })));
  const save = deps.saves.latestByStatusMessage(ctx.chat.id, Number(ctx.match[1]));
  if (!save) return void (await answer(t(lang, 'menuGone')));
  if (save.telegramUserId !== ctx.from.id) return void (await answer(t(lang, 'notYours')));

  let items: DriveItem[];
  try {
    const { account, session } = sessionOf(deps, ctx.from.id);
    if (save.accountId !== account.id) return void (await answer(t(lang, 'savedOtherAccount')));
    // A /login to another Aliyun account re-links the same account row: the drive changed anyway.
    if (save.aliyunUserId && save.aliyunUserId !== account.aliyunUserId) return void (await answer(t(lang, 'savedOtherAliyunUser')));
    items = await resolveSavedItems(session, await session.targetDriveId(), save, deps.saves.items(save.jobId));
  } catch (error) {
    if (!(error instanceof NotLoggedIn)) {
      alertIfNotUnderstood(deps.operatorAlerts, error);
      return void (await answer(failureText(lang, failureOf(error))));
    }
    await ctx.answerCallbackQuery();
    const prompt = loginPrompt(lang);
    await ctx.reply(prompt.text, prompt.options);
    return;
  }
  if (items.length === 0) return void (await answer(t(lang, 'savedGone')));
  await ctx.answerCallbackQuery();
  await enterShareFlow(ctx, { lang, ownerId: ctx.from.id, items });
});
