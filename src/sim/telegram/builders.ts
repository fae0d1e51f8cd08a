/**
 * Builds the Telegram objects behind the control API: chats, chat members, and the content
 * of messages users and channels post (entities detected, photos stored, forward fields).
 */
import type { Chat, ChatMember, ChatMemberAdministrator, User } from 'grammy/types';
import { detectEntities } from './entities.js';
import { imageInfo } from './images.js';
import { toUser, type ChatInit, type ContentInit, type MemberStatus, type SetMemberOptions } from './inputs.js';
import { photoSizes } from './photos.js';
import type { ChatRecord, FakeMessage, StoredFile, TelegramState } from './state.js';

/** A Chat object for `init`; groups and channels get Telegram-looking negative ids from `nextId`. */
export function buildChat(init: ChatInit, nextId: () => number): Chat {
  const base = { ...(init.username !== undefined ? { username: init.username } : {}) };
  switch (init.type) {
    case 'private': {
      if (init.id === undefined) throw new Error('telegram fake: a private chat needs the user id as its id');
      return { id: init.id, type: 'private', first_name: init.first_name ?? `User ${init.id}`, ...(init.last_name ? { last_name: init.last_name } : {}), ...base };
    }
    case 'group':
      return { id: init.id ?? -(4000000000 + nextId()), type: 'group', title: init.title ?? 'Group' };
    case 'supergroup':
      return { id: init.id ?? -(1002000000000 + nextId()), type: 'supergroup', title: init.title ?? 'Supergroup', ...(init.is_forum ? { is_forum: true as const } : {}), ...base };
    case 'channel':
      return { id: init.id ?? -(1003000000000 + nextId()), type: 'channel', title: init.title ?? 'Channel', ...base };
  }
}

/** The ChatMember object Telegram reports for `status` (admins get full rights unless overridden). */
export function buildMember(record: ChatRecord, user: User, status: MemberStatus, options: SetMemberOptions = {}): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false, ...(options.customTitle ? { custom_title: options.customTitle } : {}) };
    case 'administrator': {
      const isChannel = record.chat.type === 'channel';
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: true,
        can_edit_stories: true,
        can_delete_stories: true,
        can_send_welcome_messages: false,
        ...(isChannel ? { can_post_messages: true, can_edit_messages: true } : { can_pin_messages: true, can_manage_topics: false }),
        ...(options.customTitle ? { custom_title: options.customTitle } : {}),
        ...options.rights,
      } as ChatMemberAdministrator;
    }
    case 'member':
      return { status, user };
    case 'restricted':
      return {
        status, user, is_member: true, can_send_messages: false, can_send_audios: false, can_send_documents: false,
        can_send_photos: false, can_send_videos: false, can_send_video_notes: false, can_send_voice_notes: false,
        can_send_polls: false, can_send_other_messages: false, can_add_web_page_previews: false, can_react_to_messages: false,
        can_change_info: false, can_invite_users: false, can_edit_tag: false, can_pin_messages: false, can_manage_topics: false,
        until_date: options.untilDate ?? 0,
      };
    case 'left':
      return { status, user };
    case 'kicked':
      return { status, user, until_date: options.untilDate ?? 0 };
  }
}

/** Builds the text/caption/photo/forward/reply fields of a user or channel message. */
export function messageContent(state: TelegramState, record: ChatRecord, init: ContentInit): { fields: Partial<FakeMessage>; photo?: StoredFile } {
  const fields: Partial<FakeMessage> = {};
  if (init.text !== undefined) {
    fields.text = init.text;
    const entities = init.entities ?? detectEntities(init.text);
    if (entities.length > 0) fields.entities = entities;
  }
  if (init.caption !== undefined) {
    fields.caption = init.caption;
    const entities = init.caption_entities ?? detectEntities(init.caption);
    if (entities.length > 0) fields.caption_entities = entities;
  }
  let photo: StoredFile | undefined;
  if (init.photo !== undefined) {
    const bytes = Buffer.from(init.photo);
    const info = imageInfo(bytes);
    photo = state.storeFile('photos', { bytes, ...(info ? { width: info.width, height: info.height } : {}) });
    fields.photo = photoSizes(state, photo);
  }
  Object.assign(fields, forwardFields(init, state.date()));
  if (init.reply_to_message_id !== undefined) {
    const target = record.messages.get(init.reply_to_message_id);
    if (target === undefined) throw new Error(`telegram fake: no message ${init.reply_to_message_id} in chat ${record.chat.id} to reply to`);
    const { reply_to_message: _nested, ...reply } = target.message;
    fields.reply_to_message = reply as FakeMessage['reply_to_message'];
  }
  if (init.reply_markup !== undefined) fields.reply_markup = init.reply_markup;
  if (init.message_thread_id !== undefined) fields.message_thread_id = init.message_thread_id;
  if (init.text === undefined && init.caption === undefined && init.photo === undefined && init.extra === undefined) {
    throw new Error('telegram fake: a message needs text, a caption, a photo or extra fields');
  }
  return photo === undefined ? { fields } : { fields, photo };
}

/** Legacy forward_* fields and forward_origin, each derived from the other when only one is given. */
function forwardFields(init: ContentInit, now: number): Partial<FakeMessage> {
  let origin = init.forward_origin;
  const date = init.forward_date ?? origin?.date ?? now - 60;
  if (origin === undefined) {
    if (init.forward_from_chat !== undefined) {
      origin = init.forward_from_chat.type === 'channel'
        ? { type: 'channel', chat: init.forward_from_chat, message_id: init.forward_from_message_id ?? 1, date, ...(init.forward_signature ? { author_signature: init.forward_signature } : {}) }
        : { type: 'chat', sender_chat: init.forward_from_chat, date, ...(init.forward_signature ? { author_signature: init.forward_signature } : {}) };
    } else if (init.forward_from !== undefined) {
      origin = { type: 'user', sender_user: toUser(init.forward_from), date };
    } else if (init.forward_sender_name !== undefined) {
      origin = { type: 'hidden_user', sender_user_name: init.forward_sender_name, date };
    } else {
      return {};
    }
  }
  const fields: Partial<FakeMessage> = { forward_origin: origin, forward_date: origin.date };
  switch (origin.type) {
    case 'channel':
      fields.forward_from_chat = origin.chat;
      fields.forward_from_message_id = origin.message_id;
      if (origin.author_signature !== undefined) fields.forward_signature = origin.author_signature;
      break;
    case 'chat':
      fields.forward_from_chat = origin.sender_chat;
      if (origin.author_signature !== undefined) fields.forward_signature = origin.author_signature;
      break;
    case 'user':
      fields.forward_from = origin.sender_user;
      break;
    case 'hidden_user':
      fields.forward_sender_name = origin.sender_user_name;
      break;
  }
  return fields;
}
