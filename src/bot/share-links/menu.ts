/** The private chat's menu lines of /myshares and /share. */
import type { BotCommand } from 'grammy/types';
import type { Lang } from '../i18n/index.js';
import { st } from './messages.js';

/** Menu commands of the share-link features. */
export function shareMenuCommands(lang: Lang): BotCommand[] {
  return [
    { command: 'myshares', description: st(lang, 'cmdMyshares') },
    { command: 'share', description: st(lang, 'cmdShare') },
  ];
}
