/** The private chat's menu lines of /myshares and /share. */
import type { BotCommand } from 'grammy/types';
import { t, type Lang } from '../i18n/index.js';

/** Menu commands of the share-link features. */
export function shareMenuCommands(lang: Lang): BotCommand[] {
  return [
    { command: 'myshares', description: t(lang, 'cmdMyshares') },
    { command: 'share', description: t(lang, 'cmdShare') },
  ];
}
