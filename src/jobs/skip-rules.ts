/**
 * Pure: a user's skip rules (/skip) and what of a share they leave to copy. A folder with nothing
 * skipped inside is copied whole (one item); one with something skipped is copied item by item,
 * each item into its folder path below the target, so the tree stays the same minus the skipped.
 */
import { relPathOf, type ShareEntry } from './follow/share-tree.js';

/** What a user never wants saved: names matching a pattern (`*` any text, `?` one character), files under a size. */
export interface SkipRules {
  patterns: string[];
  /** Files smaller than this are skipped. */
  minBytes?: number;
}

/** One item left to copy, and the folder path (inside the share) it goes into. */
export interface KeptItem {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  dir: string;
}

/** Whether the rules skip anything at all. */
export function hasSkipRules(rules: SkipRules | undefined): rules is SkipRules {
  return rules !== undefined && (rules.patterns.length > 0 || (rules.minBytes ?? 0) > 0);
}

/** A glob (`*`, `?`; case-insensitive) as a RegExp over a whole name. */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'iu');
}

/** Whether one item is skipped by name (files and folders) or by size (files). */
export function isSkipped(entry: Pick<ShareEntry, 'name' | 'kind' | 'size'>, rules: SkipRules, patterns = rules.patterns.map(globToRegExp)): boolean {
  if (patterns.some((re) => re.test(entry.name))) return true;
  return entry.kind === 'file' && (rules.minBytes ?? 0) > 0 && entry.size < (rules.minBytes ?? 0);
}

/**
 * The items to copy from a listed share (`entries`, parents before children) under `rules`, and
 * how many files the rules left out. With `rootId`, only that folder of the share (a `/folder/`
 * link) — placed, as a whole save would place it, under its own name.
 */
export function keptBySkipRules(entries: readonly ShareEntry[], rules: SkipRules, rootId?: string): { items: KeptItem[]; skipped: number } {
  const patterns = rules.patterns.map(globToRegExp);
  let scope = entries;
  let base = '';
  if (rootId !== undefined) {
    const root = entries.find((e) => e.fileId === rootId);
    if (!root) return { items: [], skipped: 0 };
    const rootPath = relPathOf(root);
    base = root.dir;
    scope = entries.filter((e) => e === root || e.dir === rootPath || e.dir.startsWith(`${rootPath}/`));
  }
  const children = new Map<string, ShareEntry[]>();
  for (const entry of scope) {
    const list = children.get(entry.dir) ?? [];
    list.push(entry);
    children.set(entry.dir, list);
  }
  const rebase = (dir: string) => (base === '' ? dir : dir === base ? '' : dir.slice(base.length + 1));
  const filesIn = (path: string): number =>
    (children.get(path) ?? []).reduce((n, e) => n + (e.kind === 'file' ? 1 : filesIn(relPathOf(e))), 0);

  let skipped = 0;
  /** The kept items below `dir`, and whether everything there was kept. */
  const walk = (dir: string): { items: KeptItem[]; whole: boolean } => {
    const items: KeptItem[] = [];
    let whole = true;
    for (const entry of children.get(dir) ?? []) {
      if (isSkipped(entry, rules, patterns)) {
        skipped += entry.kind === 'file' ? 1 : filesIn(relPathOf(entry));
        whole = false;
        continue;
      }
      const item: KeptItem = { id: entry.fileId, name: entry.name, kind: entry.kind, dir: rebase(entry.dir) };
      if (entry.kind === 'file') {
        items.push(item);
        continue;
      }
      const inner = walk(relPathOf(entry));
      if (inner.whole) items.push(item);
      else {
        whole = false;
        items.push(...inner.items);
      }
    }
    return { items, whole };
  };
  const startDir = rootId === undefined ? '' : (scope[0]?.dir ?? '');
  const top = walk(startDir);
  return { items: top.items, skipped };
}
