/**
 * Sending, editing and deleting messages: sendMessage, sendPhoto, editMessageText,
 * editMessageCaption, editMessageReplyMarkup, deleteMessage(s), sendChatAction,
 * setMessageReaction — with the server's limits and error texts.
 */
import type { InlineKeyboardMarkup, LinkPreviewOptions, MessageEntity, ReactionType } from 'grammy/types';
import { badRequest, NOT_MODIFIED } from '../errors.js';
import { formatText } from '../entities.js';
import { imageInfo } from '../images.js';
import { validateReplyMarkup } from '../keyboard.js';
import { rememberReplyKeyboard } from '../chat-picker.js';
import type { MethodContext, MethodHandler } from '../dispatch.js';
import type { Params } from '../params.js';
import type { ChatRecord, FakeMessage, StoredFile, StoredMessage, TelegramState } from '../state.js';
import { photoSizes } from '../photos.js';
import { asReply, requireChat, requireMessage, requirePostableChat, replyTarget } from './common.js';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
// The emoji a bot may react with (ReactionTypeEmoji in the Bot API docs).
const REACTION_EMOJI = new Set([
  '👍', '👎', '❤', '🔥', '🥰', '👏', '😁', '🤔', '🤯', '😱', '🤬', '😢', '🎉', '🤩', '🤮', '💩', '🙏', '👌', '🕊', '🤡', '🥱',
  '🥴', '😍', '🐳', '❤‍🔥', '🌚', '🌭', '💯', '🤣', '⚡', '🍌', '🏆', '💔', '🤨', '😐', '🍓', '🍾', '💋', '🖕', '😈', '😴', '😭',
  '🤓', '👻', '👨‍💻', '👀', '🎃', '🙈', '😇', '😨', '🤝', '✍', '🤗', '🫡', '🎅', '🎄', '☃', '💅', '🤪', '🗿', '🆒', '💘', '🙉',
  '🦄', '😘', '💊', '🙊', '😎', '👾', '🤷‍♂', '🤷', '🤷‍♀', '😡',
]);

interface Rendered {
  text: string;
  entities: MessageEntity[];
  raw: string;
  parseMode?: string;
}

function renderText(params: Params): Rendered {
  const raw = params.str('text');
  if (raw === undefined || raw === '') throw badRequest('message text is empty');
  const parseMode = params.str('parse_mode');
  const formatted = formatText(raw, parseMode, params.json<MessageEntity[]>('entities', 'entities'));
  if (formatted.text === '') throw badRequest('message text is empty');
  if (formatted.text.length > MAX_TEXT) throw badRequest('message is too long');
  return { ...formatted, raw, ...(parseMode ? { parseMode } : {}) };
}

function renderCaption(params: Params): Rendered | undefined {
  const raw = params.str('caption');
  if (raw === undefined || raw === '') return undefined;
  const parseMode = params.str('parse_mode');
  const formatted = formatText(raw, parseMode, params.json<MessageEntity[]>('caption_entities', 'caption entities'));
  if (formatted.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  if (formatted.text === '') return undefined;
  return { ...formatted, raw, ...(parseMode ? { parseMode } : {}) };
}

function readMarkup(params: Params): InlineKeyboardMarkup | undefined {
  return validateReplyMarkup(params.json('reply_markup', 'reply keyboard markup'));
}

/** Fields every message the bot sends carries: sender, reply, thread. */
function senderFields(state: TelegramState, record: ChatRecord, params: Params): Partial<FakeMessage> {
  const fields: Partial<FakeMessage> = record.chat.type === 'channel' ? { sender_chat: record.chat } : { from: state.botAsUser() };
  const target = replyTarget(record, params);
  if (target !== undefined) fields.reply_to_message = asReply(target) as FakeMessage['reply_to_message'];
  const thread = params.int('message_thread_id');
  if (thread !== undefined) fields.message_thread_id = thread;
  if (params.bool('protect_content')) fields.has_protected_content = true;
  return fields;
}

const sendMessage: MethodHandler = ({ state, params }) => {
  const record = requirePostableChat(state, params);
  const text = renderText(params);
  const markup = readMarkup(params);
  rememberReplyKeyboard(record, params.json('reply_markup', 'reply keyboard markup'));
  const preview = params.json<LinkPreviewOptions>('link_preview_options', 'link preview options');
  const fields: Partial<FakeMessage> = {
    ...senderFields(state, record, params),
    text: text.text,
    ...(text.entities.length > 0 ? { entities: text.entities } : {}),
    ...(preview !== undefined ? { link_preview_options: preview } : {}),
    ...(markup !== undefined ? { reply_markup: markup } : {}),
  };
  const stored = state.appendMessage(record, fields, { fromBot: true, rawText: text.raw, ...(text.parseMode ? { parseMode: text.parseMode } : {}) });
  return stored.message;
};

function resolvePhoto(state: TelegramState, params: Params): StoredFile {
  const photo = params.file('photo');
  if (photo === undefined) throw badRequest('there is no photo in the request');
  if (typeof photo === 'string') {
    const known = state.files.get(photo);
    if (known !== undefined) return known;
    if (/^https?:\/\/\S+$/i.test(photo)) return state.storeFile('photos', { url: photo });
    throw badRequest('wrong file identifier/HTTP URL specified');
  }
  if (photo.bytes.length === 0) throw badRequest('file must be non-empty');
  if (photo.bytes.length > 10 * 1024 * 1024) throw badRequest('file is too big');
  const info = imageInfo(photo.bytes);
  if (info === undefined || info.width === 0 || info.height === 0) throw badRequest('IMAGE_PROCESS_FAILED');
  if (info.width + info.height > 10000 || Math.max(info.width, info.height) / Math.min(info.width, info.height) > 20) {
    throw badRequest('PHOTO_INVALID_DIMENSIONS');
  }
  return state.storeFile('photos', { bytes: photo.bytes, width: info.width, height: info.height });
}

const sendPhoto: MethodHandler = ({ state, params }) => {
  const record = requirePostableChat(state, params);
  const file = resolvePhoto(state, params);
  const caption = renderCaption(params);
  const markup = readMarkup(params);
  const fields: Partial<FakeMessage> = {
    ...senderFields(state, record, params),
    photo: photoSizes(state, file),
    ...(caption !== undefined ? { caption: caption.text } : {}),
    ...(caption !== undefined && caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
    ...(params.bool('has_spoiler') ? { has_media_spoiler: true as const } : {}),
    ...(params.bool('show_caption_above_media') ? { show_caption_above_media: true as const } : {}),
    ...(markup !== undefined ? { reply_markup: markup } : {}),
  };
  const stored = state.appendMessage(record, fields, {
    fromBot: true,
    photo: file,
    ...(caption !== undefined ? { rawText: caption.raw } : {}),
    ...(caption?.parseMode ? { parseMode: caption.parseMode } : {}),
  });
  return stored.message;
};

/** The bot's own message that an edit method targets. */
function editTarget(state: TelegramState, params: Params): { record: ChatRecord; stored: StoredMessage } {
  if (params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const record = requireChat(state, params);
  const stored = requireMessage(record, params, 'message to edit not found');
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return { record, stored };
}

/** Deterministic JSON (sorted keys) to compare content the way "not modified" does. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function applyEdit(state: TelegramState, stored: StoredMessage, next: FakeMessage, raw: Partial<Pick<StoredMessage, 'rawText' | 'parseMode'>>): FakeMessage {
  stored.versions.push(stored.message.text ?? stored.message.caption ?? '');
  stored.editCount++;
  stored.message = { ...next, edit_date: state.date() };
  if ('rawText' in raw) {
    if (raw.rawText === undefined) delete stored.rawText;
    else stored.rawText = raw.rawText;
    if (raw.parseMode === undefined) delete stored.parseMode;
    else stored.parseMode = raw.parseMode;
  }
  state.changed();
  return stored.message;
}

function withoutKeys(message: FakeMessage, ...keys: Array<keyof FakeMessage>): FakeMessage {
  const copy = { ...message };
  for (const key of keys) delete copy[key];
  return copy;
}

const editMessageText: MethodHandler = ({ state, params }) => {
  const { stored } = editTarget(state, params);
  if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const text = renderText(params);
  // Omitting reply_markup in an edit removes the inline keyboard.
  const markup = readMarkup(params);
  const current = stored.message;
  if (canonical([current.text, current.entities ?? [], current.reply_markup]) === canonical([text.text, text.entities, markup])) {
    throw badRequest(NOT_MODIFIED);
  }
  const next = withoutKeys(current, 'entities', 'reply_markup');
  next.text = text.text;
  if (text.entities.length > 0) next.entities = text.entities;
  if (markup !== undefined) next.reply_markup = markup;
  const preview = params.json<LinkPreviewOptions>('link_preview_options', 'link preview options');
  if (preview !== undefined) next.link_preview_options = preview;
  return applyEdit(state, stored, next, { rawText: text.raw, ...(text.parseMode ? { parseMode: text.parseMode } : {}) });
};

const editMessageCaption: MethodHandler = ({ state, params }) => {
  const { stored } = editTarget(state, params);
  if (stored.message.photo === undefined) throw badRequest('there is no caption in the message to edit');
  const caption = renderCaption(params);
  const markup = readMarkup(params);
  const current = stored.message;
  if (canonical([current.caption ?? '', current.caption_entities ?? [], current.reply_markup]) === canonical([caption?.text ?? '', caption?.entities ?? [], markup])) {
    throw badRequest(NOT_MODIFIED);
  }
  const next = withoutKeys(current, 'caption', 'caption_entities', 'reply_markup');
  if (caption !== undefined) {
    next.caption = caption.text;
    if (caption.entities.length > 0) next.caption_entities = caption.entities;
  }
  if (markup !== undefined) next.reply_markup = markup;
  return applyEdit(state, stored, next, { rawText: caption?.raw, ...(caption?.parseMode ? { parseMode: caption.parseMode } : {}) });
};

const editMessageReplyMarkup: MethodHandler = ({ state, params }) => {
  const { stored } = editTarget(state, params);
  const markup = readMarkup(params);
  if (canonical(stored.message.reply_markup) === canonical(markup)) throw badRequest(NOT_MODIFIED);
  const next = withoutKeys(stored.message, 'reply_markup');
  if (markup !== undefined) next.reply_markup = markup;
  return applyEdit(state, stored, next, {});
};

/** Whether the bot may delete this message (its own anywhere; others' only in private chats or as an admin). */
function canDelete(state: TelegramState, record: ChatRecord, stored: StoredMessage): boolean {
  if (stored.fromBot || record.chat.type === 'private') return true;
  const me = state.botMember(record);
  return me.status === 'creator' || (me.status === 'administrator' && me.can_delete_messages);
}

const deleteMessage: MethodHandler = ({ state, params }) => {
  const record = requireChat(state, params);
  const stored = requireMessage(record, params, 'message to delete not found');
  if (!canDelete(state, record, stored)) throw badRequest("message can't be deleted");
  stored.deleted = true;
  state.changed();
  return true;
};

const deleteMessages: MethodHandler = ({ state, params }) => {
  const record = requireChat(state, params);
  const ids = params.json<number[]>('message_ids', 'message identifiers');
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) throw badRequest('message identifiers are not specified');
  const found = ids.map((id) => record.messages.get(id)).filter((m): m is StoredMessage => m !== undefined && !m.deleted);
  if (found.length === 0) throw badRequest('message to delete not found');
  // Messages the bot may not delete are skipped, like missing ones.
  for (const stored of found) if (canDelete(state, record, stored)) stored.deleted = true;
  state.changed();
  return true;
};

const sendChatAction: MethodHandler = ({ state, params }) => {
  const record = requirePostableChat(state, params);
  const action = params.str('action');
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  record.actions.push({ action, at: state.now() });
  state.changed();
  return true;
};

const setMessageReaction: MethodHandler = ({ state, params }: MethodContext) => {
  const record = requireChat(state, params);
  const stored = requireMessage(record, params, 'message to react not found');
  const reaction = params.json<ReactionType[]>('reaction', 'reaction') ?? [];
  if (!Array.isArray(reaction)) throw badRequest('REACTION_INVALID');
  if (reaction.length > 1) throw badRequest('REACTIONS_TOO_MANY');
  for (const r of reaction) {
    if (r?.type !== 'emoji' || !REACTION_EMOJI.has(r.emoji)) throw badRequest('REACTION_INVALID');
  }
  stored.reactions = reaction;
  state.changed();
  return true;
};

/** Message methods by Bot API name. */
export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
  sendChatAction,
  setMessageReaction,
};
