/**
 * Pure: what a check copies for one follow. New = a file whose share file id this follow never
 * remembered; a rename inside the share keeps the id (not new), and a file the user deleted or
 * moved in their drive is still remembered (never brought back).
 */
import type { ShareEntry } from './share-tree.js';

/** New files grouped by their folder inside the share, folders in the share's order. */
export function newFilesByDir(tree: readonly ShareEntry[], remembered: ReadonlySet<string>): Map<string, ShareEntry[]> {
  const byDir = new Map<string, ShareEntry[]>();
  for (const entry of tree) {
    if (entry.kind !== 'file' || remembered.has(entry.fileId)) continue;
    const files = byDir.get(entry.dir) ?? [];
    files.push(entry);
    byDir.set(entry.dir, files);
  }
  return byDir;
}

/** The deepest folder every path lies in (`''` when they share none). */
export function commonDir(dirs: readonly string[]): string {
  if (dirs.length === 0) return '';
  let common = dirs[0]!.split('/');
  for (const dir of dirs.slice(1)) {
    const parts = dir.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}
