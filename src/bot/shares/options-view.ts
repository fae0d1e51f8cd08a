/**
 * Pure: the panels of /share after the items are known — items Aliyun refuses (and why), and
 * the expiry / password choices before creating the link.
 */
import { shortName } from '../format.js';
import { escapeHtml } from '../html.js';
import { raw, type Lang } from '../i18n/index.js';
import { button, keyboardOf } from './keyboard.js';
import type { RenderedMessage } from './list-view.js';
import { st } from './messages.js';
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
  return items.length === 1 ? st(lang, 'whatOne', { name }) : st(lang, 'whatMany', { name, n: items.length });
}

/** "7 days" / "never expires". */
export function expiryText(lang: Lang, days: number): string {
  return days > 0 ? st(lang, 'expDays', { n: days }) : st(lang, 'expNever');
}

const REASON_KEYS = { backup: 'whyBackup', type: 'whyType', other: 'whyOther' } as const;

/** The reason in words. */
export function reasonText(lang: Lang, reason: RefusalReason): string {
  return st(lang, REASON_KEYS[reason]);
}

/** Names every refused item with its reason; offers the rest (if any) or cancel. */
export function renderRefusals(lang: Lang, refused: readonly { item: DriveItem; reason: RefusalReason }[], restCount: number): RenderedMessage {
  const lines = [
    st(lang, 'refusedTitle'),
    ...refused.map(({ item, reason }) => st(lang, 'refusedLine', { name: shortName(item.name, 60), why: reasonText(lang, reason) })),
  ];
  if (restCount === 0) lines.push('', st(lang, 'nothingLeft'));
  const keyboard = keyboardOf(
    restCount > 0
      ? [[button(st(lang, 'btnShareRest', { n: restCount }), `${REFUSALS_PREFIX}rest`), button(st(lang, 'btnCancel'), `${REFUSALS_PREFIX}cancel`)]]
      : [],
  );
  return { text: lines.join('\n'), keyboard };
}

/** The options panel: expiry row (current one marked), password row, Create / Cancel. */
export function renderOptions(lang: Lang, items: readonly DriveItem[], options: LinkOptions): RenderedMessage {
  const password = options.password ? `<code>${escapeHtml(options.password)}</code>` : st(lang, 'passwordNone');
  const text = st(lang, 'optionsTitle', {
    what: raw(describeItems(lang, items)),
    expiry: expiryText(lang, options.days),
    password: raw(password),
  });
  const labels = { 1: 'btnE1', 7: 'btnE7', 30: 'btnE30', 0: 'btnE0' } as const;
  const expiry = EXPIRY_CHOICES.map((days) => {
    const label = st(lang, labels[days]);
    return button(days === options.days ? `• ${label}` : label, `${OPTIONS_PREFIX}e${days}`);
  });
  const passwordRow = [
    button(st(lang, 'btnRandom'), `${OPTIONS_PREFIX}prand`),
    button(st(lang, 'btnType'), `${OPTIONS_PREFIX}ptype`),
    button(options.password ? st(lang, 'btnNoPassword') : `• ${st(lang, 'btnNoPassword')}`, `${OPTIONS_PREFIX}pnone`),
  ];
  const last = [button(st(lang, 'btnCreate'), `${OPTIONS_PREFIX}create`), button(st(lang, 'btnCancel'), `${OPTIONS_PREFIX}cancel`)];
  return { text, keyboard: keyboardOf([expiry, passwordRow, last]) };
}
