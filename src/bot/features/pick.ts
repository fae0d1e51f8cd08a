import { Composer } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { createFavouritesRepo } from '../../db/favourites.repo.js';
import { createPickListsRepo, type PickListRow } from '../../db/picks.repo.js';
import type { ShareEntry } from '../../jobs/follow/share-tree.js';
import { TooManyQueuedError } from '../../jobs/save-queue.js';
import { extractShareLinks, shareRef } from '../../share-text.js';
import type { BotContext } from '../context.js';
import { queuedText } from '../format.js';
import { parseLang, t, type Lang } from '../i18n/index.js';
import { groupPickFeature, groupPickTarget, type GroupPickTarget } from '../pick/group-pick.js';
import { openPick, showIn } from '../pick/open-pick.js';
import { plainText } from '../share-links/failures.js';
import { PickTree } from '../pick/pick-model.js';
import { pageItems, PICK_PREFIX, renderPickList, renderPickTarget } from '../pick/pick-view.js';
import { targetPathFor } from '../saving/request-saves.js';
import { stopKeyboard, stopSaveShownBy } from '../saving/stop-retry.js';

/**
 * /pick: a share as a list to tick (see src/bot/pick/), saved with 💾 as one save of exactly the
 * ticked items. Every press reads and writes the list's row, so it works across restarts.
 */
export const pickFeature = new Composer<BotContext>();
pickFeature.use(groupPickFeature);

/** URLs of a message's inline buttons (channels hide links there). */
function buttonUrls(markup: InlineKeyboardMarkup | undefined): string[] {
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => ('url' in b && b.url ? [b.url] : []));
}

pickFeature.chatType('private').command('pick', async (ctx) => {
  const replied: Message | undefined = ctx.msg.reply_to_message;
  const found = extractShareLinks(ctx.match, [])[0]
    ?? (replied ? extractShareLinks(replied.text ?? replied.caption ?? '', replied.entities ?? replied.caption_entities ?? [], buttonUrls(replied.reply_markup))[0] : undefined);
  if (!found) {
    await ctx.reply(t(ctx.lang, 'pick.usage'));
    return;
  }
  await ctx.replyWithChatAction('typing').catch(() => undefined);
  await openPick(ctx.deps, ctx.api, { chatId: ctx.chat.id, userId: ctx.from.id, sourceMessageId: ctx.msg.message_id, lang: ctx.lang, link: found });
});

const PICK_CALLBACK = new RegExp(`^${PICK_PREFIX}([A-Za-z0-9_-]{1,16}):([a-z]{1,2}\\d{0,6})$`);

pickFeature.callbackQuery(PICK_CALLBACK, async (ctx) => {
  const [, id = '', action = ''] = ctx.match;
  const lists = createPickListsRepo(ctx.deps.db);
  const row = lists.get(id);
  const lang: Lang = parseLang(row?.lang) ?? ctx.lang;
  const messageId = ctx.callbackQuery.message?.message_id;
  if (row && row.telegramUserId !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: t(lang, 'pick.notYours') });
    return;
  }
  if (!row || row.step === 'done' || messageId === undefined) {
    await ctx.answerCallbackQuery({ text: t(lang, 'pick.gone') });
    return;
  }
  if (action === 'go') return openFromStatus(ctx, row, lang, messageId);
  if (row.entries === null) {
    await ctx.answerCallbackQuery({ text: t(lang, 'pick.gone') });
    return;
  }
  const tree = new PickTree(JSON.parse(row.entries) as ShareEntry[]);
  let ticked = new Set(JSON.parse(row.ticked) as number[]);
  let { folder, page } = row;
  const index = Number(action.slice(1));
  const show = (view: Parameters<typeof showIn>[3]) => showIn(ctx.api, row.chatId, messageId, view);

  if (action === 'x') {
    lists.update(id, { step: 'done' });
    await ctx.answerCallbackQuery();
    await show(t(lang, 'pick.cancelled'));
    return;
  }
  if (action === 's' || action === 'dc' || /^d\d+$/.test(action)) {
    const total = tree.tickedTotal(ticked);
    if (ticked.size === 0) {
      await ctx.answerCallbackQuery({ text: t(lang, 'pick.pickFirst') });
      return;
    }
    if (row.chatId < 0) return saveTickedInGroup(ctx, row, tree, ticked, lang, messageId);
    const current = targetPathFor(ctx.deps, row.chatId);
    const favourites = createFavouritesRepo(ctx.deps.db).list(ctx.from.id);
    if (action === 's' && favourites.some((path) => path !== current)) {
      lists.update(id, { step: 'target' });
      await ctx.answerCallbackQuery();
      await show(renderPickTarget(lang, { id, files: total.files, bytes: total.bytes, current, favourites }));
      return;
    }
    const targetPath = action.startsWith('d') && action !== 'dc' ? (favourites[index] ?? current) : current;
    await saveTicked(ctx, row, tree, ticked, targetPath, lang, messageId);
    return;
  }

  if (action === 't' + index && tree.entries[index]) ticked = tree.toggle(ticked, index);
  else if (action === 'o' + index && tree.entries[index]?.kind === 'folder') [folder, page] = [index, 0];
  else if (action === 'b') [folder, page] = [folder >= 0 ? tree.parentOf(folder) : -1, 0];
  else if (action === 'p' + index) page = index;
  else if (action === 'a') ticked = tree.togglePage(ticked, pageItems({ tree, folder, page }).items);
  // `l` (back from the folder step) and `n` (the page number) only show the list again.
  page = pageItems({ tree, folder, page }).page;
  lists.update(id, { ticked: JSON.stringify([...ticked]), folder, page, step: 'list' });
  await ctx.answerCallbackQuery();
  await show(renderPickList(lang, { id, shareName: row.shareName, tree, ticked, folder, page }));
});

/** 💾 in a group: into the group's drive and folder, if it may save now. */
async function saveTickedInGroup(ctx: BotContext, row: PickListRow, tree: PickTree, ticked: ReadonlySet<number>, lang: Lang, messageId: number): Promise<void> {
  const target = groupPickTarget(ctx.deps, { id: row.chatId, title: ctx.chat?.title }, lang);
  if ('refusal' in target) {
    await ctx.answerCallbackQuery({ text: plainText(target.refusal), show_alert: true });
    return;
  }
  await saveTicked(ctx, row, tree, ticked, target.targetPath, lang, messageId, target);
}

/** 💾: the list's message becomes the save's status message, and one save copies the ticked items. */
async function saveTicked(
  ctx: BotContext,
  row: PickListRow,
  tree: PickTree,
  ticked: ReadonlySet<number>,
  targetPath: string,
  lang: Lang,
  messageId: number,
  group?: Omit<GroupPickTarget, 'targetPath'>,
): Promise<void> {
  const { deps } = ctx;
  const account = group?.account ?? deps.accounts.working(row.telegramUserId);
  if (!account) {
    await ctx.answerCallbackQuery({ text: t(lang, 'pick.needLogin'), show_alert: true });
    return;
  }
  const lists = createPickListsRepo(deps.db);
  lists.update(row.id, { step: 'done' });
  await ctx.answerCallbackQuery();
  await showIn(ctx.api, row.chatId, messageId, { text: queuedText(lang, row.shareId), keyboard: stopKeyboard(lang) });
  const { fileIds, fileDirs } = tree.selection(ticked);
  try {
    const { queued } = await deps.enqueueSave({
      chatId: row.chatId,
      sourceMessageId: row.sourceMessageId,
      statusMessageId: messageId,
      requestedBy: group?.requestedBy ?? row.telegramUserId,
      accountId: account.id,
      shareId: row.shareId,
      ...(row.password ? { password: row.password } : {}),
      targetPath,
      fileIds,
      ...(Object.keys(fileDirs).length > 0 ? { fileDirs } : {}),
      lang,
    });
    if (!queued) await showIn(ctx.api, row.chatId, messageId, t(lang, 'save.alreadyQueued', { shareId: row.shareId }));
  } catch (error) {
    lists.update(row.id, { step: 'list' });
    const text = error instanceof TooManyQueuedError ? t(lang, 'save.queueFull', { max: error.limit }) : t(lang, 'save.enqueueFailed');
    if (!(error instanceof TooManyQueuedError)) ctx.logger.error({ err: error, share_id: row.shareId }, 'could not queue a /pick save');
    await showIn(ctx.api, row.chatId, messageId, text);
  }
}

/**
 * 📂 under an ordinary save's status message — shown while it is queued, or waiting before it
 * copies a large share: the save is stopped (nothing was copied yet), and the share opens as a
 * list in a new message.
 */
async function openFromStatus(ctx: BotContext, row: PickListRow, lang: Lang, statusMessageId: number): Promise<void> {
  await ctx.answerCallbackQuery();
  stopSaveShownBy(ctx.deps, row.chatId, statusMessageId, row.telegramUserId);
  createPickListsRepo(ctx.deps.db).update(row.id, { step: 'done' });
  const link = shareRef(row.shareId, row.folderId ?? undefined, row.password ?? undefined);
  await openPick(ctx.deps, ctx.api, { chatId: row.chatId, userId: row.telegramUserId, sourceMessageId: row.sourceMessageId, lang, link });
}
