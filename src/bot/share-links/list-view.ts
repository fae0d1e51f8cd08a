/**
 * Pure: one page of /myshares — the text (a numbered line per share) and its buttons (one per
 * line, ◀ ▶, the three filters, refresh).
 */
import type { InlineKeyboard } from 'grammy';
import { formatDate, shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { t, type Lang } from '../i18n/index.js';
import { cardData, listData, type ListPosition, type ShareFilter } from './callback-data.js';
import { button, chunk, keyboardOf } from './keyboard.js';
import { currentState, matchesFilter, type ShareState, type ShareSummary } from './share-summary.js';

/** Shares per page. */
export const PAGE_SIZE = 10;

export interface RenderedMessage {
  text: string;
  keyboard: InlineKeyboard;
}

const FILTER_NAMES = { valid: 'filterValid', inactive: 'filterInactive', all: 'filterAll' } as const;
const FILTER_BUTTONS = { valid: 'btnValid', inactive: 'btnInactive', all: 'btnAll' } as const;

/** The filter in words ("valid", "expired or cancelled", "all"). */
export function filterName(lang: Lang, filter: ShareFilter): string {
  return t(lang, FILTER_NAMES[filter]);
}

/** `2024-05-01` in China time. */
export function formatDay(epochMs: number): string {
  return formatDate(epochMs).slice(0, 10);
}

/** "⏰ until 2024-05-08", "♾ no expiry", "🚫 cancelled" … */
export function stateLabel(lang: Lang, state: ShareState, expiresAt: number | null): string {
  switch (state) {
    case 'valid':
      return expiresAt === null ? t(lang, 'stateNever') : t(lang, 'stateUntil', { date: formatDay(expiresAt) });
    case 'expired':
      return t(lang, 'stateExpired');
    case 'cancelled':
      return t(lang, 'stateCancelled');
    case 'forbidden':
      return t(lang, 'stateForbidden');
  }
}

/** The shares a filter shows, newest first as Aliyun listed them. */
export function filterShares(shares: readonly ShareSummary[], filter: ShareFilter, now: number): ShareSummary[] {
  return shares.filter((share) => matchesFilter(currentState(share, now), filter));
}

/** Number of pages for `count` shares (at least one, for the "nothing here" page). */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

function shareLine(lang: Lang, share: ShareSummary, number: number, now: number): string {
  const lock = share.hasPassword ? '🔒 ' : '';
  const details = [
    `📅 ${formatDay(share.createdAt)}`,
    stateLabel(lang, currentState(share, now), share.expiresAt),
    t(lang, 'counters', { views: share.views, saves: share.saves, downloads: share.downloads }),
  ].join(' · ');
  return `<b>${number}.</b> ${lock}${escapeHtml(shortName(share.name, 60))}\n      ${details}`;
}

/**
 * A page of the list. A page number past the end (the list shrank) shows the last page.
 * `truncatedAt` says the fetch stopped early at that many shares.
 */
export function renderList(
  lang: Lang,
  shares: readonly ShareSummary[],
  position: ListPosition,
  now: number,
  truncatedAt?: number,
): RenderedMessage {
  const shown = filterShares(shares, position.filter, now);
  const pages = pageCount(shown.length);
  const page = Math.min(Math.max(position.page, 0), pages - 1);
  const here: ListPosition = { filter: position.filter, page };
  const slice = shown.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);

  let title = t(lang, 'listTitle', { filter: filterName(lang, position.filter), count: shown.length });
  if (pages > 1) title += ` · ${t(lang, 'listPage', { page: page + 1, pages })}`;
  if (truncatedAt !== undefined) title += `\n${t(lang, 'listTruncated', { n: truncatedAt })}`;
  const body = slice.length
    ? [...slice.map((share, i) => shareLine(lang, share, page * PAGE_SIZE + i + 1, now)), '', t(lang, 'listHint')]
    : [t(lang, 'listEmpty', { filter: filterName(lang, position.filter) })];

  const numbers = slice.map((share, i) => button(String(page * PAGE_SIZE + i + 1), cardData('open', share.id, here)));
  const nav = [
    ...(page > 0 ? [button('◀', listData({ ...here, page: page - 1 }))] : []),
    ...(page < pages - 1 ? [button('▶', listData({ ...here, page: page + 1 }))] : []),
  ];
  const filters = (['valid', 'inactive', 'all'] as const).map((filter) => {
    const label = t(lang, FILTER_BUTTONS[filter]);
    return button(filter === position.filter ? `• ${label}` : label, listData({ filter, page: 0 }));
  });
  const keyboard = keyboardOf([...chunk(numbers, 5), nav, filters, [button(t(lang, 'btnRefresh'), listData(here, true))]]);
  return { text: [title, '', ...body].join('\n'), keyboard };
}
