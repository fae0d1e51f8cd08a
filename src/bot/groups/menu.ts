/**
 * The command menus of groups (members and admins see different ones), the group's /help
 * made from the same lists, and the channel commands of the private menu. Menus only help
 * people find commands: every handler checks who may use it.
 */
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { escapeHtml } from '../html.js';
import { t, type Lang } from '../i18n/index.js';

type GroupCommand = 'bind' | 'unbind' | 'status' | 'autosave' | 'quiet' | 'members' | 'save' | 'pick' | 'follows' | 'follow' | 'folder' | 'limit' | 'language';

const MEMBER_MENU: GroupCommand[] = ['status', 'save', 'pick', 'follows'];
const ADMIN_MENU: GroupCommand[] = ['bind', 'unbind', 'status', 'autosave', 'quiet', 'members', 'save', 'pick', 'follows', 'follow', 'folder', 'limit', 'language'];

function menu(lang: Lang, commands: GroupCommand[]): BotCommand[] {
  return [
    ...commands.map((command) => ({ command, description: t(lang, `group.cmd.${command}`) })),
    { command: 'help', description: t(lang, 'cmd.help') },
  ];
}

/** The group menus per scope: everyone in groups, and group admins. */
export function groupMenus(lang: Lang): Array<{ scope: BotCommandScope; commands: BotCommand[] }> {
  return [
    { scope: { type: 'all_group_chats' }, commands: menu(lang, MEMBER_MENU) },
    { scope: { type: 'all_chat_administrators' }, commands: menu(lang, ADMIN_MENU) },
  ];
}

/** /help in a group (HTML): what the bot does here, everyone's commands, the admins' commands. */
export function groupHelpText(lang: Lang): string {
  const line = (command: GroupCommand) => `/${command} — ${escapeHtml(t(lang, `group.cmd.${command}`))}`;
  return [
    t(lang, 'help.intro'),
    '',
    t(lang, 'help.everyone'),
    ...MEMBER_MENU.map(line),
    '',
    t(lang, 'help.admins'),
    ...ADMIN_MENU.filter((command) => !MEMBER_MENU.includes(command)).map(line),
    '',
    t(lang, 'help.private'),
  ].join('\n');
}

/** Channel commands for the private chat's menu. */
export function channelMenuCommands(lang: Lang): BotCommand[] {
  return [
    { command: 'bindchannel', description: t(lang, 'group.cmd.bindchannel') },
    { command: 'unbindchannel', description: t(lang, 'group.cmd.unbindchannel') },
  ];
}
