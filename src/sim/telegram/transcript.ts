/**
 * A chat as a person would read it: one "user: …" / "bot: …" block per message in order
 * (bot messages in their final state, buttons shown as [label]), plus button clicks and
 * the bot's answers to them.
 */
import type { MessageOrigin } from 'grammy/types';
import type { ChatRecord, TelegramState } from './state.js';
import { buttonsOf } from './views.js';

/** Renders the chat's transcript lines. */
export function transcriptLines(state: TelegramState, record: ChatRecord): string[] {
  const lines: string[] = [];
  const isPrivate = record.chat.type === 'private';
  for (const entry of record.timeline) {
    if (entry.kind === 'click') {
      const click = state.callbacks.get(entry.queryId);
      if (click === undefined) continue;
      const label = click.buttonText ?? click.query.data ?? '?';
      lines.push(`${who(click.query.from.first_name, isPrivate)}: ⟨pressed [${label}]⟩`);
      if (click.answer?.text !== undefined) lines.push(`bot: ⟨${click.answer.show_alert ? 'alert' : 'toast'}: ${click.answer.text}⟩`);
      continue;
    }
    const stored = record.messages.get(entry.messageId);
    if (stored === undefined) continue;
    const m = stored.message;
    const speaker = stored.fromBot
      ? 'bot'
      : m.sender_chat !== undefined && m.from === undefined
        ? `channel(${m.sender_chat.title ?? m.sender_chat.id})`
        : who(m.from?.first_name ?? 'unknown', isPrivate);
    const notes: string[] = [];
    if (stored.deleted) notes.push('deleted');
    if (stored.editCount > 0) notes.push(`edited ×${stored.editCount}`);
    if (m.forward_origin !== undefined) notes.push(`forwarded from ${originName(m.forward_origin)}`);
    const prefix = `${speaker}:${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    const photo = m.photo !== undefined ? `[photo ${stored.photo?.bytes?.length ?? m.photo.at(-1)?.file_size ?? 0} bytes] ` : '';
    const body = `${photo}${m.text ?? m.caption ?? ''}`.trimEnd();
    const [first = '', ...rest] = body.split('\n');
    lines.push(`${prefix} ${first}`.trimEnd());
    for (const line of rest) lines.push(`  ${line}`);
    for (const row of buttonsOf(m.reply_markup)) {
      lines.push(`  ${row.map((b) => `[${b.text}]`).join(' ')}`);
    }
  }
  return lines;
}

function who(name: string, isPrivate: boolean): string {
  return isPrivate ? 'user' : `user(${name})`;
}

function originName(origin: MessageOrigin): string {
  switch (origin.type) {
    case 'channel':
      return `channel ${origin.chat.title}`;
    case 'chat':
      return `chat ${origin.sender_chat.title ?? origin.sender_chat.id}`;
    case 'user':
      return origin.sender_user.first_name;
    case 'hidden_user':
      return origin.sender_user_name;
  }
}

/** All transcripts plus the last API calls, for timeout messages. */
export function dumpState(state: TelegramState): string {
  const parts: string[] = [];
  for (const record of state.chats.values()) {
    const lines = transcriptLines(state, record);
    if (lines.length === 0) continue;
    const name = record.chat.type === 'private' ? record.chat.first_name : record.chat.title;
    parts.push(`── chat ${record.chat.id} (${record.chat.type} ${name}) ──`, ...lines);
  }
  const recent = state.callLog.filter((c) => c.method.toLowerCase() !== 'getupdates').slice(-10);
  if (recent.length > 0) {
    parts.push('── last API calls ──');
    for (const c of recent) {
      const outcome = c.status === undefined ? 'pending' : c.ok ? 'ok' : `${c.status} ${c.error?.description ?? ''}`;
      parts.push(`${c.method} ${truncate(JSON.stringify(c.params, bufferReplacer), 200)} → ${outcome}`);
    }
  }
  return parts.length > 0 ? parts.join('\n') : '(no chats, no calls)';
}

/** JSON replacer that shows Buffers as their size. */
export function bufferReplacer(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return `<${(value as { data: unknown[] }).data.length} bytes>`;
  }
  return value;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
