import { Composer } from 'grammy';
import type { ChatSettingsPatch } from '../../db/chat-settings.repo.js';
import type { BotContext } from '../context.js';
import { botSeesAllMessages } from '../groups/settings-panel.js';
import { replyInGroup, requireAdmin } from '../groups/admin-check.js';
import { parseLimit, parseSwitch } from '../groups/args.js';
import { savesInLastHour } from '../groups/chat-saves.js';
import { hourlyLimitOf, MAX_HOURLY_LIMIT } from '../groups/hourly-limit.js';
import { mayChangeBinding } from './group-bind.js';
import { t } from '../i18n/index.js';

/**
 * The group's switches, for admins: /autosave, /quiet, /members (on|off; without an argument
 * they show the current state). /members and /limit n (the hourly limit) in a bound group are
 * the binding admin's or the owner's call, since they spend the binding admin's drive.
 */
export const groupSwitchesFeature = new Composer<BotContext>();
const groups = groupSwitchesFeature.chatType(['group', 'supergroup']);

/** Each switch: its settings column, its name and what turning it on / off says. */
const SWITCHES = {
  autosave: { column: 'autosave', name: 'autosave.name', on: 'autosave.on', off: 'autosave.off' },
  quiet: { column: 'quiet', name: 'quiet.name', on: 'quiet.on', off: 'quiet.off' },
  members: { column: 'membersCanSave', name: 'members.name', on: 'members.on', off: 'members.off' },
} as const;

/** Records the group and changes one of its settings. */
function setSetting(ctx: BotContext & { chat: { id: number; type: string; title: string } }, changes: ChatSettingsPatch): void {
  ctx.deps.chatSettings.record(ctx.chat.id, { chatType: ctx.chat.type, title: ctx.chat.title }, changes);
}

for (const name of ['autosave', 'quiet', 'members'] as const) {
  const { column, ...texts } = SWITCHES[name];
  groups.command(name, async (ctx) => {
    const wanted = parseSwitch(ctx.match);
    const settings = ctx.deps.chatSettings.get(ctx.chat.id);
    if (wanted === undefined) {
      const state = t(ctx.lang, settings?.[column] ? 'on' : 'off');
      return replyInGroup(ctx, t(ctx.lang, 'switch.show', { name: t(ctx.lang, texts.name), command: name, state }));
    }
    if (!(await requireAdmin(ctx))) return;
    // Letting members save spends the binding admin's drive: their (or the owner's) call.
    if (name === 'members' && settings?.boundByUserId && !(await mayChangeBinding(ctx, settings.boundByUserId))) return;
    setSetting(ctx, { [column]: wanted });
    ctx.logger.info({ chat_id: ctx.chat.id, user_id: ctx.from?.id, [name]: wanted }, 'group switch changed');
    const lines = [t(ctx.lang, wanted ? texts.on : texts.off)];
    if (name === 'autosave' && wanted) {
      if (!settings?.boundByUserId) lines.push(t(ctx.lang, 'autosave.notBound'));
      if (!(await botSeesAllMessages(ctx, ctx.chat.id))) lines.push(t(ctx.lang, 'autosave.cannotSee'));
    }
    await replyInGroup(ctx, lines.join('\n'));
  });
}


groups.command('limit', async (ctx) => {
  const { deps } = ctx;
  const settings = deps.chatSettings.get(ctx.chat.id);
  const limit = hourlyLimitOf(settings, deps.config);
  if (!ctx.match.trim()) {
    const { used } = savesInLastHour(deps.saves, ctx.chat.id, Date.now());
    return replyInGroup(ctx, t(ctx.lang, 'limit.show', { limit, used }));
  }
  const wanted = parseLimit(ctx.match, MAX_HOURLY_LIMIT);
  if (wanted === undefined) return replyInGroup(ctx, t(ctx.lang, 'limit.usage', { max: MAX_HOURLY_LIMIT }));
  if (!(await requireAdmin(ctx))) return;
  // Unbound, any admin may set it; bound, it is the binding admin's (or the owner's) budget.
  if (settings?.boundByUserId && !(await mayChangeBinding(ctx, settings.boundByUserId))) return;
  setSetting(ctx, { hourlyLimit: wanted });
  await replyInGroup(ctx, t(ctx.lang, 'limit.set', { limit: wanted ?? deps.config.GROUP_SAVES_PER_HOUR }));
});
