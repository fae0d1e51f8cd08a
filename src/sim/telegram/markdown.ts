/**
 * Telegram's MarkdownV2 and legacy Markdown parse modes: rendered text plus entities, and
 * the server's errors — above all "Character 'X' is reserved and must be escaped with the
 * preceding '\'", which is what an unescaped file or user name triggers in MarkdownV2.
 */
import type { MessageEntity } from 'grammy/types';
import { ParseEntitiesError } from './errors.js';
import { byteOffset, normalizeUrl, sortEntities, type FormattedText } from './html.js';

type V2Kind = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'pre' | 'text_link' | 'custom_emoji';

// Names Telegram uses for entity types in "Can't find end of X entity" errors.
const V2_NAMES: Record<V2Kind, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough', spoiler: 'Spoiler',
  code: 'Code', pre: 'Pre', text_link: 'TextUrl', custom_emoji: 'CustomEmoji',
};

const RESERVED = '_*[]()~`>#+-=|{}.!';

interface OpenV2 {
  kind: V2Kind;
  offset: number;
  at: number;
  language?: string;
}

function reserved(c: string): ParseEntitiesError {
  return new ParseEntitiesError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
}

/** Parses `parse_mode: "MarkdownV2"` text; throws {@link ParseEntitiesError} with Telegram's wording. */
export function parseMarkdownV2(input: string): FormattedText {
  const entities: MessageEntity[] = [];
  const stack: OpenV2[] = [];
  let out = '';
  let quote: { offset: number; expandable: boolean } | undefined;
  const closeQuote = (): void => {
    if (quote === undefined) return;
    const end = out.endsWith('\n') ? out.length - 1 : out.length;
    if (end > quote.offset) {
      entities.push({ type: quote.expandable ? 'expandable_blockquote' : 'blockquote', offset: quote.offset, length: end - quote.offset });
    }
    quote = undefined;
  };
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    const top = stack.at(-1);
    const inCode = top?.kind === 'code' || top?.kind === 'pre';
    if (!inCode && (i === 0 || input[i - 1] === '\n')) {
      if (input.startsWith('**>', i)) {
        closeQuote();
        quote = { offset: out.length, expandable: true };
        i += 3;
        continue;
      }
      if (c === '>') {
        if (quote === undefined) quote = { offset: out.length, expandable: false };
        i++;
        continue;
      }
      closeQuote();
    }
    if (c === '\\') {
      const next = input.charCodeAt(i + 1);
      if (next >= 1 && next <= 126) {
        out += input[i + 1];
        i += 2;
        continue;
      }
      // Not an escape (end of text or a non-ASCII character): the server keeps the backslash.
      out += c;
      i++;
      continue;
    }
    if (top?.kind === 'code') {
      if (c === '`') {
        stack.pop();
        pushEntity(entities, top, out.length);
      } else out += c;
      i++;
      continue;
    }
    if (top?.kind === 'pre') {
      if (input.startsWith('```', i)) {
        stack.pop();
        pushEntity(entities, top, out.length);
        i += 3;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    if (top !== undefined && endsEntity(top.kind, input, i)) {
      stack.pop();
      if (top.kind === 'text_link' || top.kind === 'custom_emoji') {
        i++;
        let url: string | undefined;
        if (input[i] === '(') {
          const urlStart = i;
          url = '';
          i++;
          while (i < input.length && input[i] !== ')') {
            if (input[i] === '\\' && i + 1 < input.length) i++;
            url += input[i];
            i++;
          }
          if (i >= input.length) throw new ParseEntitiesError(`Can't find end of a URL at byte offset ${byteOffset(input, urlStart)}`);
          i++;
        }
        if (top.kind === 'custom_emoji') {
          const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url ?? '');
          if (!id) throw new ParseEntitiesError('Custom emoji URL must have an emoji identifier');
          if (out.length > top.offset) entities.push({ type: 'custom_emoji', offset: top.offset, length: out.length - top.offset, custom_emoji_id: id[1]! });
        } else if (url !== undefined && url !== '' && out.length > top.offset) {
          entities.push({ type: 'text_link', offset: top.offset, length: out.length - top.offset, url: normalizeUrl(url) });
        }
        continue;
      }
      pushEntity(entities, top, out.length);
      i += top.kind === 'underline' || top.kind === 'spoiler' ? 2 : 1;
      continue;
    }
    if (!RESERVED.includes(c)) {
      out += c;
      i++;
      continue;
    }
    const at = i;
    let kind: V2Kind;
    let language: string | undefined;
    switch (c) {
      case '_':
        if (input[i + 1] === '_') {
          kind = 'underline';
          i += 2;
        } else {
          kind = 'italic';
          i++;
        }
        break;
      case '*':
        kind = 'bold';
        i++;
        break;
      case '~':
        kind = 'strikethrough';
        i++;
        break;
      case '|':
        if (input[i + 1] !== '|') throw reserved(c);
        kind = 'spoiler';
        i += 2;
        break;
      case '[':
        kind = 'text_link';
        i++;
        break;
      case '!':
        if (input[i + 1] !== '[') throw reserved(c);
        kind = 'custom_emoji';
        i += 2;
        break;
      case '`':
        if (input.startsWith('```', i)) {
          kind = 'pre';
          i += 3;
          const newline = input.indexOf('\n', i);
          const close = input.indexOf('```', i);
          if (newline >= 0 && (close < 0 || newline < close) && !/\s/.test(input.slice(i, newline))) {
            language = input.slice(i, newline);
            i = newline + 1;
          }
        } else {
          kind = 'code';
          i++;
        }
        break;
      default:
        throw reserved(c);
    }
    stack.push({ kind, offset: out.length, at, ...(language ? { language } : {}) });
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    throw new ParseEntitiesError(`Can't find end of ${V2_NAMES[unclosed.kind]} entity at byte offset ${byteOffset(input, unclosed.at)}`);
  }
  closeQuote();
  return { text: out, entities: sortEntities(entities) };
}

function endsEntity(kind: V2Kind, input: string, i: number): boolean {
  const c = input[i];
  switch (kind) {
    case 'bold':
      return c === '*';
    case 'italic':
      return c === '_' && input[i + 1] !== '_';
    case 'underline':
      return input.startsWith('__', i);
    case 'strikethrough':
      return c === '~';
    case 'spoiler':
      return input.startsWith('||', i);
    case 'text_link':
    case 'custom_emoji':
      return c === ']';
    default:
      return false;
  }
}

function pushEntity(entities: MessageEntity[], open: OpenV2, end: number): void {
  const length = end - open.offset;
  if (length <= 0) return;
  if (open.kind === 'pre') {
    entities.push(open.language ? { type: 'pre', offset: open.offset, length, language: open.language } : { type: 'pre', offset: open.offset, length });
  } else if (open.kind !== 'text_link' && open.kind !== 'custom_emoji') {
    entities.push({ type: open.kind, offset: open.offset, length });
  }
}

/** Parses legacy `parse_mode: "Markdown"` (*bold*, _italic_, `code`, ```pre```, [text](url)). */
export function parseMarkdownLegacy(input: string): FormattedText {
  const entities: MessageEntity[] = [];
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\' && '_*`['.includes(input[i + 1] ?? '')) {
      out += input[i + 1];
      i += 2;
      continue;
    }
    if (!'_*`['.includes(c)) {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    const notClosed = (): ParseEntitiesError =>
      new ParseEntitiesError(`Can't find end of the entity starting at byte offset ${byteOffset(input, begin)}`);
    const offset = out.length;
    if (input.startsWith('```', i)) {
      const close = input.indexOf('```', i + 3);
      if (close < 0) throw notClosed();
      let body = input.slice(i + 3, close);
      let language: string | undefined;
      const newline = body.indexOf('\n');
      if (newline >= 0 && !/\s/.test(body.slice(0, newline))) {
        language = body.slice(0, newline) || undefined;
        body = body.slice(newline + 1);
      }
      out += body;
      if (body.length > 0) entities.push(language ? { type: 'pre', offset, length: body.length, language } : { type: 'pre', offset, length: body.length });
      i = close + 3;
      continue;
    }
    const endChar = c === '[' ? ']' : c;
    const close = input.indexOf(endChar, i + 1);
    if (close < 0) throw notClosed();
    const body = input.slice(i + 1, close);
    out += body;
    i = close + 1;
    if (c === '[') {
      let url: string | undefined;
      if (input[i] === '(') {
        const end = input.indexOf(')', i);
        if (end < 0) throw notClosed();
        url = input.slice(i + 1, end);
        i = end + 1;
      }
      if (url && body.length > 0) entities.push({ type: 'text_link', offset, length: body.length, url: normalizeUrl(url) });
      continue;
    }
    const type = c === '*' ? 'bold' : c === '_' ? 'italic' : 'code';
    if (body.length > 0) entities.push({ type, offset, length: body.length });
  }
  return { text: out, entities: sortEntities(entities) };
}
