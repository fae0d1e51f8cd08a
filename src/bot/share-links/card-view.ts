/**
 * Pure: the card of one share link (share_link/get) with its buttons, and the small menus the
 * card turns into: expiry, password, "really cancel?".
 */
import type { ShareLink } from '../../api/index.js';
import { formatDate, shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { raw, t, type Lang } from '../i18n/index.js';
import { cardData, listData, type CardAction, type ListPosition } from './callback-data.js';
import { button, keyboardOf, type ButtonRow } from './keyboard.js';
import type { RenderedMessage } from './list-view.js';
import { parseAliyunTime, shareNameOf, shareStateOf } from './share-summary.js';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** "6 days", "5 hours", "3 min": what is left until `expiresAt`. */
export function timeLeft(lang: Lang, expiresAt: number, now: number): string {
  // A minute of slack: a link set to 7 days a moment ago still has "7 days" left.
  const left = expiresAt - now + 60_000;
  if (left >= DAY) return t(lang, 'leftDays', { n: Math.floor(left / DAY) });
  if (left >= HOUR) return t(lang, 'leftHours', { n: Math.floor(left / HOUR) });
  return t(lang, 'leftMinutes', { n: Math.max(1, Math.floor(left / 60_000)) });
}

/** The card's text: name, URL, password, expiry or state, creation date, counters. */
export function cardText(lang: Lang, link: ShareLink, now: number): string {
  const state = shareStateOf(link, now);
  const expiresAt = parseAliyunTime(link.expiration);
  const lock = link.share_pwd ? ' 🔒' : '';
  let expiry: string;
  if (state === 'cancelled') expiry = t(lang, 'cardCancelled');
  else if (state === 'forbidden') expiry = t(lang, 'cardForbidden');
  else if (expiresAt === null) expiry = t(lang, 'cardNever');
  else if (state === 'expired') expiry = t(lang, 'cardExpired', { date: formatDate(expiresAt) });
  else expiry = t(lang, 'cardExpires', { date: formatDate(expiresAt), left: timeLeft(lang, expiresAt, now) });
  const created = parseAliyunTime(link.created_at);
  return [
    `<b>${escapeHtml(shortName(shareNameOf(link), 120))}</b>${lock}`,
    `🔗 ${escapeHtml(link.share_url)}`,
    link.share_pwd ? t(lang, 'cardPassword', { password: link.share_pwd }) : t(lang, 'cardNoPassword'),
    expiry,
    ...(created !== null ? [t(lang, 'cardCreated', { date: formatDate(created) })] : []),
    t(lang, 'cardCounters', { views: link.preview_count, saves: link.save_count, downloads: link.download_count }),
  ].join('\n');
}

/**
 * The card with the buttons its state allows: a valid link can do everything; an expired one
 * can get a new expiry or be cancelled; a cancelled one only goes back.
 */
export function renderCard(lang: Lang, link: ShareLink, position: ListPosition, now: number): RenderedMessage {
  const state = shareStateOf(link, now);
  const b = (label: 'btnText' | 'btnExpiry' | 'btnPassword' | 'btnCancelLink', action: CardAction) =>
    button(t(lang, label), cardData(action, link.share_id, position));
  const rows: ButtonRow[] = [];
  if (state === 'valid') rows.push([b('btnText', 'text'), b('btnExpiry', 'expiry')], [b('btnPassword', 'pwd'), b('btnCancelLink', 'cancel')]);
  else if (state === 'expired') rows.push([b('btnExpiry', 'expiry'), b('btnPassword', 'pwd')], [b('btnCancelLink', 'cancel')]);
  else if (state === 'forbidden') rows.push([b('btnCancelLink', 'cancel')]);
  rows.push([button(t(lang, 'btnBack'), listData(position))]);
  return { text: cardText(lang, link, now), keyboard: keyboardOf(rows) };
}

function backToCard(lang: Lang, link: ShareLink, position: ListPosition) {
  return button(t(lang, 'btnBack'), cardData('open', link.share_id, position));
}

function withQuestion(lang: Lang, link: ShareLink, now: number, question: string): string {
  return `${cardText(lang, link, now)}\n\n${question}`;
}

/** The card asking for a new expiry: 1 / 7 / 30 days / never. */
export function renderExpiryMenu(lang: Lang, link: ShareLink, position: ListPosition, now: number): RenderedMessage {
  const name = shortName(shareNameOf(link), 60);
  const choices = (['e1', 'e7', 'e30', 'e0'] as const).map((action) => {
    const label = ({ e1: 'btnE1', e7: 'btnE7', e30: 'btnE30', e0: 'btnE0' } as const)[action];
    return button(t(lang, label), cardData(action, link.share_id, position));
  });
  return {
    text: withQuestion(lang, link, now, t(lang, 'expiryAsk', { name })),
    keyboard: keyboardOf([choices, [backToCard(lang, link, position)]]),
  };
}

/** The card asking what to do with the password: random, type one, remove (if it has one). */
export function renderPasswordMenu(lang: Lang, link: ShareLink, position: ListPosition, now: number): RenderedMessage {
  const name = shortName(shareNameOf(link), 60);
  const current = link.share_pwd ? `<code>${escapeHtml(link.share_pwd)}</code>` : t(lang, 'passwordNone');
  const row: ButtonRow = [
    button(t(lang, 'btnRandom'), cardData('prand', link.share_id, position)),
    button(t(lang, 'btnType'), cardData('ptype', link.share_id, position)),
  ];
  if (link.share_pwd) row.push(button(t(lang, 'btnRemove'), cardData('pdel', link.share_id, position)));
  return {
    // `current` is HTML we built; the name is escaped by the translator.
    text: withQuestion(lang, link, now, t(lang, 'passwordAsk', { name, current: raw(current) })),
    keyboard: keyboardOf([row, [backToCard(lang, link, position)]]),
  };
}

/** The card asking "really cancel?". */
export function renderCancelConfirm(lang: Lang, link: ShareLink, position: ListPosition, now: number): RenderedMessage {
  const name = shortName(shareNameOf(link), 60);
  return {
    text: withQuestion(lang, link, now, t(lang, 'cancelAsk', { name })),
    keyboard: keyboardOf([
      [button(t(lang, 'btnCancelYes'), cardData('cyes', link.share_id, position))],
      [button(t(lang, 'btnCancelNo'), cardData('open', link.share_id, position))],
    ]),
  };
}
