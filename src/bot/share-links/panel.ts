/**
 * One message a conversation keeps editing (the browser, the options). Remembers what it shows
 * so it never sends an edit that changes nothing — Telegram refuses those, and inside a
 * conversation a failed Bot API call cannot be replayed.
 */
import type { Context, InlineKeyboard } from 'grammy';
import type { RenderedMessage } from './list-view.js';

export class Panel {
  /** The panel's message, once sent. */
  messageId: number | undefined;
  private shown = '';

  constructor(private readonly ctx: Context) {}

  /** Sends the panel the first time, edits it afterwards. */
  async show(view: RenderedMessage): Promise<number> {
    const buttons = view.keyboard.inline_keyboard.length > 0;
    const key = `${view.text}\n${buttons ? JSON.stringify(view.keyboard) : ''}`;
    const options = { link_preview_options: { is_disabled: true }, ...(buttons ? { reply_markup: view.keyboard } : {}) };
    if (this.messageId === undefined) {
      this.messageId = (await this.ctx.reply(view.text, options)).message_id;
    } else if (key !== this.shown) {
      await this.ctx.api.editMessageText(this.chatId(), this.messageId, view.text, options);
    }
    this.shown = key;
    return this.messageId;
  }

  /** Replaces the panel with a final text (no buttons unless given); sends it if the panel was never shown. */
  async close(text: string, keyboard?: InlineKeyboard): Promise<void> {
    const key = `${text}\n${keyboard ? JSON.stringify(keyboard) : ''}`;
    const options = { link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) };
    if (this.messageId === undefined) this.messageId = (await this.ctx.reply(text, options)).message_id;
    else if (key !== this.shown) await this.ctx.api.editMessageText(this.chatId(), this.messageId, text, options);
    this.shown = key;
  }

  private chatId(): number {
    const chatId = this.ctx.chatId;
    if (chatId === undefined) throw new Error('a panel needs a chat');
    return chatId;
  }
}
