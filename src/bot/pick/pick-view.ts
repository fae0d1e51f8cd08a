/**
 * Pure: the /pick list message — a page of one folder of the share, each item a button with its
 * name and size (☐ / ☑), 📂 to open a folder, ⏮ ◀ n/N ▶ ⏭, "all on this page", 💾 save and
 * ✖ cancel — and its last step, the folder to save into. Buttons carry the list's id and an
 * item's index, so their data stays short (Telegram allows 64 bytes) whatever the names.
 */
import { relPathOf } from '../../jobs/follow/share-tree.js';
import { formatSize, shortName } from '../format.js';
import { t, type Lang } from '../i18n/index.js';
import { button, keyboardOf, type ButtonRow } from '../share-links/keyboard.js';
import type { RenderedMessage } from '../share-links/list-view.js';
import { pageCount, PICK_PAGE_SIZE, type PickTree } from './pick-model.js';

/** Callback prefix of every /pick button: `pk:<list id>:<action>`. */
export const PICK_PREFIX = 'pk:';

/** A button's data. */
export function pickData(id: string, action: string): string {
  return `${PICK_PREFIX}${id}:${action}`;
}

/** What a list shows now. */
export interface PickListView {
  id: string;
  shareName: string;
  tree: PickTree;
  ticked: ReadonlySet<number>;
  /** The open folder (-1: the top). */
  folder: number;
  page: number;
}

/** The items of the page shown (entry indexes), the page clamped to the folder's pages. */
export function pageItems(view: Pick<PickListView, 'tree' | 'folder' | 'page'>): { items: number[]; page: number; pages: number } {
  const all = view.tree.childrenOf(view.folder);
  const pages = pageCount(all.length);
  const page = Math.min(Math.max(0, view.page), pages - 1);
  return { items: all.slice(page * PICK_PAGE_SIZE, (page + 1) * PICK_PAGE_SIZE), page, pages };
}

/** The list message. */
export function renderPickList(lang: Lang, view: PickListView): RenderedMessage {
  const { tree, ticked, id } = view;
  const { items, page, pages } = pageItems(view);
  const folder = view.folder >= 0 ? tree.entries[view.folder] : undefined;
  const total = tree.tickedTotal(ticked);
  const lines = [t(lang, 'pick.title', { name: shortName(view.shareName, 60), path: folder ? ` /${relPathOf(folder)}` : '' })];
  if (items.length === 0) lines.push(t(lang, 'pick.empty'));
  lines.push('', t(lang, 'pick.help'), t(lang, 'pick.footer', { n: total.files, size: formatSize(total.bytes) }));

  const rows: ButtonRow[] = items.map((index) => {
    const entry = tree.entries[index];
    const mark = tree.isTicked(ticked, index) ? '☑' : '☐';
    const size = formatSize(tree.totalOf(index).bytes);
    if (entry?.kind !== 'folder') return [button(`${mark} ${shortName(entry?.name ?? '', 34)} · ${size}`, pickData(id, `t${index}`))];
    return [button(`${mark} 📁 ${shortName(entry.name, 28)} · ${size}`, pickData(id, `t${index}`)), button(t(lang, 'pick.btnOpen'), pickData(id, `o${index}`))];
  });
  if (pages > 1) {
    rows.push([
      button('⏮', pickData(id, 'p0')),
      button('◀', pickData(id, `p${Math.max(0, page - 1)}`)),
      button(`${page + 1}/${pages}`, pickData(id, 'n')),
      button('▶', pickData(id, `p${Math.min(pages - 1, page + 1)}`)),
      button('⏭', pickData(id, `p${pages - 1}`)),
    ]);
  }
  const allTicked = items.length > 0 && items.every((index) => tree.isTicked(ticked, index));
  rows.push([
    ...(view.folder >= 0 ? [button(t(lang, 'pick.btnBack'), pickData(id, 'b'))] : []),
    ...(items.length > 0 ? [button(t(lang, allTicked ? 'pick.btnNone' : 'pick.btnAll'), pickData(id, 'a'))] : []),
  ]);
  rows.push([button(t(lang, 'pick.btnSave', { n: total.files }), pickData(id, 's')), button(t(lang, 'pick.btnCancel'), pickData(id, 'x'))]);
  return { text: lines.join('\n'), keyboard: keyboardOf(rows) };
}

/** The last step: the current save folder and the user's favourites, as buttons. */
export function renderPickTarget(lang: Lang, view: { id: string; files: number; bytes: number; current: string; favourites: readonly string[] }): RenderedMessage {
  const rows: ButtonRow[] = [[button(`📁 ${shortName(view.current, 50)}`, pickData(view.id, 'dc'))]];
  view.favourites.forEach((path, k) => {
    if (path !== view.current) rows.push([button(`⭐ ${shortName(path, 50)}`, pickData(view.id, `d${k}`))]);
  });
  rows.push([button(t(lang, 'pick.btnBackToList'), pickData(view.id, 'l')), button(t(lang, 'pick.btnCancel'), pickData(view.id, 'x'))]);
  return { text: t(lang, 'pick.target', { n: view.files, size: formatSize(view.bytes) }), keyboard: keyboardOf(rows) };
}
