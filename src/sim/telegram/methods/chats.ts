/**
 * The bot, its chats and their members: getMe, getChat, getChatMember,
 * getChatAdministrators, leaveChat, getFile.
 */
import type { ChatMember } from 'grammy/types';
import { badRequest } from '../errors.js';
import type { MethodHandler } from '../dispatch.js';
import type { ChatRecord, TelegramState } from '../state.js';
import { requireChat } from './common.js';

const getMe: MethodHandler = ({ state }) => state.bot;

const getChat: MethodHandler = ({ state, params }) => {
  const { chat, description } = requireChat(state, params);
  return {
    ...chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
    ...(description !== undefined ? { description } : {}),
  };
};

const getChatMember: MethodHandler = ({ state, params }) => {
  const record = requireChat(state, params);
  const userId = params.int('user_id', 'invalid user_id specified');
  if (userId === undefined) throw badRequest('invalid user_id specified');
  const member = state.member(record, userId);
  if (member === undefined) throw badRequest(record.chat.type === 'private' ? 'user not found' : 'PARTICIPANT_ID_INVALID');
  return member;
};

/** Creator first, then administrators, as Telegram lists them. */
export function administrators(record: ChatRecord): ChatMember[] {
  const all = [...record.members.values()];
  return [...all.filter((m) => m.status === 'creator'), ...all.filter((m) => m.status === 'administrator')];
}

const getChatAdministrators: MethodHandler = ({ state, params }) => {
  const record = requireChat(state, params);
  if (record.chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  return administrators(record);
};

/** Sets the bot's own status and queues the my_chat_member update Telegram sends for it. */
export function changeBotStatus(state: TelegramState, record: ChatRecord, next: ChatMember, by = state.botAsUser()): void {
  const old = state.botMember(record);
  record.members.set(state.bot.id, next);
  state.updates.push({ my_chat_member: { chat: record.chat, from: by, date: state.date(), old_chat_member: old, new_chat_member: next } });
  state.changed();
}

const leaveChat: MethodHandler = ({ state, params }) => {
  const record = requireChat(state, params);
  if (record.chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  const me = state.botMember(record);
  if (me.status === 'left' || me.status === 'kicked') throw badRequest(`bot is not a member of the ${record.chat.type} chat`);
  changeBotStatus(state, record, { status: 'left', user: state.botAsUser() });
  return true;
};

const getFile: MethodHandler = ({ state, params }) => {
  const fileId = params.str('file_id');
  const file = fileId === undefined ? undefined : state.files.get(fileId);
  if (file === undefined || fileId === undefined) throw badRequest('invalid file_id');
  return {
    file_id: fileId,
    file_unique_id: file.fileUniqueId,
    ...(file.size !== undefined ? { file_size: file.size } : {}),
    ...(file.bytes !== undefined ? { file_path: file.filePath } : {}),
  };
};

/** Chat and member methods by Bot API name. */
export const chatMethods: Record<string, MethodHandler> = {
  getMe,
  getChat,
  getChatMember,
  getChatAdministrators,
  leaveChat,
  getFile,
};
