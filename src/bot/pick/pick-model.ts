/**
 * Pure: a listed share as a tree of ticks. A ticked folder stands for everything in it, so the
 * ticks never hold a folder together with something inside it; unticking one item inside a
 * ticked folder turns the folder's tick into ticks on everything else in it.
 */
import { relPathOf, type ShareEntry } from '../../jobs/follow/share-tree.js';

/** Items a list shows per page. */
export const PICK_PAGE_SIZE = 10;

export class PickTree {
  /** Entry indexes by the folder path they are in. */
  private readonly children = new Map<string, number[]>();
  /** Entry index of every folder by its path inside the share. */
  private readonly folderAt = new Map<string, number>();
  /** Files and bytes below each folder (by index). */
  private readonly totals = new Map<number, { files: number; bytes: number }>();

  constructor(readonly entries: readonly ShareEntry[]) {
    entries.forEach((entry, index) => {
      const list = this.children.get(entry.dir) ?? [];
      list.push(index);
      this.children.set(entry.dir, list);
      if (entry.kind === 'folder') this.folderAt.set(relPathOf(entry), index);
    });
    // Children come after their parents, so walking backwards sums every folder's inside first.
    for (let index = entries.length - 1; index >= 0; index--) {
      const entry = entries[index] as ShareEntry;
      const own = entry.kind === 'file' ? { files: 1, bytes: entry.size } : (this.totals.get(index) ?? { files: 0, bytes: 0 });
      if (entry.kind === 'folder') this.totals.set(index, own);
      const parent = this.folderAt.get(entry.dir);
      if (parent !== undefined) {
        const sum = this.totals.get(parent) ?? { files: 0, bytes: 0 };
        this.totals.set(parent, { files: sum.files + own.files, bytes: sum.bytes + own.bytes });
      }
    }
  }

  /** Indexes of the items in a folder (-1: the share's top level). */
  childrenOf(folder: number): number[] {
    return this.children.get(folder < 0 ? '' : relPathOf(this.entries[folder] as ShareEntry)) ?? [];
  }

  /** Files and bytes of one item (a folder: everything in it). */
  totalOf(index: number): { files: number; bytes: number } {
    const entry = this.entries[index] as ShareEntry;
    return entry.kind === 'file' ? { files: 1, bytes: entry.size } : (this.totals.get(index) ?? { files: 0, bytes: 0 });
  }

  /** The folders an item is in, outermost first. */
  ancestorsOf(index: number): number[] {
    const chain: number[] = [];
    for (let parent = this.parentOf(index); parent >= 0; parent = this.parentOf(parent)) chain.unshift(parent);
    return chain;
  }

  /** The folder an item is in (-1: the top level). */
  parentOf(index: number): number {
    return this.folderAt.get((this.entries[index] as ShareEntry).dir) ?? -1;
  }

  /** Whether an item is ticked, itself or through a folder it is in. */
  isTicked(ticked: ReadonlySet<number>, index: number): boolean {
    return ticked.has(index) || this.ancestorsOf(index).some((a) => ticked.has(a));
  }

  /** The ticks after tapping one item. */
  toggle(ticked: ReadonlySet<number>, index: number): Set<number> {
    const next = new Set(ticked);
    if (next.delete(index)) return next;
    const chain = this.ancestorsOf(index);
    const tickedAt = chain.findIndex((a) => next.has(a));
    if (tickedAt >= 0) {
      // Untick inside a ticked folder: tick the rest of each folder on the way down instead.
      next.delete(chain[tickedAt] as number);
      const path = [...chain.slice(tickedAt), index];
      for (let level = 0; level < path.length - 1; level++) {
        for (const sibling of this.childrenOf(path[level] as number)) if (sibling !== path[level + 1]) next.add(sibling);
      }
      return next;
    }
    next.add(index);
    for (const other of [...next]) if (this.ancestorsOf(other).includes(index)) next.delete(other);
    return next;
  }

  /** Ticks everything on a page, or unticks it when all of it is ticked already. */
  togglePage(ticked: ReadonlySet<number>, page: readonly number[]): Set<number> {
    const all = page.every((index) => this.isTicked(ticked, index));
    let next = new Set(ticked);
    for (const index of page) if (this.isTicked(next, index) === all) next = this.toggle(next, index);
    return next;
  }

  /** Files and bytes ticked. */
  tickedTotal(ticked: ReadonlySet<number>): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (const index of ticked) {
      const total = this.totalOf(index);
      files += total.files;
      bytes += total.bytes;
    }
    return { files, bytes };
  }

  /** What a save copies: the ticked items' ids and, for those below the top, their folder path. */
  selection(ticked: ReadonlySet<number>): { fileIds: string[]; fileDirs: Record<string, string> } {
    const fileIds: string[] = [];
    const fileDirs: Record<string, string> = {};
    for (const index of [...ticked].sort((a, b) => a - b)) {
      const entry = this.entries[index];
      if (!entry) continue;
      fileIds.push(entry.fileId);
      if (entry.dir !== '') fileDirs[entry.fileId] = entry.dir;
    }
    return { fileIds, fileDirs };
  }
}

/** Pages of a folder of `count` items. */
export function pageCount(count: number): number {
  return Math.max(1, Math.ceil(count / PICK_PAGE_SIZE));
}
