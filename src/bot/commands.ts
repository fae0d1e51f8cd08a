/**
 * The command menu, per language. Menus are only a convenience: access and chat type are
 * checked in the handlers. A new feature with a command adds one line here.
 */
import type { Api } from 'grammy';
import { channelMenuCommands, groupMenus } from './groups/menu.js';
import { t, type CoreKey, type Lang } from './i18n/index.js';
import { shareMenuCommands } from './share-links/menu.js';

/** Commands shown in the menu, in order, with their description key. */
export const MENU_COMMANDS: { command: string; description: CoreKey }[] = [
  { command: 'start', description: 'cmd.start' },
  { command: 'login', description: 'cmd.login' },
  { command: 'pick', description: 'cmd.pick' },
  { command: 'folder', description: 'cmd.folder' },
  { command: 'skip', description: 'cmd.skip' },
  { command: 'history', description: 'cmd.history' },
  { command: 'status', description: 'cmd.status' },
  { command: 'follow', description: 'cmd.follow' },
  { command: 'follows', description: 'cmd.follows' },
  { command: 'logout', description: 'cmd.logout' },
  { command: 'cancel', description: 'cmd.cancel' },
  { command: 'language', description: 'cmd.language' },
  { command: 'help', description: 'cmd.help' },
];

function commandsIn(lang: Lang) {
  return [...MENU_COMMANDS.map(({ command, description }) => ({ command, description: t(lang, description) })), ...shareMenuCommands(lang), ...channelMenuCommands(lang)];
}

/** Registers the menu: Chinese by default, English for apps set to English. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(commandsIn('zh'));
  await api.setMyCommands(commandsIn('en'), { language_code: 'en' });
  // Groups: members and admins see their own menus (src/bot/groups/menu.ts).
  for (const lang of ['zh', 'en'] as const) {
    for (const { scope, commands } of groupMenus(lang)) {
      await api.setMyCommands(commands, { scope, ...(lang === 'en' ? { language_code: 'en' } : {}) });
    }
  }
}
