/**
 * The text pipeline the Bot API server runs on every text and caption: parse_mode or explicit
 * entities → rendered text, surrounding whitespace trimmed, then automatic entities (links,
 * @mentions, #hashtags, /commands, e-mails) found outside code and links.
 */
import type { MessageEntity } from 'grammy/types';
import { badRequest, cantParseEntities, ParseEntitiesError } from './errors.js';
import { parseHtml, sortEntities, type FormattedText } from './html.js';
import { parseMarkdownLegacy, parseMarkdownV2 } from './markdown.js';

/** Renders `text` like the server: parse mode (or explicit entities), trim, automatic entities. */
export function formatText(text: string, parseMode: string | undefined, explicit: MessageEntity[] | undefined): FormattedText {
  let formatted: FormattedText;
  if (explicit !== undefined) {
    if (!Array.isArray(explicit)) throw badRequest("can't parse entities JSON object");
    formatted = { text, entities: clipEntities(explicit, text.length) };
  } else if (parseMode !== undefined && parseMode !== '') {
    formatted = parseWithMode(text, parseMode);
  } else {
    formatted = { text, entities: [] };
  }
  const trimmed = trimFormatted(formatted);
  return { text: trimmed.text, entities: sortEntities([...trimmed.entities, ...detectEntities(trimmed.text, trimmed.entities)]) };
}

function parseWithMode(text: string, parseMode: string): FormattedText {
  try {
    switch (parseMode.toLowerCase()) {
      case 'html':
        return parseHtml(text);
      case 'markdownv2':
        return parseMarkdownV2(text);
      case 'markdown':
        return parseMarkdownLegacy(text);
      default:
        throw badRequest('unsupported parse_mode');
    }
  } catch (error) {
    if (error instanceof ParseEntitiesError) throw cantParseEntities(error.detail);
    throw error;
  }
}

function clipEntities(entities: MessageEntity[], textLength: number): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const entity of entities) {
    if (typeof entity !== 'object' || entity === null || typeof entity.type !== 'string') {
      throw badRequest("can't parse entities: entity must be an object with a type");
    }
    const offset = Math.max(0, Math.trunc(Number(entity.offset)));
    const end = Math.min(textLength, offset + Math.trunc(Number(entity.length)));
    if (!Number.isFinite(offset) || !Number.isFinite(end) || end <= offset) continue;
    out.push({ ...entity, offset, length: end - offset });
  }
  return out;
}

/** Strips leading/trailing whitespace the way the server does, moving entities along. */
function trimFormatted({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (start === 0 && end === text.length) return { text, entities };
  if (end <= start) return { text: '', entities: [] };
  const out: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to > from) out.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: out };
}

// Entity types inside which the server detects nothing.
const OPAQUE = new Set(['code', 'pre', 'text_link', 'url', 'email', 'text_mention', 'mention', 'bot_command', 'custom_emoji']);

const DETECTORS: Array<{ type: MessageEntity['type']; pattern: RegExp }> = [
  { type: 'url', pattern: /\b(?:https?|ftp|tg):\/\/[^\s<>"]+/giu },
  { type: 'email', pattern: /(?<![\w.+-])[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}\b/giu },
  {
    type: 'url',
    pattern: /(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|me|cn|ru|dev|app|info|co|tv|xyz|top|link|site)\b(?::\d+)?(?:\/[^\s<>"]*)?/giu,
  },
  { type: 'mention', pattern: /(?<![\p{L}\p{N}_@])@[a-z0-9_]{4,32}\b/giu },
  { type: 'hashtag', pattern: /(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*/gu },
  { type: 'bot_command', pattern: /(?<![\p{L}\p{N}_/\\<>])\/[a-z0-9_]{1,64}(?:@[a-z0-9_]{3,32})?(?![\w/])/giu },
];

/** Finds the entities Telegram adds by itself, skipping ranges already covered by `existing` opaque ones. */
export function detectEntities(text: string, existing: MessageEntity[] = []): MessageEntity[] {
  const taken: Array<[number, number]> = existing.filter((e) => OPAQUE.has(e.type)).map((e) => [e.offset, e.offset + e.length]);
  const found: MessageEntity[] = [];
  for (const { type, pattern } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      const offset = match.index;
      const length = type === 'url' ? trimUrlTail(match[0]).length : match[0].length;
      const end = offset + length;
      if (length === 0 || taken.some(([a, b]) => offset < b && end > a)) continue;
      taken.push([offset, end]);
      found.push({ type, offset, length } as MessageEntity);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Drops trailing punctuation from a detected link, keeping a `)` that closes a `(` inside it. */
function trimUrlTail(url: string): string {
  let out = url;
  for (;;) {
    const last = out.at(-1);
    if (last === undefined) return out;
    if (last === ')' && (out.match(/\(/g)?.length ?? 0) >= (out.match(/\)/g)?.length ?? 0)) return out;
    if (!'.,;:!?\'")]}>，。；：！？、）」'.includes(last)) return out;
    out = out.slice(0, -1);
  }
}
