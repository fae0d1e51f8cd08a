/**
 * Pure: the callback data of the /myshares buttons and of "🔗 share it" under a save outcome.
 * Telegram allows 64 bytes, so everything is short codes; share ids are 8–14 characters.
 *
 *   ms:l:<filter><page>                 a list page (filter v = valid, x = expired or cancelled, a = all)
 *   ms:r:<filter><page>                 the same page, fetched again from Aliyun
 *   ms:<action>:<shareId>:<filter><page> a card action; the position is where ↩ goes back to
 *   sh:saved:<statusMessageId>          share the items of the save shown by that status message
 */

/** Which share links a list page shows. */
export type ShareFilter = 'valid' | 'inactive' | 'all';

/** A list page: filter and zero-based page number. */
export interface ListPosition {
  filter: ShareFilter;
  page: number;
}

/**
 * What a card button does: open the card, send the share text, show the expiry menu or set
 * 1/7/30 days or never, show the password menu, set a random one, type one, remove it, ask
 * before cancelling, cancel.
 */
export const CARD_ACTIONS = ['open', 'text', 'expiry', 'e1', 'e7', 'e30', 'e0', 'pwd', 'prand', 'ptype', 'pdel', 'cancel', 'cyes'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

/** Days a link stays valid for each expiry button; 0 = never expires. */
export const EXPIRY_DAYS: Partial<Record<CardAction, number>> = { e1: 1, e7: 7, e30: 30, e0: 0 };

export type MySharesCallback =
  | { kind: 'list'; refresh: boolean; position: ListPosition }
  | { kind: 'card'; action: CardAction; shareId: string; position: ListPosition };

const FILTER_CODES: Record<ShareFilter, string> = { valid: 'v', inactive: 'x', all: 'a' };
const FILTER_BY_CODE: Record<string, ShareFilter> = { v: 'valid', x: 'inactive', a: 'all' };

/** Every callback of /myshares starts with this. */
export const MYSHARES_PREFIX = 'ms:';

function positionCode(position: ListPosition): string {
  return `${FILTER_CODES[position.filter]}${position.page}`;
}

function parsePosition(code: string): ListPosition | undefined {
  const m = /^([vxa])(\d{1,4})$/.exec(code);
  const filter = m && FILTER_BY_CODE[m[1] as string];
  return filter ? { filter, page: Number(m[2]) } : undefined;
}

/** Data of a list button (page, filter, ↩ back). */
export function listData(position: ListPosition, refresh = false): string {
  return `${MYSHARES_PREFIX}${refresh ? 'r' : 'l'}:${positionCode(position)}`;
}

/** Data of a card button. */
export function cardData(action: CardAction, shareId: string, position: ListPosition): string {
  return `${MYSHARES_PREFIX}${action}:${shareId}:${positionCode(position)}`;
}

/** Reads a /myshares button's data; undefined for anything else (or a malformed one). */
export function parseMySharesData(data: string): MySharesCallback | undefined {
  if (!data.startsWith(MYSHARES_PREFIX)) return undefined;
  const parts = data.slice(MYSHARES_PREFIX.length).split(':');
  if (parts.length === 2 && (parts[0] === 'l' || parts[0] === 'r')) {
    const position = parsePosition(parts[1] as string);
    return position && { kind: 'list', refresh: parts[0] === 'r', position };
  }
  if (parts.length === 3) {
    const [action, shareId, code] = parts as [string, string, string];
    const position = parsePosition(code);
    if (!position || !(CARD_ACTIONS as readonly string[]).includes(action) || !/^[A-Za-z0-9_-]{1,20}$/.test(shareId)) return undefined;
    return { kind: 'card', action: action as CardAction, shareId, position };
  }
  return undefined;
}

/** Data of "🔗 share it" under a save outcome: the status message identifies the save. */
export function shareSavedData(statusMessageId: number): string {
  return `sh:saved:${statusMessageId}`;
}

/** Matches {@link shareSavedData}; group 1 is the status message id. */
export const SHARE_SAVED_PATTERN = /^sh:saved:(\d{1,12})$/;
