/**
 * Pure: who is acting in a group or channel update, as far as permissions go. Telegram hides
 * the real person in three cases, each named here (see MoC-OSS/ua-anti-spam-bot's admin filter):
 * an anonymous admin posts as the group itself, a channel post has no sender at all, and the
 * linked channel's posts arrive in its discussion group forwarded by "Telegram" (777000).
 */
import type { Chat, Message, User } from 'grammy/types';

/** The user Telegram shows as the sender of an anonymous admin's messages. */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;
/** The user Telegram shows as the sender of a linked channel's automatic forwards. */
export const TELEGRAM_SERVICE_USER_ID = 777000;

export type Actor =
  /** A person we can ask Telegram about. */
  | { kind: 'user'; userId: number }
  /** An admin posting as the group (GroupAnonymousBot with `sender_chat` = this chat). */
  | { kind: 'anonymous_admin' }
  /** A post in a channel: only its admins can post. */
  | { kind: 'channel' }
  /** The group's linked channel, automatically forwarded into its discussion group. */
  | { kind: 'linked_channel' }
  /** Someone posting as another chat (their own channel): never an admin of this one. */
  | { kind: 'other_chat' }
  | { kind: 'unknown' };

/** The fields of an update that tell who acts. */
export interface ActingFields {
  chat: Pick<Chat, 'id' | 'type'>;
  from?: Pick<User, 'id'> | undefined;
  senderChat?: Pick<Chat, 'id'> | undefined;
  isAutomaticForward?: boolean | undefined;
}

/** Classifies the sender of a message (or of any update with a chat and an optional `from`). */
export function actorOf(fields: ActingFields): Actor {
  const { chat, from, senderChat } = fields;
  if (chat.type === 'channel') return { kind: 'channel' };
  if (senderChat && senderChat.id === chat.id) return { kind: 'anonymous_admin' };
  if (fields.isAutomaticForward || from?.id === TELEGRAM_SERVICE_USER_ID) return { kind: 'linked_channel' };
  if (senderChat) return { kind: 'other_chat' };
  // GroupAnonymousBot without sender_chat should not happen; without it we cannot trust it.
  if (!from || from.id === GROUP_ANONYMOUS_BOT_ID) return { kind: 'unknown' };
  return { kind: 'user', userId: from.id };
}

/** {@link actorOf} for a message as grammY hands it over. */
export function actorOfMessage(message: Pick<Message, 'chat' | 'from' | 'sender_chat' | 'is_automatic_forward'>): Actor {
  return actorOf({
    chat: message.chat,
    from: message.from,
    senderChat: message.sender_chat,
    isAutomaticForward: message.is_automatic_forward,
  });
}
