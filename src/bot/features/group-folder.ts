import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { normalizeFolderPath } from '../folder-path.js';
import { replyInGroup, requireAdmin } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf } from '../groups/binding.js';
import type { SaveFolder } from '../../accounts.js';
import { mayChangeBinding } from './group-bind.js';
import { t } from '../i18n/index.js';

/**
 * /folder in a group: everyone sees the group's folder; an admin sets it — in a bound group, the
 * binding admin or the owner — normalised like the private /folder, and created in the bound
 * drive at once so a typo shows now.
 * The private-chat /folder lives in folder.ts.
 */
export const groupFolderFeature = new Composer<BotContext>();

groupFolderFeature.chatType(['group', 'supergroup']).command('folder', async (ctx) => {
  const input = ctx.match.trim();
  if (!input) return replyInGroup(ctx, t(ctx.lang, 'group.folder.current', { path: chatFolderOf(ctx.deps.chatSettings.get(ctx.chat.id), ctx.chat) }));
  await setGroupFolder(ctx, input);
});

/**
 * Sets the group's folder to `input` for whoever sent the current message (/folder, or a reply
 * to the settings panel's folder question), if they may, and answers in the group.
 */
export async function setGroupFolder(ctx: BotContext & { chat: { id: number; type: string; title: string } }, input: string): Promise<void> {
  const { deps } = ctx;
  const settings = deps.chatSettings.get(ctx.chat.id);
  if (!(await requireAdmin(ctx))) return;
  // Bound, the folder is in the binding admin's drive: theirs (or the owner's) to move.
  if (settings?.boundByUserId && !(await mayChangeBinding(ctx, settings.boundByUserId))) return;
  const path = normalizeFolderPath(input);
  if (path === undefined) return replyInGroup(ctx, t(ctx.lang, 'folder.invalid'));

  let folder: SaveFolder | undefined;
  const binding = bindingOf(deps.accounts, settings);
  if (binding.state === 'ok') {
    const opened = await deps.accounts.saveFolder(binding.account, path);
    if (opened.ok) folder = opened.folder;
    else {
      ctx.logger.warn({ err: opened.error, chat_id: ctx.chat.id }, 'could not create the group folder');
      // A dead login is reported on the next post; the path itself is fine to keep.
      if (!opened.relogin) return replyInGroup(ctx, t(ctx.lang, 'group.folder.failed'));
    }
  }
  deps.chatSettings.record(ctx.chat.id, { chatType: ctx.chat.type, title: ctx.chat.title }, { saveFolder: path, ...folder });
  await replyInGroup(ctx, t(ctx.lang, 'group.folder.set', { path }));
}
