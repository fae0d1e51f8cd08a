/**
 * Every ended save's outcome is told once, whatever happens to the process: the save's row keeps
 * it untold (src/db/saves/untold-outcomes.ts) until the notifier has told it (`rememberTold`),
 * and the bot's start tells what a shutdown or a crash left untold (`tellUntoldOutcomes`) —
 * through the same notifier and flood gate, in the user's language, into the status message
 * when it is still there, else as a new message.
 */
import type { Logger } from '../../logger.js';
import type { SavesRepo } from '../../db/saves.repo.js';
import type { SaveNotifier } from '../../jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../jobs/save-share.job.js';
import { decodeUntold } from '../../jobs/untold-outcome.js';

type Saves = Pick<SavesRepo, 'markTold' | 'untoldSince' | 'forgetUntoldBefore'>;

/** Outcomes of saves that ended longer ago than this are not told at a start: news that old is noise. */
export const UNTOLD_WINDOW_MS = 24 * 60 * 60_000;
/** At most this many outcomes are told at a start (the oldest first). */
export const UNTOLD_LIMIT = 1000;

/** `inner`, marking each outcome told once it went through (a failure or a cancel leaves it untold). */
export function rememberTold(inner: SaveNotifier, saves: Pick<Saves, 'markTold'>): SaveNotifier {
  return {
    progress: (job, progress) => inner.progress(job, progress),
    async outcome(job, outcome) {
      await inner.outcome(job, outcome);
      saves.markTold(saveJobId(job));
    },
  };
}

/**
 * Hands every outcome left untold by saves ended in the last `windowMs` to `notifier` (a
 * detached one: they wait their turn) and forgets older ones. Call before this process's save
 * workers start: an outcome they tell is not theirs to pick up.
 * @returns how many outcomes were handed on.
 */
export function tellUntoldOutcomes(deps: { saves: Saves; notifier: SaveNotifier; logger: Logger }, options: { now?: number; windowMs?: number; limit?: number } = {}): number {
  const { saves, notifier, logger } = deps;
  const since = (options.now ?? Date.now()) - (options.windowMs ?? UNTOLD_WINDOW_MS);
  const forgotten = saves.forgetUntoldBefore(since);
  if (forgotten > 0) logger.warn({ outcomes: forgotten }, 'outcomes left untold too long ago; not telling them now');
  let handed = 0;
  for (const row of saves.untoldSince(since, options.limit ?? UNTOLD_LIMIT)) {
    const untold = decodeUntold(row.untold);
    if (!untold) {
      saves.markTold(row.jobId);
      continue;
    }
    // The status message the row names (sent after the save was queued, or the outcome's own).
    const job: SaveShareJob = row.statusMessageId !== null ? { ...withoutFollows(untold.job), statusMessageId: row.statusMessageId } : untold.job;
    void notifier.outcome(job, untold.outcome).catch((error: unknown) => logger.warn({ err: error, job_id: row.jobId }, 'could not tell an untold outcome'));
    handed += 1;
  }
  if (handed > 0) logger.info({ outcomes: handed }, 'telling outcomes left untold before this start');
  return handed;
}

function withoutFollows(job: SaveShareJob): SaveShareJob {
  const { statusMessageFollows: _follows, ...rest } = job;
  return rest;
}
