/** Pure: an inline keyboard from rows of buttons, leaving out empty rows (Telegram refuses them). */
import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';

export type ButtonRow = InlineKeyboardButton[];

/** Builds the keyboard; rows without buttons are dropped. */
export function keyboardOf(rows: readonly ButtonRow[]): InlineKeyboard {
  return InlineKeyboard.from(rows.filter((row) => row.length > 0));
}

export function button(text: string, data: string): InlineKeyboardButton {
  return InlineKeyboard.text(text, data);
}

export function urlButton(text: string, url: string): InlineKeyboardButton {
  return InlineKeyboard.url(text, url);
}

/** Splits buttons into rows of `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
