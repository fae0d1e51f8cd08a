/**
 * The command menu: setMyCommands / getMyCommands / deleteMyCommands, stored per scope and
 * language, plus the client-side rule that picks which list a user actually sees.
 */
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { badRequest } from '../errors.js';
import type { MethodHandler } from '../dispatch.js';
import type { Params } from '../params.js';
import type { TelegramState } from '../state.js';

const SCOPES = new Set(['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member']);

/** The storage key of a scope + language pair, e.g. `chat:-100123|ru`. */
export function commandKey(scope: BotCommandScope | undefined, languageCode = ''): string {
  const s = scope ?? { type: 'default' };
  const parts: string[] = [s.type];
  if ('chat_id' in s) parts.push(String(s.chat_id));
  if ('user_id' in s) parts.push(String(s.user_id));
  return `${parts.join(':')}|${languageCode}`;
}

function readScope(state: TelegramState, params: Params): { scope: BotCommandScope | undefined; language: string } {
  const scope = params.json<BotCommandScope>('scope', 'bot command scope');
  if (scope !== undefined) {
    if (typeof scope !== 'object' || !SCOPES.has(scope.type)) throw badRequest('unsupported bot command scope type');
    const type: string = scope.type;
    if ('chat_id' in scope && scope.chat_id !== undefined) {
      const chat = state.findChat(scope.chat_id);
      if (chat === undefined) throw badRequest('chat not found');
      // Stored under the numeric id, however the bot named the chat.
      (scope as { chat_id: number | string }).chat_id = chat.chat.id;
    } else if (type === 'chat' || type === 'chat_administrators' || type === 'chat_member') {
      throw badRequest('chat_id is empty');
    }
  }
  const language = params.str('language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return { scope, language };
}

const setMyCommands: MethodHandler = ({ state, params }) => {
  const commands = params.json<BotCommand[]>('commands', 'bot commands');
  if (!Array.isArray(commands)) throw badRequest('commands is empty');
  if (commands.length > 100) throw badRequest('too many bot commands specified');
  for (const c of commands) {
    if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.trim() === '' || c.description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  const { scope, language } = readScope(state, params);
  const key = commandKey(scope, language);
  if (commands.length === 0) state.commands.delete(key);
  else state.commands.set(key, commands.map(({ command, description }) => ({ command, description })));
  state.changed();
  return true;
};

const getMyCommands: MethodHandler = ({ state, params }) => {
  const { scope, language } = readScope(state, params);
  return state.commands.get(commandKey(scope, language)) ?? [];
};

const deleteMyCommands: MethodHandler = ({ state, params }) => {
  const { scope, language } = readScope(state, params);
  state.commands.delete(commandKey(scope, language));
  state.changed();
  return true;
};

/**
 * The list a Telegram client shows `userId` in `chatId`, following the documented order:
 * the narrowest scope with commands wins, the user's language before the default one.
 */
export function commandsVisibleTo(state: TelegramState, chatId: number, userId: number, languageCode = ''): BotCommand[] {
  const record = state.chats.get(chatId);
  const isPrivate = record?.chat.type === 'private';
  const member = record === undefined ? undefined : state.member(record, userId);
  const isAdmin = member?.status === 'administrator' || member?.status === 'creator';
  const scopes: BotCommandScope[] = isPrivate
    ? [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }, { type: 'default' }]
    : [
        { type: 'chat_member', chat_id: chatId, user_id: userId },
        ...(isAdmin ? [{ type: 'chat_administrators', chat_id: chatId } as const] : []),
        { type: 'chat', chat_id: chatId },
        ...(isAdmin ? [{ type: 'all_chat_administrators' } as const] : []),
        { type: 'all_group_chats' },
        { type: 'default' },
      ];
  for (const scope of scopes) {
    for (const language of languageCode === '' ? [''] : [languageCode, '']) {
      const list = state.commands.get(commandKey(scope, language));
      if (list !== undefined && list.length > 0) return list;
    }
  }
  return [];
}

/** Command-menu methods by Bot API name. */
export const commandMethods: Record<string, MethodHandler> = { setMyCommands, getMyCommands, deleteMyCommands };
