/**
 * Pure parsing of chat text (plus Telegram entities and inline-button URLs) into
 * Aliyun Drive share references. No I/O, never throws.
 */
import { isOtherShareUrl, otherDriveHit, scanAliyunLinks, scanText, type AliyunHit } from './share-text/links.js';
import { LineMap, normalizeWidth, stripInvisible } from './share-text/normalize.js';
import { assignPasswords, scanPasswords, type Claimant, type PasswordMark } from './share-text/passwords.js';

/** The part of Telegram's MessageEntity this module reads (kept local so it does not depend on grammY). */
export interface MessageEntity {
  type: string;
  /** UTF-16 code units, i.e. a JS string index. */
  offset: number;
  length: number;
  url?: string;
}

/** One Aliyun share found in a message. */
export interface ShareRef {
  shareId: string;
  password?: string;
  /** Set when the link points at one folder inside the share (`/folder/<file_id>`). */
  folderId?: string;
  /** Canonical `https://www.alipan.com/s/<id>[/folder/<folderId>]`. */
  url: string;
}

interface ShareOccurrence extends Claimant {
  shareId: string;
  folderId?: string;
}

const CANONICAL_ORIGIN = 'https://www.alipan.com';
// Cheap pre-check before any real work: every link we parse has "/s/" or "/t/" (maybe full-width).
const MAYBE_LINK = /[/／][sStTｓｔＳＴ][/／]/;

function cleanEntities(entities: unknown, textLength: number): MessageEntity[] {
  if (!Array.isArray(entities)) return [];
  const clean: MessageEntity[] = [];
  for (const e of entities as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const { type, offset, length, url } = e as Record<string, unknown>;
    if (type !== 'text_link' && type !== 'url') continue;
    const start = Number.isFinite(offset) ? Math.min(Math.max(Math.trunc(offset as number), 0), textLength) : 0;
    const len = Number.isFinite(length) ? Math.max(Math.trunc(length as number), 0) : 0;
    clean.push({ type, offset: start, length: Math.min(len, textLength - start), ...(typeof url === 'string' ? { url } : {}) });
  }
  return clean;
}

function cleanStrings(values: unknown): string[] {
  return Array.isArray(values) ? (values as unknown[]).filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The text the scanners read (invisible characters gone, widths normalised), the
 * entities with their offsets moved onto it, and the button URLs; undefined when
 * the message cannot hold a link (the common case, kept cheap).
 */
interface Prepared {
  plain: string;
  entities: MessageEntity[];
  buttons: string[];
}

function prepare(text: unknown, entities: unknown, buttonUrls: unknown): Prepared | undefined {
  const source = typeof text === 'string' ? text : '';
  const visible = stripInvisible(source);
  const cleanEnts = cleanEntities(entities, source.length);
  const buttons = cleanStrings(buttonUrls);
  if (cleanEnts.length === 0 && buttons.length === 0 && !MAYBE_LINK.test(visible.text)) return undefined;
  // Offsets are UTF-16 indices into what Telegram got, invisible characters included.
  const moved = cleanEnts.map((e) => {
    const start = visible.at(e.offset);
    return { ...e, offset: start, length: visible.at(e.offset + e.length) - start };
  });
  // Replacing (never deleting) keeps the moved offsets valid.
  return { plain: normalizeWidth(visible.text), entities: moved, buttons };
}

/** Links inside a URL string from an entity or a button; percent-encoded redirect targets too. */
function scanUrlString(url: string): AliyunHit[] {
  const plain = normalizeWidth(stripInvisible(url).text);
  const hits = scanAliyunLinks(plain);
  if (plain.includes('%')) {
    let decoded = '';
    try {
      decoded = decodeURIComponent(plain);
    } catch {
      // Malformed escape sequences: the plain scan is all we have.
    }
    if (decoded !== plain) hits.push(...scanAliyunLinks(decoded));
  }
  return hits;
}

function shareKey(shareId: string, folderId: string | undefined): string {
  return `${shareId}/${folderId ?? ''}`;
}

/** Every Aliyun link (share or fast-transfer) found through the text and entities, with positions. */
function collectPositioned(text: string, entities: readonly MessageEntity[]): { hits: AliyunHit[]; scan: ReturnType<typeof scanText> } {
  const scan = scanText(text);
  const hits = [...scan.aliyun];
  for (const e of entities) {
    const span = { start: e.offset, end: e.offset + e.length };
    if (e.type === 'text_link' && e.url !== undefined) {
      const found = scanUrlString(e.url);
      for (const h of found) hits.push({ ...h, ...span });
      // A hidden link to another drive owns the code written beside it, like a visible one.
      if (found.length === 0 && isOtherShareUrl(e.url)) scan.others.push(otherDriveHit(span, e.url));
    } else if (e.type === 'url') {
      for (const h of scanAliyunLinks(text.slice(span.start, span.end))) {
        hits.push({ ...h, start: span.start + h.start, end: span.start + h.end });
      }
    }
  }
  return { hits, scan };
}

/** Merges a hit into `list` unless the same link already occupies an overlapping span. */
function addOccurrence(list: ShareOccurrence[], hit: AliyunHit): void {
  const twin = list.find(
    (o) => o.shareId === hit.id && o.folderId === hit.folderId && o.start < hit.end && hit.start < o.end,
  );
  if (twin) {
    if (twin.password === undefined && hit.password !== undefined) {
      twin.password = hit.password;
      twin.hasPassword = true;
    }
    return;
  }
  list.push({
    shareId: hit.id,
    ...(hit.folderId !== undefined ? { folderId: hit.folderId } : {}),
    ...(hit.password !== undefined ? { password: hit.password } : {}),
    hasPassword: hit.password !== undefined,
    acceptsPassword: true,
    start: hit.start,
    end: hit.end,
  });
}

/** The reference to a share (or one folder in it) with its canonical URL. */
export function shareRef(shareId: string, folderId?: string, password?: string): ShareRef {
  return {
    shareId,
    ...(password !== undefined ? { password } : {}),
    ...(folderId !== undefined ? { folderId } : {}),
    url: `${CANONICAL_ORIGIN}/s/${shareId}${folderId !== undefined ? `/folder/${folderId}` : ''}`,
  };
}

/**
 * Finds Aliyun Drive shares in a message: `aliyundrive.com`/`alipan.com` `/s/<id>`
 * links (with or without scheme/`www.`, optional `/folder/<file_id>` and `?pwd=`),
 * Telegram `text_link`/`url` entities (pass `caption_entities` with a caption) and
 * inline-button URLs, each paired with its password when the message gives one.
 *
 * Invisible characters (zero-width, BOM, soft hyphen) are ignored wherever they sit,
 * entity offsets counting them as Telegram does; one line break after `/s/` is read
 * through; a bare code in parentheses right after a URL is its code; "提取码分别为：
 * ab12、cd34" gives the links before it their codes in order.
 *
 * Results are in order of appearance (buttons last), one per share id + folder id;
 * a later duplicate only contributes a password the first one lacked. Passwords are
 * paired with links by placement (same line first, then the next line; see
 * assignPasswords in share-text/passwords.ts); another drive's password never
 * reaches an Aliyun link. A password written far from any link is used only when
 * it is the message's single unclaimed password and exactly one share lacks one.
 */
export function extractShareLinks(text: string, entities?: MessageEntity[], buttonUrls?: string[]): ShareRef[] {
  const prepared = prepare(text, entities, buttonUrls);
  if (prepared === undefined) return [];
  const { plain: normalized, entities: cleanEnts, buttons } = prepared;
  const { hits, scan } = collectPositioned(normalized, cleanEnts);
  const shares: ShareOccurrence[] = [];
  const claimants: Claimant[] = [];
  for (const hit of hits) {
    if (hit.kind === 'share') addOccurrence(shares, hit);
    else claimants.push({ start: hit.start, end: hit.end, hasPassword: false, acceptsPassword: false });
  }
  for (const o of scan.others) claimants.push({ ...o, acceptsPassword: false });
  claimants.push(...shares);
  claimants.sort((a, b) => a.start - b.start);

  let unclaimed: PasswordMark[] = [];
  if (shares.length > 0 || buttons.length > 0) {
    const lines = new LineMap(normalized);
    const marks = scanPasswords(normalized, scan.urlSpans, lines);
    unclaimed = assignPasswords(marks, claimants, lines);
  }

  // Positioned shares in text order, then buttons; one entry per share id + folder id.
  const ordered: { shareId: string; folderId?: string; password?: string }[] = [...shares].sort((a, b) => a.start - b.start);
  for (const url of buttons) {
    for (const h of scanUrlString(url)) {
      if (h.kind === 'share') ordered.push({ shareId: h.id, folderId: h.folderId, password: h.password });
    }
  }
  const byKey = new Map<string, { shareId: string; folderId?: string; password?: string }>();
  for (const o of ordered) {
    const key = shareKey(o.shareId, o.folderId);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { shareId: o.shareId, folderId: o.folderId, password: o.password });
    else if (seen.password === undefined && o.password !== undefined) seen.password = o.password;
  }
  const unique = [...byKey.values()];

  // A password belongs to the share, so every folder link of the same share gets it.
  const passwordOf = new Map<string, string>();
  for (const u of unique) if (u.password !== undefined && !passwordOf.has(u.shareId)) passwordOf.set(u.shareId, u.password);

  const fallbackValues = new Set(unclaimed.filter((m) => !m.weak).map((m) => m.value));
  const lacking = new Set(unique.filter((u) => !passwordOf.has(u.shareId)).map((u) => u.shareId));
  if (fallbackValues.size === 1 && lacking.size === 1) {
    const [shareId] = lacking;
    const [value] = fallbackValues;
    if (shareId !== undefined && value !== undefined) passwordOf.set(shareId, value);
  }

  return unique.map((u) => shareRef(u.shareId, u.folderId, passwordOf.get(u.shareId)));
}

/**
 * Finds Aliyun fast-transfer links (`aliyundrive.com/t/<code>`, `alipan.com/t/<code>`)
 * in text, entities and button URLs, in order of appearance and without duplicates.
 * They cannot be saved through the share API; the bot reports them separately.
 */
export function extractFastTransferLinks(
  text: string,
  entities?: MessageEntity[],
  buttonUrls?: string[],
): { code: string; url: string }[] {
  const prepared = prepare(text, entities, buttonUrls);
  if (prepared === undefined) return [];
  const { plain, entities: cleanEnts, buttons } = prepared;
  const { hits } = collectPositioned(plain, cleanEnts);
  hits.sort((a, b) => a.start - b.start);
  for (const url of buttons) hits.push(...scanUrlString(url));
  const codes = new Set<string>();
  for (const h of hits) if (h.kind === 'fast') codes.add(h.id);
  return [...codes].map((code) => ({ code, url: `${CANONICAL_ORIGIN}/t/${code}` }));
}

const ALIYUN_BRAND = /阿里云盘|阿里雲盤|阿里网盘|阿里網盤|aliyundrive|aliyun\s?drive|alipan/i;
const SHARE_WORD = /分享|链接|鏈接|提取|转存|轉存|访问码|訪問碼|密[码碼]|复制本段内容|\/[st]\/|share|pwd|password/i;

/**
 * True when the text clearly talks about an Aliyun share (names 阿里云盘 /
 * aliyundrive / alipan and uses a share word or a password marker) even if no
 * link could be parsed — the cue for asking the server's extract_code as a fallback.
 */
export function looksLikeAliyunShare(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  const normalized = normalizeWidth(stripInvisible(text).text);
  return ALIYUN_BRAND.test(normalized) && SHARE_WORD.test(normalized);
}
