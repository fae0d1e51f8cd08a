/**
 * A new link for a paused follow whose share was cancelled or expired (`/follow <new link>`,
 * then "replace"): the follow keeps its folder and its memory, and items of the new share that
 * sit at a path it saved already are remembered as saved — a re-share by someone else (new file
 * ids) does not copy the whole series again; only what is new by path is copied.
 */
import { isWrongPassword, shareGoneReason } from '../../api/index.js';
import type { FollowRow, FollowsRepo } from '../../db/follows.repo.js';
import type { FollowCheckDeps } from './types.js';
import { listShareTree, relPathOf } from './share-tree.js';
import type { FollowScheduler } from './scheduler.js';

/** Why a follow is paused when its share is gone, so a new link may take its place. */
export const SHARE_GONE_REASONS: readonly string[] = ['cancelled', 'expired', 'forbidden', 'not_found'];

export function canTakeNewLink(row: Pick<FollowRow, 'state' | 'pausedReason'>): boolean {
  return row.state === 'paused' && SHARE_GONE_REASONS.includes(row.pausedReason ?? '');
}

export type ReplaceResult =
  | { result: 'replaced'; remembered: number }
  | { result: 'not_paused' | 'already_followed' | 'wrong_password' }
  | { result: 'gone'; reason: string };

export async function replaceFollowLink(
  row: FollowRow,
  link: { shareId: string; password?: string | undefined },
  deps: Pick<FollowCheckDeps, 'client' | 'listPace'>,
  engine: { follows: FollowsRepo; scheduler: FollowScheduler; intervalMs: number },
): Promise<ReplaceResult> {
  if (!canTakeNewLink(row)) return { result: 'not_paused' };
  let tree;
  try {
    tree = await listShareTree(deps.client, link.shareId, link.password ?? '', undefined, deps.listPace);
  } catch (err) {
    if (isWrongPassword(err)) return { result: 'wrong_password' };
    const gone = shareGoneReason(err);
    if (gone) return { result: 'gone', reason: gone };
    throw err;
  }
  const savedPaths = new Set(engine.follows.items(row.id).map((item) => item.relPath));
  const baseline = tree.filter((entry) => savedPaths.has(relPathOf(entry))).map((entry) => ({ shareFileId: entry.fileId, relPath: relPathOf(entry), kind: entry.kind }));
  if (!engine.follows.replaceShare(row.id, link, Date.now() + engine.intervalMs, baseline)) {
    return { result: engine.follows.get(row.id)?.state === 'paused' ? 'already_followed' : 'not_paused' };
  }
  await engine.scheduler.watch(link.shareId);
  if (!engine.follows.isFollowed(row.shareId)) await engine.scheduler.unwatch(row.shareId);
  await engine.scheduler.checkNow(link.shareId);
  return { result: 'replaced', remembered: baseline.length };
}
