/**
 * Reply keyboards and Telegram's chat picker. A reply keyboard belongs to the chat, not to a
 * message: it stays under the input field until the bot sends another one or `remove_keyboard`.
 * A `request_chat` button opens the client's chat picker, which offers only chats that meet the
 * button's criteria; the pick reaches the bot as a service message with `chat_shared`.
 */
import type { ChatShared, KeyboardButton, KeyboardButtonRequestChat, ReplyKeyboardMarkup, User } from 'grammy/types';
import { badRequest } from './errors.js';
import type { ChatRecord, TelegramState } from './state.js';

/** Remembers (or drops) the chat's reply keyboard after the bot sent `markup` there. */
export function rememberReplyKeyboard(record: ChatRecord, markup: unknown): void {
  if (typeof markup !== 'object' || markup === null) return;
  if ('remove_keyboard' in markup) delete record.replyKeyboard;
  else if ('keyboard' in markup) {
    const keyboard = markup as ReplyKeyboardMarkup;
    // "Available in private chats only" (KeyboardButtonRequestChat): the server refuses it elsewhere.
    if (record.chat.type !== 'private' && keyboard.keyboard.flat().some((b) => typeof b === 'object' && 'request_chat' in b)) {
      throw badRequest('BUTTON_TYPE_INVALID');
    }
    for (const button of keyboard.keyboard.flat()) {
      const request = typeof button === 'object' && 'request_chat' in button ? button.request_chat : undefined;
      if (request && (!Number.isInteger(request.request_id) || typeof request.chat_is_channel !== 'boolean')) {
        throw badRequest("can't parse keyboard button: KeyboardButtonRequestChat must have request_id and chat_is_channel");
      }
    }
    record.replyKeyboard = keyboard;
  }
}

/** The `request_chat` button labelled `text` on the chat's reply keyboard. */
function requestChatButton(record: ChatRecord, text: string): KeyboardButtonRequestChat {
  const buttons = (record.replyKeyboard?.keyboard ?? []).flat();
  const button = buttons.find((b): b is KeyboardButton.RequestChatButton => typeof b === 'object' && b.text === text && 'request_chat' in b);
  if (!button) {
    const shown = buttons.map((b) => `[${typeof b === 'string' ? b : b.text}]`).join(' ');
    throw new Error(`telegram fake: chat ${record.chat.id} shows no chat-picker button ${JSON.stringify(text)}; its keyboard: ${shown || 'none'}`);
  }
  return button.request_chat;
}

/**
 * What a user's pick sends back, after the checks the client makes before it lets the user pick
 * the chat (a test picking a chat the picker would not list is a test bug, so it throws).
 */
export function pickChat(state: TelegramState, record: ChatRecord, user: User, buttonText: string, picked: ChatRecord): ChatShared {
  const request = requestChatButton(record, buttonText);
  const isChannel = picked.chat.type === 'channel';
  const fail = (why: string) => new Error(`telegram fake: the chat picker does not offer chat ${picked.chat.id}: ${why}`);
  if (request.chat_is_channel !== isChannel) throw fail(request.chat_is_channel ? 'not a channel' : 'a channel');
  if (request.chat_is_forum !== undefined && !isChannel && (picked.chat.type === 'supergroup' && picked.chat.is_forum === true) !== request.chat_is_forum) {
    throw fail('forum mismatch');
  }
  if (request.chat_has_username !== undefined && ('username' in picked.chat && !!picked.chat.username) !== request.chat_has_username) {
    throw fail('username mismatch');
  }
  const userStatus = state.member(picked, user.id)?.status;
  if (request.chat_is_created && userStatus !== 'creator') throw fail('the user did not create it');
  if (request.user_administrator_rights && userStatus !== 'creator' && userStatus !== 'administrator') throw fail('the user is not an admin');
  const botStatus = state.botMember(picked).status;
  if (request.bot_is_member && (botStatus === 'left' || botStatus === 'kicked')) throw fail('the bot is not a member');
  if (request.bot_administrator_rights && botStatus !== 'administrator') throw fail('the bot is not an admin');
  const title = 'title' in picked.chat ? picked.chat.title : undefined;
  const username = 'username' in picked.chat ? picked.chat.username : undefined;
  return {
    request_id: request.request_id,
    chat_id: picked.chat.id,
    ...(request.request_title && title !== undefined ? { title } : {}),
    ...(request.request_username && username !== undefined ? { username } : {}),
  };
}
