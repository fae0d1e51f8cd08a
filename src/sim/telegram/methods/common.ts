/**
 * Checks shared by the message methods: which chat, may the bot write there, which message.
 */
import type { ReplyParameters } from 'grammy/types';
import { badRequest, forbidden } from '../errors.js';
import type { Params } from '../params.js';
import type { ChatRecord, StoredMessage, TelegramState } from '../state.js';

/** Resolves `chat_id` (number or `@username`) to a known chat. */
export function requireChat(state: TelegramState, params: Params, field = 'chat_id'): ChatRecord {
  const raw = params.raw[field];
  if (raw === undefined || raw === null || raw === '') throw badRequest(`${field} is empty`);
  if (typeof raw !== 'number' && typeof raw !== 'string') throw badRequest('chat not found');
  const record = state.findChat(raw);
  if (record === undefined) throw badRequest('chat not found');
  return record;
}

/** The chat to post into, after the checks Telegram makes before sending anything. */
export function requirePostableChat(state: TelegramState, params: Params): ChatRecord {
  const raw = params.raw.chat_id;
  const id = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  // A known user who never opened a dialog with the bot has no private chat yet.
  if (typeof id === 'number' && id > 0 && state.findChat(id) === undefined && state.users.has(id)) {
    throw forbidden("bot can't initiate conversation with a user");
  }
  const record = requireChat(state, params);
  assertCanPost(state, record);
  return record;
}

/** Throws the Forbidden/Bad Request Telegram answers when the bot may not post in the chat. */
export function assertCanPost(state: TelegramState, record: ChatRecord): void {
  const chat = record.chat;
  if (chat.type === 'private') {
    if (record.blocked) throw forbidden('bot was blocked by the user');
    return;
  }
  const me = state.botMember(record);
  if (chat.type === 'channel') {
    if (me.status !== 'administrator' && me.status !== 'creator') throw forbidden('bot is not a member of the channel chat');
    if (me.status === 'administrator' && me.can_post_messages === false) throw badRequest('need administrator rights in the channel chat');
    return;
  }
  if (me.status === 'kicked') throw forbidden(`bot was kicked from the ${chat.type} chat`);
  if (me.status === 'left') throw forbidden(`bot is not a member of the ${chat.type} chat`);
  if (me.status === 'restricted' && (!me.is_member || !me.can_send_messages)) throw badRequest('not enough rights to send text messages to the chat');
}

/** A message that exists (not deleted) in the chat, or the given 400. */
export function requireMessage(record: ChatRecord, params: Params, notFound: string): StoredMessage {
  const messageId = params.int('message_id', 'message identifier is not specified');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const stored = record.messages.get(messageId);
  if (stored === undefined || stored.deleted) throw badRequest(notFound);
  return stored;
}

/** The message a new message replies to (`reply_parameters` or the older `reply_to_message_id`). */
export function replyTarget(record: ChatRecord, params: Params): StoredMessage | undefined {
  const reply = params.json<ReplyParameters>('reply_parameters', 'reply parameters');
  const messageId = reply?.message_id ?? params.int('reply_to_message_id');
  if (messageId === undefined) return undefined;
  const allowMissing = reply?.allow_sending_without_reply ?? params.bool('allow_sending_without_reply');
  const target = record.messages.get(messageId);
  if (target === undefined || target.deleted) {
    if (allowMissing) return undefined;
    throw badRequest('message to be replied not found');
  }
  return target;
}

/** A message as it appears inside `reply_to_message` (no nested reply). */
export function asReply(stored: StoredMessage): StoredMessage['message'] {
  const { reply_to_message: _nested, ...rest } = stored.message;
  return rest as StoredMessage['message'];
}
