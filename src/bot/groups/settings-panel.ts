/**
 * A group's settings panel (/status in a group): whose drive, the folder, the last hour's saves,
 * and the switches as buttons — pressed by an admin, a switch flips and the panel is edited in
 * place (see features/group-settings.ts). Everyone may look; the buttons check who presses.
 */
import { InlineKeyboard } from 'grammy';
import type { Chat } from 'grammy/types';
import type { ChatSettings } from '../../db/chat-settings.repo.js';
import type { BotContext } from '../context.js';
import { t, type Lang } from '../i18n/index.js';
import { memberStatus } from './admin-check.js';
import { bindingOf, chatFolderOf, nicknameOf, type Binding } from './binding.js';
import { savesInLastHour } from './chat-saves.js';
import { hourlyLimitOf } from './hourly-limit.js';
import { isAdminStatus } from './member-cache.js';

/** The group's switches: their settings column and name. */
export const SWITCHES = {
  autosave: { column: 'autosave', name: 'autosave.name' },
  quiet: { column: 'quiet', name: 'quiet.name' },
  members: { column: 'membersCanSave', name: 'members.name' },
} as const;
export type SwitchName = keyof typeof SWITCHES;
export const SWITCH_NAMES = Object.keys(SWITCHES) as SwitchName[];

/** The callback data of a switch's button. */
export const switchCallback = (name: SwitchName) => `gset:${name}`;
/** The callback data of "show the settings panel here". */
export const PANEL_CALLBACK = 'gset:panel';

/** With privacy mode on, a bot that is not an admin only gets commands and replies to itself. */
export async function botSeesAllMessages(ctx: BotContext, chatId: number): Promise<boolean> {
  if (ctx.me.can_read_all_group_messages) return true;
  return isAdminStatus(await memberStatus(ctx, chatId, ctx.me.id));
}

/** Pure: the "Drive: …" line of a binding. */
export function driveLine(lang: Lang, binding: Binding): string {
  switch (binding.state) {
    case 'ok':
      return t(lang, 'status.drive', { nickname: nicknameOf(binding.account) });
    case 'relogin':
      return t(lang, 'status.driveRelogin', { nickname: nicknameOf(binding.account) });
    case 'logged_out':
      return t(lang, 'status.driveLoggedOut');
    case 'unbound':
      return t(lang, 'status.notBound');
  }
}

/** The callback data of "change the folder" (asks for the path as a reply). */
export const FOLDER_CALLBACK = 'gset:folder';

/** Pure: one toggle button per switch, showing its state, then "change the folder". */
export function switchesKeyboard(lang: Lang, settings: ChatSettings | undefined): InlineKeyboard {
  return InlineKeyboard.from([
    ...SWITCH_NAMES.map((name) => {
      const on = settings?.[SWITCHES[name].column] === true;
      const label = t(lang, 'panel.button', { on: on ? 1 : 0, name: t(lang, SWITCHES[name].name), state: t(lang, on ? 'on' : 'off') });
      return [InlineKeyboard.text(label, switchCallback(name))];
    }),
    [InlineKeyboard.text(t(lang, 'panel.folderButton'), FOLDER_CALLBACK)],
  ]);
}

/** The panel of `chat` as it stands now: text and buttons. */
export async function settingsPanel(ctx: BotContext, chat: Pick<Chat, 'id'> & { title?: string }): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const { deps, lang } = ctx;
  const settings = deps.chatSettings.get(chat.id);
  const onOff = (value: boolean | undefined) => t(lang, value ? 'on' : 'off');
  const { used } = savesInLastHour(deps.saves, chat.id, Date.now());
  const lines = [
    t(lang, 'status.title'),
    driveLine(lang, bindingOf(deps.accounts, settings)),
    t(lang, 'status.folder', { path: chatFolderOf(settings, chat) }),
    t(lang, 'status.switches', { autosave: onOff(settings?.autosave), quiet: onOff(settings?.quiet), members: onOff(settings?.membersCanSave) }),
    t(lang, 'status.usage', { used, limit: hourlyLimitOf(settings, deps.config) }),
  ];
  if (settings?.autosave && !(await botSeesAllMessages(ctx, chat.id))) lines.push(t(lang, 'autosave.cannotSee'));
  lines.push(t(lang, 'panel.hint'));
  return { text: lines.join('\n'), keyboard: switchesKeyboard(lang, settings) };
}
