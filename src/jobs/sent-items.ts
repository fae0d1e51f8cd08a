/**
 * Pure: deciding whether copies that were sent but never answered (the process died
 * mid-request, or the answer was a 5xx/timeout) happened, by looking for them in the target
 * folder. Found → copied (sending again would make `name(1)`); not found → send again.
 */
import type { FileItem } from '../api/index.js';

/** A copy sent without a known answer. */
export interface SentItem {
  sourceFileId: string;
  sourceName: string;
  sourceKind: 'file' | 'folder';
  /** When it was marked sent (epoch ms). */
  sentAt: number;
}

/**
 * How far Aliyun's clock may be behind ours: a copy made "before" it was sent by less than this
 * still counts. An older item of the same name is someone's earlier save, not this copy.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The names `auto_rename` may have given a copy of `name`: the name itself, `name(n)` for
 * folders, and `base(n).ext` for files (the extension stays last).
 */
export function isNameOrRenamed(candidate: string, name: string, kind: 'file' | 'folder'): boolean {
  if (candidate === name) return true;
  const dot = name.lastIndexOf('.');
  const [base, ext] = kind === 'file' && dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  if (!candidate.startsWith(`${base}(`) || !candidate.endsWith(`)${ext}`)) return false;
  const middle = candidate.slice(base.length + 1, candidate.length - ext.length - 1);
  return /^[1-9]\d*$/.test(middle);
}

/**
 * Matches sent items to what the target folder holds. Each listed file is claimed at most once,
 * never one already recorded as another item's copy (`claimed`), and only if it is not older
 * than the send (less {@link CLOCK_SKEW_MS}); the oldest fitting candidate wins (the first copy).
 * Items with an unknown name (`""`) never match.
 * @returns source file id → the copy's file id, for the items found.
 */
export function matchSentItems(
  sent: readonly SentItem[],
  listing: readonly Pick<FileItem, 'file_id' | 'name' | 'type' | 'created_at'>[],
  claimed: ReadonlySet<string>,
): Map<string, string> {
  const taken = new Set(claimed);
  const found = new Map<string, string>();
  for (const item of sent) {
    if (item.sourceName === '') continue;
    const candidates = listing
      .filter((file) => !taken.has(file.file_id))
      .filter((file) => file.type === item.sourceKind && isNameOrRenamed(file.name, item.sourceName, item.sourceKind))
      .filter((file) => {
        const created = file.created_at ? Date.parse(file.created_at) : Number.NaN;
        // Without a creation time the name alone decides.
        return Number.isNaN(created) || created >= item.sentAt - CLOCK_SKEW_MS;
      })
      .sort((a, b) => (Date.parse(a.created_at ?? '') || 0) - (Date.parse(b.created_at ?? '') || 0));
    const match = candidates[0];
    if (match) {
      taken.add(match.file_id);
      found.set(item.sourceFileId, match.file_id);
    }
  }
  return found;
}
