/**
 * Pure: what a check copies for one follow. New = a file whose share file id this follow never
 * remembered; a rename inside the share keeps the id (not new), and a file the user deleted or
 * moved in their drive is still remembered (never brought back).
 */
import { passesFilters, type FollowFilters } from './filters.js';
import { relPathOf, type ShareEntry } from './share-tree.js';

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

/**
 * Splits new files into those the follow's filters let through (by folder, as above) and those
 * they turn away (to be remembered as `skipped`: a later change of the filters does not bring
 * them in; only items added after it are judged by the new filters).
 */
export function applyFilters(byDir: ReadonlyMap<string, ShareEntry[]>, filters: FollowFilters): { wanted: Map<string, ShareEntry[]>; skipped: ShareEntry[] } {
  const wanted = new Map<string, ShareEntry[]>();
  const skipped: ShareEntry[] = [];
  for (const [dir, files] of byDir) {
    const kept = files.filter((file) => {
      const pass = passesFilters({ name: file.name, size: file.size, relPath: relPathOf(file) }, filters);
      if (!pass) skipped.push(file);
      return pass;
    });
    if (kept.length > 0) wanted.set(dir, kept);
  }
  return { wanted, skipped };
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
