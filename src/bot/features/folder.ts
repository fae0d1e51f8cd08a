import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { normalizeFolderPath, shortPath } from '../folder-path.js';
import { targetPathFor } from '../saving/request-saves.js';
import type { SaveFolder } from '../../accounts.js';
import { t } from '../i18n/index.js';

/**
 * /folder shows the save folder; /folder /a/b sets it (normalised), creating it in the
 * drive right away when the user is logged in so a typo shows up now, not at the next save.
 */
export const folderFeature = new Composer<BotContext>();

folderFeature.chatType('private').command('folder', async (ctx) => {
  const { deps } = ctx;
  const input = ctx.match.trim();
  if (!input) {
    await ctx.reply(t(ctx.lang, 'folder.current', { path: shortPath(targetPathFor(deps, ctx.chat.id)) }));
    return;
  }
  const path = normalizeFolderPath(input);
  if (path === undefined) {
    await ctx.reply(t(ctx.lang, 'folder.invalid'));
    return;
  }

  let folder: SaveFolder | undefined;
  const account = deps.accounts.working(ctx.from.id);
  if (account) {
    await ctx.replyWithChatAction('typing').catch(() => undefined);
    const opened = await deps.accounts.saveFolder(account, path);
    if (!opened.ok) {
      ctx.logger.warn({ err: opened.error }, 'could not create the save folder');
      await ctx.reply(t(ctx.lang, opened.relogin ? 'folder.relogin' : 'folder.failed'));
      return;
    }
    folder = opened.folder;
  }
  deps.chatSettings.record(ctx.chat.id, { chatType: ctx.chat.type, title: null }, { saveFolder: path, ...folder });
  await ctx.reply(t(ctx.lang, 'folder.set', { path: shortPath(path) }));
});
