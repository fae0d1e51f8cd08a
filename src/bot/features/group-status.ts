import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyInGroup } from '../groups/admin-check.js';
import { bindingOf, chatFolderOf, nicknameOf } from '../groups/binding.js';
import { savesInLastHour } from '../groups/chat-saves.js';
import { hourlyLimitOf } from '../groups/hourly-limit.js';
import { t } from '../i18n/index.js';

/**
 * /status in a group, for everyone: whose drive (the account's nickname, never a token), the
 * folder, the switches, and the hourly limit with what the last hour used.
 */
export const groupStatusFeature = new Composer<BotContext>();

groupStatusFeature.chatType(['group', 'supergroup']).command('status', async (ctx) => {
  const { deps, lang } = ctx;
  const settings = deps.chatSettings.get(ctx.chat.id);
  const binding = bindingOf(deps.accounts, settings);
  const onOff = (value: boolean | undefined) => t(lang, value ? 'on' : 'off');
  const drive =
    binding.state === 'ok'
      ? t(lang, 'status.drive', { nickname: nicknameOf(binding.account) })
      : binding.state === 'relogin'
        ? t(lang, 'status.driveRelogin', { nickname: nicknameOf(binding.account) })
        : binding.state === 'logged_out'
          ? t(lang, 'status.driveLoggedOut')
          : t(lang, 'status.notBound');
  const { used } = savesInLastHour(deps.saves, ctx.chat.id, Date.now());
  const lines = [
    t(lang, 'status.title'),
    drive,
    t(lang, 'status.folder', { path: chatFolderOf(settings, ctx.chat) }),
    t(lang, 'status.switches', {
      autosave: onOff(settings?.autosave),
      quiet: onOff(settings?.quiet),
      members: onOff(settings?.membersCanSave),
    }),
    t(lang, 'status.usage', { used, limit: hourlyLimitOf(settings, deps.config) }),
  ];
  await replyInGroup(ctx, lines.join('\n'));
});
