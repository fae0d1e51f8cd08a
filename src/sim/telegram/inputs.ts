/**
 * What tests hand the fake: users, chats, message contents and options, with defaults.
 */
import type { Chat, ChatMember, ChatMemberAdministrator, InlineKeyboardMarkup, Message, MessageEntity, MessageOrigin, User } from 'grammy/types';

/** A user as tests describe one: an id, the rest defaulted. */
export type UserInit = { id: number } & Partial<Omit<User, 'id'>>;

/** Any chat member status. */
export type MemberStatus = ChatMember['status'];

/** A chat to create. */
export interface ChatInit {
  id?: number;
  type: Chat['type'];
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: boolean;
  description?: string;
  creator?: UserInit;
  admins?: UserInit[];
  members?: UserInit[];
  /** The bot's own status; default `member` in groups, `administrator` in channels. */
  botStatus?: MemberStatus;
  botRights?: Partial<ChatMemberAdministrator>;
}

/** Content shared by everything a user or channel can post. */
export interface ContentInit {
  text?: string;
  /** Entities of `text`; when omitted the fake detects links, mentions, commands like Telegram. */
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  /** Photo bytes (PNG/JPEG/GIF/WebP). */
  photo?: Buffer | Uint8Array;
  forward_origin?: MessageOrigin;
  forward_from_chat?: Chat;
  forward_from_message_id?: number;
  forward_signature?: string;
  forward_from?: UserInit;
  forward_sender_name?: string;
  forward_date?: number;
  reply_to_message_id?: number;
  reply_markup?: InlineKeyboardMarkup;
  message_thread_id?: number;
  /** Raw fields merged into the Message last (anything not modelled above). */
  extra?: Partial<Message>;
}

/** A message a user sends. */
export interface UserMessageInit extends ContentInit {
  from: UserInit;
  /** Target chat (id or a chat to create); default: the private chat with `from`. */
  chat?: number | (ChatInit & { id: number });
  /** Posting on behalf of a chat (anonymous admin, linked channel). */
  sender_chat?: Chat;
}

/** A post in a channel. */
export interface ChannelPostInit extends ContentInit {
  chat: number | (ChatInit & { id: number; type: 'channel' });
  author_signature?: string;
}

/** Options of the waiting helpers. */
export interface WaitOptions {
  timeoutMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}

/** Options of {@link TelegramFake.setMember}. */
export interface SetMemberOptions {
  rights?: Partial<ChatMemberAdministrator>;
  customTitle?: string;
  untilDate?: number;
  /** Also queue the chat_member (or my_chat_member, for the bot) update Telegram would send. */
  notify?: boolean;
  /** Who made the change (for the update); default the user themself. */
  by?: UserInit;
}

/** Fills in a user's defaults (`is_bot: false`, a first name). */
export function toUser(init: UserInit): User {
  return { ...init, is_bot: init.is_bot ?? false, first_name: init.first_name ?? `User ${init.id}` };
}
