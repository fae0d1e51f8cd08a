/**
 * The first step of /share without a path: browse the share drive folder by folder (paged with
 * markers, ◀ ▶ ⬆️) or search it by typing a name, toggling items across folders, until Done.
 */
import type { Context } from 'grammy';
import { BROWSER_PREFIX, parseBrowserAction, renderBrowser, type BrowserView } from './browser-view.js';
import { panelWait, reportFailure, runOp, waitForPanel, type Owner, type ShareConversation } from './conversation-kit.js';
import { failureText } from './failures.js';
import { pickedText } from './options-view.js';
import { Panel } from './panel.js';
import { BROWSE_PAGE_SIZE, listFolderPage, searchDrives, type DriveItem, type FolderPage, type ShareDrives } from './share-ops.js';
import { t } from '../i18n/index.js';

/** Folder by folder (or by search), picking items; undefined when the user cancels. */
export async function browse(conversation: ShareConversation, ctx: Context, args: Owner, drives: ShareDrives): Promise<DriveItem[] | undefined> {
  const { lang, ownerId } = args;
  const panel = new Panel(ctx);
  const picked = new Map<string, DriveItem>();
  const folders = [{ id: 'root', name: '' }];
  let markers = [''];
  let page = 0;
  let loaded: FolderPage | undefined;
  let search: { query: string; items: DriveItem[]; inBackup: number; page: number } | undefined;

  for (;;) {
    let view: BrowserView;
    if (search) {
      const start = search.page * BROWSE_PAGE_SIZE;
      view = {
        location: { kind: 'search', query: search.query, total: search.items.length, inBackup: search.inBackup },
        items: search.items.slice(start, start + BROWSE_PAGE_SIZE),
        pickedIds: new Set(picked.keys()),
        hasPrev: search.page > 0,
        hasNext: start + BROWSE_PAGE_SIZE < search.items.length,
        canGoUp: true,
      };
    } else {
      const folderId = folders[folders.length - 1]?.id ?? 'root';
      const marker = markers[page] ?? '';
      if (!loaded) {
        const result = await runOp(conversation, ownerId, ({ session }) => listFolderPage(session, drives.shareDriveId, folderId, marker));
        if (!result.ok) return void (await reportFailure(panel, lang, result.failure));
        loaded = result.value;
      }
      view = {
        location: { kind: 'folder', path: `/${folders.slice(1).map((f) => f.name).join('/')}` },
        items: loaded.items,
        pickedIds: new Set(picked.keys()),
        hasPrev: page > 0,
        hasNext: loaded.nextMarker !== '',
        canGoUp: folders.length > 1,
      };
    }
    await panel.show(renderBrowser(lang, view));

    const input = await waitForPanel(conversation, panelWait(args, panel, BROWSER_PREFIX, true));
    if (input.kind === 'text') {
      const query = input.text.slice(0, 100);
      const found = await runOp(conversation, ownerId, ({ session }) => searchDrives(session, drives, query));
      if (!found.ok) await input.ctx.reply(failureText(lang, found.failure));
      else search = { query, items: found.value.items, inBackup: found.value.inBackup, page: 0 };
      continue;
    }
    const action = parseBrowserAction(input.action);
    const item = action && 'index' in action ? view.items[action.index] : undefined;
    if (action?.kind === 'done') {
      if (picked.size === 0) {
        await input.ctx.answerCallbackQuery({ text: t(lang, 'pickFirst') });
        continue;
      }
      await input.ctx.answerCallbackQuery();
      await panel.close(pickedText(lang, [...picked.values()]));
      return [...picked.values()];
    }
    await input.ctx.answerCallbackQuery();
    if (action?.kind === 'cancel') {
      await panel.close(t(lang, 'browseCancelled'));
      return undefined;
    }
    if (action?.kind === 'toggle' && item) {
      if (picked.has(item.fileId)) picked.delete(item.fileId);
      else picked.set(item.fileId, item);
    } else if (search) {
      if (action?.kind === 'next') search.page += 1;
      else if (action?.kind === 'prev') search.page = Math.max(0, search.page - 1);
      else if (action?.kind === 'up') search = undefined;
    } else if (action?.kind === 'open' && item?.type === 'folder') {
      folders.push({ id: item.fileId, name: item.name });
      [markers, page, loaded] = [[''], 0, undefined];
    } else if (action?.kind === 'up' && folders.length > 1) {
      folders.pop();
      [markers, page, loaded] = [[''], 0, undefined];
    } else if (action?.kind === 'next' && loaded?.nextMarker) {
      markers[page + 1] = loaded.nextMarker;
      [page, loaded] = [page + 1, undefined];
    } else if (action?.kind === 'prev' && page > 0) {
      [page, loaded] = [page - 1, undefined];
    }
  }
}
