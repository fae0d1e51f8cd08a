/**
 * A save the queue gave up without its processor ending it: its runs kept being cut off (the
 * worker died or froze mid-job). Its row would stay "running" and the user would never hear;
 * this closes it as `failed: interrupted` and tells the user, once.
 */
import type { SavesRepo } from '../db/saves.repo.js';
import type { SaveNotifier, SaveOutcome } from './save-outcome.js';
import { encodeUntold } from './untold-outcome.js';
import type { SaveShareJob } from './save-share.job.js';

export async function endAbandonedSave(
  job: { id: string; data: SaveShareJob },
  deps: { saves: SavesRepo; notifier: SaveNotifier },
): Promise<void> {
  const { saves } = deps;
  const shareName = saves.get(job.id)?.shareName ?? undefined;
  const outcome: SaveOutcome = { kind: 'failed', reason: 'interrupted', ...(shareName ? { shareName } : {}) };
  const finish = { state: 'failed', failureKind: 'interrupted', errorMessage: 'its runs were cut off too often' } as const;
  const ended = saves.finishUntold(job.id, finish, encodeUntold(job.data, outcome));
  if (!ended) return;
  await deps.notifier.outcome(job.data, outcome);
}
