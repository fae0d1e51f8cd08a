import { Composer } from 'grammy';
import { createFavouritesRepo, MAX_FAVOURITES } from '../../db/favourites.repo.js';
import { createKvRepo } from '../../db/kv.repo.js';
import type { BotContext } from '../context.js';
import { FOLDER_PREFIX, recentFolders, renderFolderBrowser, renderFolderPanel } from '../folders/folder-panel.js';
import { t } from '../i18n/index.js';
import { targetPathFor } from '../saving/request-saves.js';
import { listFolderPage, type DriveItem } from '../share-links/share-ops.js';
import { isNotModified } from '../telegram-errors.js';
import { setSaveFolder } from './folder.js';

/**
 * /folder by buttons: ⭐ favourites and 🕘 recent folders set the save folder with one tap, ⭐/☆
 * adds or removes the current one, 🗂 browses the drive's folders (listed like /share's
 * browser) down to the one to save into. Each choice goes through the one setter (folder.ts).
 */
export const folderButtonsFeature = new Composer<BotContext>();
const privateChats = folderButtonsFeature.chatType('private');

type PrivateContext = BotContext & { chat: { id: number; type: 'private' }; from: { id: number } };

/** Where the browser is: the folders from the top, and the page markers of the open one. */
interface BrowseState {
  expiresAt: number;
  driveId: string;
  stack: Array<{ id: string; name: string }>;
  markers: string[];
  page: number;
  folders: DriveItem[];
  hasNext: boolean;
}

const BROWSE_KEY = (chatId: number) => `pending:folder-browse:${chatId}`;
const BROWSE_WAIT_MS = 30 * 60_000;

function panelOf(ctx: PrivateContext) {
  const current = targetPathFor(ctx.deps, ctx.chat.id);
  const favourites = createFavouritesRepo(ctx.deps.db).list(ctx.from.id);
  const recent = recentFolders(ctx.deps.saves.recentHistory({ telegramUserId: ctx.from.id, limit: 30 }).map((e) => e.targetPath), current, favourites);
  return { current, favourites, recent };
}

/** Sends /folder's panel. */
export async function showFolderPanel(ctx: PrivateContext): Promise<void> {
  const view = renderFolderPanel(ctx.lang, panelOf(ctx));
  await ctx.reply(view.text, { reply_markup: view.keyboard });
}

async function edit(ctx: PrivateContext, view: { text: string; keyboard: import('grammy').InlineKeyboard }): Promise<void> {
  await ctx.editMessageText(view.text, { reply_markup: view.keyboard }).catch((error: unknown) => {
    if (!isNotModified(error)) throw error;
  });
}

privateChats.callbackQuery(new RegExp(`^${FOLDER_PREFIX}(star|unstar|[fr]\\d{1,2})$`), async (ctx) => {
  const action = ctx.match[1] ?? '';
  const favourites = createFavouritesRepo(ctx.deps.db);
  const { current, favourites: paths, recent } = panelOf(ctx);
  if (action === 'star') {
    const added = favourites.add(ctx.from.id, current);
    await ctx.answerCallbackQuery({ text: added === 'full' ? t(ctx.lang, 'folder.favFull', { max: MAX_FAVOURITES }) : t(ctx.lang, 'folder.starred', { path: current }) });
  } else if (action === 'unstar') {
    favourites.remove(ctx.from.id, current);
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'folder.unstarred', { path: current }) });
  } else {
    const path = (action.startsWith('f') ? paths : recent)[Number(action.slice(1))];
    await ctx.answerCallbackQuery();
    if (path && path !== current) await setSaveFolder(ctx, path);
  }
  await edit(ctx, renderFolderPanel(ctx.lang, panelOf(ctx)));
});

privateChats.callbackQuery(new RegExp(`^${FOLDER_PREFIX}(br|up|prev|next|here|o\\d{1,2})$`), async (ctx) => {
  const action = ctx.match[1] ?? '';
  const kv = createKvRepo(ctx.deps.db);
  const account = ctx.deps.accounts.working(ctx.from.id);
  if (!account) {
    await ctx.answerCallbackQuery({ text: t(ctx.lang, 'folder.needLogin'), show_alert: true });
    return;
  }
  let state: BrowseState | undefined;
  try {
    const stored = JSON.parse(kv.get(BROWSE_KEY(ctx.chat.id)) ?? 'null') as BrowseState | null;
    state = stored && stored.expiresAt > Date.now() ? stored : undefined;
  } catch {
    state = undefined;
  }
  const session = ctx.deps.accounts.session(account);
  if (action === 'br' || !state) {
    state = { expiresAt: 0, driveId: account.resourceDriveId || (await session.targetDriveId()), stack: [{ id: 'root', name: '' }], markers: [''], page: 0, folders: [], hasNext: false };
  }
  const path = '/' + state.stack.slice(1).map((f) => f.name).join('/');
  if (action === 'here') {
    kv.delete(BROWSE_KEY(ctx.chat.id));
    await ctx.answerCallbackQuery();
    if (await setSaveFolder(ctx, path)) await edit(ctx, renderFolderPanel(ctx.lang, panelOf(ctx)));
    return;
  }
  const opened = action.startsWith('o') ? state.folders[Number(action.slice(1))] : undefined;
  if (opened) [state.stack, state.markers, state.page] = [[...state.stack, { id: opened.fileId, name: opened.name }], [''], 0];
  else if (action === 'up' && state.stack.length > 1) [state.stack, state.markers, state.page] = [state.stack.slice(0, -1), [''], 0];
  else if (action === 'next' && state.hasNext) state.page += 1;
  else if (action === 'prev' && state.page > 0) state.page -= 1;
  await ctx.answerCallbackQuery();

  const folderId = state.stack[state.stack.length - 1]?.id ?? 'root';
  const page = await listFolderPage(session, state.driveId, folderId, state.markers[state.page] ?? '');
  state.markers[state.page + 1] = page.nextMarker;
  state.folders = page.items.filter((item) => item.type === 'folder');
  state.hasNext = page.nextMarker !== '';
  state.expiresAt = Date.now() + BROWSE_WAIT_MS;
  kv.set(BROWSE_KEY(ctx.chat.id), JSON.stringify(state));
  const shownPath = '/' + state.stack.slice(1).map((f) => f.name).join('/');
  await edit(ctx, renderFolderBrowser(ctx.lang, { path: shownPath, folders: state.folders, hasPrev: state.page > 0, hasNext: state.hasNext }));
});
