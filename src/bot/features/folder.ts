import { Composer } from 'grammy';
import { isDeviceRefused } from '../../api/index.js';
import type { BotContext } from '../context.js';
import { alertIfNotUnderstood } from '../operator-alert.js';
import { normalizeFolderPath, shortPath } from '../folder-path.js';
import { showFolderPanel } from './folder-buttons.js';
import type { SaveFolder } from '../../accounts.js';
import { t } from '../i18n/index.js';

/**
 * /folder shows the save folder with buttons (favourites, recent, browse: folder-buttons.ts);
 * /folder /a/b sets it (normalised), creating it in the drive right away when the user is logged
 * in so a typo shows up now, not at the next save.
 */
export const folderFeature = new Composer<BotContext>();

folderFeature.chatType('private').command('folder', async (ctx) => {
  const input = ctx.match.trim();
  if (!input) {
    // Favourites, recent folders and a browser as buttons (folder-buttons.ts); typing a path still works.
    await showFolderPanel(ctx);
    return;
  }
  const path = normalizeFolderPath(input);
  if (path === undefined) {
    await ctx.reply(t(ctx.lang, 'folder.invalid'));
    return;
  }
  await setSaveFolder(ctx, path);
});

/**
 * The one setter of a private chat's save folder (typed, or chosen by a /folder button).
 * @returns whether the folder was set.
 */
export async function setSaveFolder(ctx: BotContext & { chat: { id: number; type: 'private' }; from: { id: number } }, path: string): Promise<boolean> {
  const { deps } = ctx;
  let folder: SaveFolder | undefined;
  const account = deps.accounts.working(ctx.from.id);
  if (account) {
    await ctx.replyWithChatAction('typing').catch(() => undefined);
    const opened = await deps.accounts.saveFolder(account, path);
    if (!opened.ok) {
      ctx.logger.warn({ err: opened.error }, 'could not create the save folder');
      const notUnderstood = alertIfNotUnderstood(deps.operatorAlerts, opened.error);
      await ctx.reply(t(ctx.lang, notUnderstood ? 'aliyun.notUnderstood' : folderFailureKey(opened)));
      return false;
    }
    folder = opened.folder;
  }
  deps.chatSettings.record(ctx.chat.id, { chatType: ctx.chat.type, title: null }, { saveFolder: path, ...folder });
  await ctx.reply(t(ctx.lang, 'folder.set', { path: shortPath(path) }));
  return true;
}

/** The words for a save folder that could not be made. */
function folderFailureKey(failure: { relogin: boolean; error: unknown }): 'aliyun.deviceRefused' | 'folder.relogin' | 'folder.failed' {
  if (isDeviceRefused(failure.error)) return 'aliyun.deviceRefused';
  return failure.relogin ? 'folder.relogin' : 'folder.failed';
}
