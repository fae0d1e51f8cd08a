/**
 * Pure: the panels of /share after the items are known — items Aliyun refuses (and why), and
 * the expiry / password choices before creating the link.
 */
import { shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { raw, t, type Lang } from '../i18n/index.js';
import { button, keyboardOf } from './keyboard.js';
import type { RenderedMessage } from './list-view.js';
import type { DriveItem, LinkOptions, RefusalReason } from './share-ops.js';

/** Callback prefix of the options panel. */
export const OPTIONS_PREFIX = 'so:';
/** Callback prefix of the "these cannot be shared" panel. */
export const REFUSALS_PREFIX = 'sr:';

/** Expiry choices in days (0 = never), as on the card. */
export const EXPIRY_CHOICES = [1, 7, 30, 0] as const;

/** "「a」" or "「a」 and 2 more" (HTML). */
export function describeItems(lang: Lang, items: readonly DriveItem[]): string {
  const name = shortName(items[0]?.name ?? '?', 60);
  return items.length === 1 ? t(lang, 'whatOne', { name }) : t(lang, 'whatMany', { name, n: items.length });
}

/** "7 days" / "never expires". */
export function expiryText(lang: Lang, days: number): string {
  return days > 0 ? t(lang, 'expDays', { n: days }) : t(lang, 'expNever');
}

const REASON_KEYS = { backup: 'whyBackup', type: 'whyType', other: 'whyOther' } as const;

/** The reason in words. */
export function reasonText(lang: Lang, reason: RefusalReason): string {
  return t(lang, REASON_KEYS[reason]);
}

/** Items a panel lists by name; the rest are counted ("… and 5 more") so it fits one message. */
export const MAX_LISTED_ITEMS = 15;

/** "… and N more" (HTML), or nothing when every item was listed. */
function andMore(lang: Lang, total: number, listed: number): string[] {
  return total > listed ? [t(lang, 'andMore', { n: total - listed })] : [];
}

/** What the browser's panel says once the user is done: the picked names, cut and capped (HTML). */
export function pickedText(lang: Lang, items: readonly DriveItem[]): string {
  const listed = items.slice(0, MAX_LISTED_ITEMS).map((item) => `「${escapeHtml(shortName(item.name, 40))}」`);
  return t(lang, 'picked', { list: raw([...listed, ...andMore(lang, items.length, listed.length)].join(' ')) });
}

/** Names the refused items (up to {@link MAX_LISTED_ITEMS}) with the reason; offers the rest (if any) or cancel. */
export function renderRefusals(lang: Lang, refused: readonly { item: DriveItem; reason: RefusalReason }[], restCount: number): RenderedMessage {
  const listed = refused.slice(0, MAX_LISTED_ITEMS);
  const lines = [
    t(lang, 'refusedTitle'),
    ...listed.map(({ item, reason }) => t(lang, 'refusedLine', { name: shortName(item.name, 60), why: reasonText(lang, reason) })),
    ...andMore(lang, refused.length, listed.length),
  ];
  if (restCount === 0) lines.push('', t(lang, 'nothingLeft'));
  const keyboard = keyboardOf(
    restCount > 0
      ? [[button(t(lang, 'btnShareRest', { n: restCount }), `${REFUSALS_PREFIX}rest`), button(t(lang, 'btnCancel'), `${REFUSALS_PREFIX}cancel`)]]
      : [],
  );
  return { text: lines.join('\n'), keyboard };
}

/** The options panel: expiry row (current one marked), password row, Create / Cancel. */
export function renderOptions(lang: Lang, items: readonly DriveItem[], options: LinkOptions): RenderedMessage {
  const password = options.password ? `<code>${escapeHtml(options.password)}</code>` : t(lang, 'passwordNone');
  const text = t(lang, 'optionsTitle', {
    what: raw(describeItems(lang, items)),
    expiry: expiryText(lang, options.days),
    password: raw(password),
  });
  const labels = { 1: 'btnE1', 7: 'btnE7', 30: 'btnE30', 0: 'btnE0' } as const;
  const expiry = EXPIRY_CHOICES.map((days) => {
    const label = t(lang, labels[days]);
    return button(days === options.days ? `• ${label}` : label, `${OPTIONS_PREFIX}e${days}`);
  });
  const passwordRow = [
    button(t(lang, 'btnRandom'), `${OPTIONS_PREFIX}prand`),
    button(t(lang, 'btnType'), `${OPTIONS_PREFIX}ptype`),
    button(options.password ? t(lang, 'btnNoPassword') : `• ${t(lang, 'btnNoPassword')}`, `${OPTIONS_PREFIX}pnone`),
  ];
  const last = [button(t(lang, 'btnCreate'), `${OPTIONS_PREFIX}create`), button(t(lang, 'btnCancel'), `${OPTIONS_PREFIX}cancel`)];
  return { text, keyboard: keyboardOf([expiry, passwordRow, last]) };
}

/** Room for Aliyun's share text in one message, leaving space for our words around it. */
export const MAX_SHARE_TEXT = 3500;

/** `text` cut (with "…") so that its HTML-escaped form is at most `max` characters. */
function cutEscaped(text: string, max: number): string {
  if (escapeHtml(text).length <= max) return text;
  let kept = '';
  let size = 1; // the "…"
  for (const char of text) {
    const add = escapeHtml(char).length;
    if (size + add > max) break;
    kept += char;
    size += add;
  }
  return `${kept}…`;
}

/**
 * Pure: Aliyun's share text (`「name」url 提取码: x` and a line of its own words) cut to fit a
 * message, measured escaped as it travels in HTML: the part before the URL is shortened first;
 * should the rest still be too long, only the line with the URL and password stays.
 */
export function fitShareText(text: string, url: string, max: number = MAX_SHARE_TEXT): string {
  if (escapeHtml(text).length <= max) return text;
  const at = url ? text.indexOf(url) : -1;
  if (at < 0) return cutEscaped(text, max);
  const tail = text.slice(at);
  const rest = escapeHtml(tail).length <= max / 2 ? tail : cutEscaped(tail.split('\n')[0] ?? tail, max / 2);
  return `${cutEscaped(text.slice(0, at), max - escapeHtml(rest).length)}${rest}`;
}
