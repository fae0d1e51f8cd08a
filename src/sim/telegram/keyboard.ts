/**
 * reply_markup checks the Bot API server makes before sending: inline buttons need exactly
 * one action, callback_data is 1–64 bytes, URLs must be real URLs.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { badRequest } from './errors.js';

/** Any reply_markup shape, as decoded from the request. */
export type AnyReplyMarkup = Record<string, unknown>;

const BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
] as const;

/** Validates reply_markup; returns the inline keyboard to store on the message, if any. */
export function validateReplyMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined || markup === null) return undefined;
  if (typeof markup !== 'object' || Array.isArray(markup)) throw badRequest("can't parse reply keyboard markup JSON object");
  const m = markup as AnyReplyMarkup;
  if ('inline_keyboard' in m) return validateInlineKeyboard(m.inline_keyboard);
  if ('keyboard' in m) {
    if (!Array.isArray(m.keyboard) || !m.keyboard.every(Array.isArray)) {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
    for (const row of m.keyboard as unknown[][]) {
      for (const button of row) {
        const text = typeof button === 'string' ? button : (button as { text?: unknown } | null)?.text;
        if (typeof text !== 'string' || text === '') throw badRequest("can't parse keyboard button: Field \"text\" must be of type String");
      }
    }
    return undefined;
  }
  if ('remove_keyboard' in m || 'force_reply' in m) return undefined;
  throw badRequest('object expected as reply markup');
}

function validateInlineKeyboard(rows: unknown): InlineKeyboardMarkup {
  if (!Array.isArray(rows)) throw badRequest("can't parse inline keyboard: Field \"inline_keyboard\" must be an Array");
  const out: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) throw badRequest("can't parse inline keyboard: Field \"inline_keyboard\" must be an Array of Arrays");
    out.push(row.map(validateButton));
  }
  if (out.flat().length > 100) throw badRequest('reply markup is too long');
  return { inline_keyboard: out };
}

function validateButton(raw: unknown): InlineKeyboardButton {
  if (typeof raw !== 'object' || raw === null) {
    throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  const button = raw as Record<string, unknown>;
  if (typeof button.text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  if (button.text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
  const actions = BUTTON_ACTIONS.filter((key) => button[key] !== undefined && button[key] !== null);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (actions.length > 1) {
    throw badRequest(`can't parse inline keyboard button: only one of ${actions.join(', ')} can be specified`);
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    // The limit is in bytes: 64 ASCII characters, but only 21 Chinese ones.
    if (typeof data !== 'string' || data === '' || Buffer.byteLength(data, 'utf8') > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (button.url !== undefined) {
    const url = button.url;
    if (typeof url !== 'string' || !isButtonUrl(url)) {
      throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
    }
  }
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(button)) if (value !== undefined && value !== null) clean[key] = value;
  return clean as unknown as InlineKeyboardButton;
}

function isButtonUrl(url: string): boolean {
  if (/^tg:\/\/\S+$/i.test(url)) return true;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  try {
    const parsed = new URL(withScheme);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.includes('.') && !/\s/.test(url);
  } catch {
    return false;
  }
}
