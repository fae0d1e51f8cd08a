/**
 * Telegram's HTML parse mode: validates the supported tag subset and renders what the user
 * sees (tags stripped, entities decoded) plus the message entities, like the Bot API server.
 * Error texts follow Telegram's ("Unsupported start tag \"x\" at byte offset N", …).
 *
 * Deliberately stricter than the server in one place: a bare `&` in text that does not start
 * one of `&lt; &gt; &amp; &quot; &#N; &#xN;` is rejected, because the Bot API docs require it to
 * be escaped and that is the bug (an unescaped user or file name) this fake exists to catch.
 * Attribute values (hrefs full of `&`) stay lenient, as on the server.
 */
import type { MessageEntity } from 'grammy/types';
import { ParseEntitiesError } from './errors.js';

/** Text as the user sees it plus the entities that format it (offsets in UTF-16 units). */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

type TagKind =
  | 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'text_link'
  | 'code' | 'pre' | 'blockquote' | 'custom_emoji';

const TAGS: Record<string, TagKind> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
  span: 'spoiler', a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

interface OpenTag {
  name: string;
  kind: TagKind;
  attrs: Map<string, string>;
  offset: number;
  language?: string;
}

const ENTITY = /&(?:(lt|gt|amp|quot)|#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7}));/y;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parses `parse_mode: "HTML"` text; throws {@link ParseEntitiesError} with Telegram's wording. */
export function parseHtml(input: string): FormattedText {
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  let out = '';
  let i = 0;
  const fail = (message: string, at: number, suffix = ''): never => {
    throw new ParseEntitiesError(`${message} at byte offset ${byteOffset(input, at)}${suffix}`);
  };
  while (i < input.length) {
    const c = input[i]!;
    if (c === '&') {
      const decoded = decodeEntityAt(input, i);
      if (decoded === undefined) {
        fail('Unsupported HTML entity', i, '; a literal "&" must be written as "&amp;"');
      } else {
        out += decoded.char;
        i = decoded.end;
      }
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const tagStart = i;
    if (input[i + 1] === '/') {
      const close = input.indexOf('>', i);
      if (close < 0) fail('Unclosed end tag', tagStart);
      const name = input.slice(i + 2, close).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) fail('Unexpected end tag', tagStart);
      if (open!.name !== name) {
        fail('Unmatched end tag', tagStart, `, expected "</${open!.name}>", found "</${name}>"`);
      }
      closeTag(open!, stack, out, entities);
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (j < input.length && !isSpace(input[j]!) && input[j] !== '>') j++;
    if (j >= input.length) fail('Unclosed start tag', tagStart);
    const name = input.slice(i + 1, j).toLowerCase();
    const kind = TAGS[name];
    if (kind === undefined) fail(`Unsupported start tag "${name}"`, tagStart);
    const attrs = new Map<string, string>();
    for (;;) {
      while (j < input.length && isSpace(input[j]!)) j++;
      if (j >= input.length) fail('Unclosed start tag', tagStart);
      if (input[j] === '>') {
        j++;
        break;
      }
      let k = j;
      while (k < input.length && !isSpace(input[k]!) && input[k] !== '=' && input[k] !== '>') k++;
      const attrName = input.slice(j, k).toLowerCase();
      if (attrName === '') fail(`Empty attribute name in the tag "${name}"`, j);
      j = k;
      while (j < input.length && isSpace(input[j]!)) j++;
      if (input[j] !== '=') {
        attrs.set(attrName, '');
        continue;
      }
      j++;
      while (j < input.length && isSpace(input[j]!)) j++;
      const quote = input[j];
      let raw: string;
      if (quote === '"' || quote === "'") {
        const end = input.indexOf(quote, j + 1);
        if (end < 0) fail('Unclosed start tag', tagStart);
        raw = input.slice(j + 1, end);
        j = end + 1;
      } else {
        k = j;
        while (k < input.length && !isSpace(input[k]!) && input[k] !== '>') k++;
        raw = input.slice(j, k);
        j = k;
      }
      attrs.set(attrName, decodeAttribute(raw));
    }
    if (name === 'span' && attrs.get('class') !== 'tg-spoiler') {
      fail('Tag "span" must have class "tg-spoiler"', tagStart);
    }
    if (name === 'tg-emoji' && !/^\d+$/.test(attrs.get('emoji-id') ?? '')) {
      fail('Invalid custom emoji identifier specified', tagStart);
    }
    stack.push({ name, kind: kind!, attrs, offset: out.length });
    i = j;
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    throw new ParseEntitiesError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  return { text: out, entities: sortEntities(entities) };
}

function closeTag(open: OpenTag, stack: OpenTag[], out: string, entities: MessageEntity[]): void {
  const length = out.length - open.offset;
  const parent = stack.at(-1);
  // <pre><code class="language-x">…</code></pre> is one pre entity (with the language, if any).
  if (open.kind === 'code' && parent?.kind === 'pre' && parent.offset === open.offset) {
    const codeClass = open.attrs.get('class') ?? '';
    if (codeClass.startsWith('language-')) parent.language = codeClass.slice('language-'.length);
    return;
  }
  if (length === 0) return; // Telegram drops empty entities
  const base = { offset: open.offset, length };
  switch (open.kind) {
    case 'text_link': {
      const href = open.attrs.get('href');
      if (href === undefined || href === '') return;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) {
        entities.push({ type: 'text_mention', ...base, user: { id: Number(mention[1]), is_bot: false, first_name: '' } });
      } else {
        entities.push({ type: 'text_link', ...base, url: normalizeUrl(href) });
      }
      return;
    }
    case 'pre':
      entities.push(open.language ? { type: 'pre', ...base, language: open.language } : { type: 'pre', ...base });
      return;
    case 'blockquote':
      entities.push({ type: open.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', ...base });
      return;
    case 'custom_emoji':
      entities.push({ type: 'custom_emoji', ...base, custom_emoji_id: open.attrs.get('emoji-id') ?? '' });
      return;
    default:
      entities.push({ type: open.kind, ...base });
  }
}

function decodeEntityAt(input: string, at: number): { char: string; end: number } | undefined {
  ENTITY.lastIndex = at;
  const m = ENTITY.exec(input);
  if (m === null) return undefined;
  const end = at + m[0].length;
  if (m[1] !== undefined) return { char: NAMED[m[1]]!, end };
  const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { char: String.fromCodePoint(code), end };
}

function decodeAttribute(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    const decoded = raw[i] === '&' ? decodeEntityAt(raw, i) : undefined;
    if (decoded) {
      out += decoded.char;
      i = decoded.end;
    } else {
      out += raw[i];
      i++;
    }
  }
  return out;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r';
}

/** UTF-8 byte offset of a UTF-16 index, as Telegram reports positions. */
export function byteOffset(input: string, index: number): number {
  return Buffer.byteLength(input.slice(0, index), 'utf8');
}

/** Telegram stores link URLs with a scheme and a path (`t.me` → `http://t.me/`). */
export function normalizeUrl(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`;
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(withScheme) ? `${withScheme}/` : withScheme;
}

/** Orders entities like Telegram: by offset, longer (outer) first. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
}
