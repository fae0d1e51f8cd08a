/**
 * Pure: the folder browser of /share — a page of a folder (or of search results) with a
 * ☐/✅ per item, 📁 to open folders, ◀ ▶ ⬆️, and Done / Cancel. Buttons carry the item's index
 * on the page, so their data stays short whatever the names.
 */
import { shortName } from '../format.js';
import { t, type Lang } from '../i18n/index.js';
import { button, keyboardOf, type ButtonRow } from './keyboard.js';
import type { RenderedMessage } from './list-view.js';
import type { DriveItem } from './share-ops.js';

/** Callback prefix of the browser's buttons. */
export const BROWSER_PREFIX = 'sp:';

export type BrowserAction =
  | { kind: 'open'; index: number }
  | { kind: 'toggle'; index: number }
  | { kind: 'prev' | 'next' | 'up' | 'done' | 'cancel' };

/** Reads a browser button (data without the prefix). */
export function parseBrowserAction(action: string): BrowserAction | undefined {
  const m = /^([ot]):(\d{1,3})$/.exec(action);
  if (m) return { kind: m[1] === 'o' ? 'open' : 'toggle', index: Number(m[2]) };
  return (['prev', 'next', 'up', 'done', 'cancel'] as const).includes(action as 'prev') ? { kind: action as 'prev' } : undefined;
}

export interface BrowserView {
  location: { kind: 'folder'; path: string } | { kind: 'search'; query: string; total: number; inBackup: number };
  items: readonly DriveItem[];
  /** Ids of everything picked so far (in any folder). */
  pickedIds: ReadonlySet<string>;
  hasPrev: boolean;
  hasNext: boolean;
  canGoUp: boolean;
}

const data = (action: string) => `${BROWSER_PREFIX}${action}`;

/** The browser message. */
export function renderBrowser(lang: Lang, view: BrowserView): RenderedMessage {
  const { location, items, pickedIds } = view;
  const lines =
    location.kind === 'folder'
      ? [t(lang, 'browseTitle', { path: location.path })]
      : [t(lang, 'browseSearch', { query: location.query, count: location.total })];
  if (items.length === 0) lines.push(t(lang, location.kind === 'folder' ? 'browseEmpty' : 'browseNoResults'));
  if (location.kind === 'search' && location.inBackup > 0) lines.push(t(lang, 'browseInBackup', { n: location.inBackup }));
  lines.push('', t(lang, 'browseHelp', { picked: pickedIds.size }));

  const rows: ButtonRow[] = items.map((item, index) => {
    const mark = pickedIds.has(item.fileId) ? '✅' : '☐';
    if (item.type === 'folder' && location.kind === 'folder') {
      return [button(`📁 ${shortName(item.name, 30)}`, data(`o:${index}`)), button(mark, data(`t:${index}`))];
    }
    const icon = item.type === 'folder' ? '📁' : '📄';
    return [button(`${mark} ${icon} ${shortName(item.name, 36)}`, data(`t:${index}`))];
  });
  const upLabel = location.kind === 'search' ? t(lang, 'btnBackToFolder') : t(lang, 'btnUp');
  rows.push([
    ...(view.hasPrev ? [button('◀', data('prev'))] : []),
    ...(view.canGoUp ? [button(upLabel, data('up'))] : []),
    ...(view.hasNext ? [button('▶', data('next'))] : []),
  ]);
  rows.push([button(t(lang, 'btnDone', { n: pickedIds.size }), data('done')), button(t(lang, 'btnCancel'), data('cancel'))]);
  return { text: lines.join('\n'), keyboard: keyboardOf(rows) };
}
