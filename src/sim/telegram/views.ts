/**
 * Read-only views of stored messages for tests: what the user sees (`plainText`, buttons),
 * next to how the bot wrote it (`rawText`, `parseMode`) and what happened to it since.
 */
import type { Chat, InlineKeyboardMarkup, MessageEntity, ReactionType, User } from 'grammy/types';
import type { FakeMessage, StoredMessage } from './state.js';

/** One button of an inline keyboard, flattened. */
export interface ButtonView {
  text: string;
  callbackData?: string;
  url?: string;
}

/** A message's current state. */
export interface MessageView {
  chatId: number;
  messageId: number;
  date: number;
  fromBot: boolean;
  from?: User;
  senderChat?: Chat;
  text?: string;
  caption?: string;
  /** What the user sees: text or caption after parse_mode, without markup ('' for none). */
  plainText: string;
  /** The text or caption as sent, markup included. */
  rawText?: string;
  parseMode?: string;
  entities: MessageEntity[];
  photo?: { fileId: string; bytes: number; width: number; height: number };
  replyMarkup?: InlineKeyboardMarkup;
  buttons: ButtonView[][];
  replyToMessageId?: number;
  deleted: boolean;
  editCount: number;
  /** Rendered text of earlier versions, oldest first. */
  versions: string[];
  reactions: ReactionType[];
  /** The Telegram Message object as the fake last returned it. */
  message: FakeMessage;
}

/** Builds the view of a stored message. */
export function messageView(stored: StoredMessage): MessageView {
  const m = stored.message;
  const largest = m.photo?.at(-1);
  const view: MessageView = {
    chatId: stored.chatId,
    messageId: stored.messageId,
    date: m.date,
    fromBot: stored.fromBot,
    plainText: m.text ?? m.caption ?? '',
    entities: m.entities ?? m.caption_entities ?? [],
    buttons: buttonsOf(m.reply_markup),
    deleted: stored.deleted,
    editCount: stored.editCount,
    versions: [...stored.versions],
    reactions: [...stored.reactions],
    message: m,
  };
  if (m.from !== undefined) view.from = m.from;
  if (m.sender_chat !== undefined) view.senderChat = m.sender_chat;
  if (m.text !== undefined) view.text = m.text;
  if (m.caption !== undefined) view.caption = m.caption;
  if (stored.rawText !== undefined) view.rawText = stored.rawText;
  if (stored.parseMode !== undefined) view.parseMode = stored.parseMode;
  if (largest !== undefined) {
    view.photo = { fileId: largest.file_id, bytes: stored.photo?.bytes?.length ?? largest.file_size ?? 0, width: largest.width, height: largest.height };
  }
  if (m.reply_markup !== undefined) view.replyMarkup = m.reply_markup;
  if (m.reply_to_message !== undefined) view.replyToMessageId = m.reply_to_message.message_id;
  return view;
}

/** Flattens an inline keyboard into rows of {text, callbackData?, url?}. */
export function buttonsOf(markup: InlineKeyboardMarkup | undefined): ButtonView[][] {
  return (markup?.inline_keyboard ?? []).map((row) =>
    row.map((button) => {
      const view: ButtonView = { text: button.text };
      if ('callback_data' in button && button.callback_data !== undefined) view.callbackData = button.callback_data;
      if ('url' in button && button.url !== undefined) view.url = button.url;
      return view;
    }),
  );
}
