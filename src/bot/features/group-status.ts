import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyInGroup } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf, nicknameOf } from '../groups/binding.js';
import { savesInLastHour } from '../groups/chat-saves.js';
import { hourlyLimitOf } from '../groups/hourly-limit.js';
import { gt } from '../groups/messages.js';

/**
 * /status in a group, for everyone: whose drive (the account's nickname, never a token), the
 * folder, the switches, and the hourly limit with what the last hour used.
 */
export const groupStatusFeature = new Composer<BotContext>();

groupStatusFeature.chatType(['group', 'supergroup']).command('status', async (ctx) => {
  const { deps, lang } = ctx;
  const settings = deps.chatSettings.get(ctx.chat.id);
  const binding = bindingOf(deps.accounts, settings);
  const onOff = (value: boolean | undefined) => gt(lang, value ? 'on' : 'off');
  const drive =
    binding.state === 'ok'
      ? gt(lang, 'status.drive', { nickname: nicknameOf(binding.account) })
      : binding.state === 'relogin'
        ? gt(lang, 'status.driveRelogin', { nickname: nicknameOf(binding.account) })
        : binding.state === 'logged_out'
          ? gt(lang, 'status.driveLoggedOut')
          : gt(lang, 'status.notBound');
  const { used } = savesInLastHour(deps.saves, ctx.chat.id, Date.now());
  const lines = [
    gt(lang, 'status.title'),
    drive,
    gt(lang, 'status.folder', { path: chatFolderOf(settings, ctx.chat) }),
    gt(lang, 'status.switches', {
      autosave: onOff(settings?.autosave),
      quiet: onOff(settings?.quiet),
      members: onOff(settings?.membersCanSave),
    }),
    gt(lang, 'status.usage', { used, limit: hourlyLimitOf(settings, deps.config) }),
  ];
  await replyInGroup(ctx, lines.join('\n'));
});
