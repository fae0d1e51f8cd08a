/**
 * Pure: /folder's buttons — favourites (⭐, up to 8), recent save folders (🕘), add or remove the
 * current folder as a favourite, and a browser of the drive's folders (the /share browser's
 * listing, folders only). Buttons carry an index into the list they were drawn from.
 */
import type { InlineKeyboard } from 'grammy';
import { shortName } from '../format.js';
import { t, type Lang } from '../i18n/index.js';
import { button, keyboardOf, type ButtonRow } from '../share-links/keyboard.js';
import type { RenderedMessage } from '../share-links/list-view.js';
import type { DriveItem } from '../share-links/share-ops.js';

/** Callback prefix of /folder's buttons. */
export const FOLDER_PREFIX = 'fd:';

/** Recent folders shown besides the favourites. */
export const MAX_RECENT = 4;

/** Recent save paths, newest first, without repeats, the current one or favourites. */
export function recentFolders(paths: readonly (string | null)[], current: string, favourites: readonly string[]): string[] {
  const seen = new Set([current, ...favourites]);
  const recent: string[] = [];
  for (const path of paths) {
    if (!path || seen.has(path)) continue;
    seen.add(path);
    recent.push(path);
    if (recent.length >= MAX_RECENT) break;
  }
  return recent;
}

export function renderFolderPanel(lang: Lang, view: { current: string; favourites: readonly string[]; recent: readonly string[] }): RenderedMessage {
  const rows: ButtonRow[] = [];
  view.favourites.forEach((path, k) => rows.push([button(`${path === view.current ? '📁' : '⭐'} ${shortName(path, 50)}`, `${FOLDER_PREFIX}f${k}`)]));
  view.recent.forEach((path, k) => rows.push([button(`🕘 ${shortName(path, 50)}`, `${FOLDER_PREFIX}r${k}`)]));
  const starred = view.favourites.includes(view.current);
  rows.push([button(t(lang, starred ? 'folder.btnUnstar' : 'folder.btnStar'), `${FOLDER_PREFIX}${starred ? 'unstar' : 'star'}`)]);
  rows.push([button(t(lang, 'folder.btnBrowse'), `${FOLDER_PREFIX}br`)]);
  return { text: t(lang, 'folder.panel', { path: view.current }), keyboard: keyboardOf(rows) };
}

/** The browser: the folders of one page, ⬆️ up, ◀ ▶, ✅ save here. */
export function renderFolderBrowser(lang: Lang, view: { path: string; folders: readonly DriveItem[]; hasPrev: boolean; hasNext: boolean }): { text: string; keyboard: InlineKeyboard } {
  const rows: ButtonRow[] = view.folders.map((folder, index) => [button(`📁 ${shortName(folder.name, 40)}`, `${FOLDER_PREFIX}o${index}`)]);
  rows.push([
    ...(view.hasPrev ? [button('◀', `${FOLDER_PREFIX}prev`)] : []),
    ...(view.path !== '/' ? [button(t(lang, 'folder.btnUp'), `${FOLDER_PREFIX}up`)] : []),
    ...(view.hasNext ? [button('▶', `${FOLDER_PREFIX}next`)] : []),
  ]);
  rows.push([button(t(lang, 'folder.btnHere'), `${FOLDER_PREFIX}here`)]);
  return { text: t(lang, 'folder.browseTitle', { path: view.path }), keyboard: keyboardOf(rows) };
}
