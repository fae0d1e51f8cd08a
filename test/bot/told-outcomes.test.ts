/**
 * Which outcomes a start tells: those the save's row still holds untold, ended in the last day
 * (at most a cap, oldest first) — never one told already, nor a save that ended before outcomes
 * were remembered (migration 0009 leaves those rows NULL), nor one too old to be news.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSavesRepo, type NewSave } from '../../src/db/saves.repo.js';
import { saves } from '../../src/db/schema/index.js';
import type { SaveNotifier, SaveOutcome } from '../../src/jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { encodeUntold } from '../../src/jobs/untold-outcome.js';
import { rememberTold, tellUntoldOutcomes, UNTOLD_WINDOW_MS } from '../../src/bot/saving/told-outcomes.js';
import { createLogger } from '../../src/logger.js';
import { tempDatabase } from '../db/temp-db.js';
import { eq } from 'drizzle-orm';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const logger = createLogger('silent');
const SAVED: SaveOutcome = { kind: 'saved', shareName: 'Docs', targetPath: '/Saves', items: 1 };

function jobOf(n: number, fields: Partial<SaveShareJob> = {}): SaveShareJob {
  return { chatId: 7001, sourceMessageId: n, requestedBy: 7001, accountId: 1, shareId: `Share${n}`, targetPath: '/Saves', lang: 'zh', password: 'ab12', ...fields };
}

function rowOf(job: SaveShareJob, fields: Partial<NewSave> = {}): NewSave {
  return { jobId: saveJobId(job), accountId: null, telegramUserId: job.requestedBy, chatId: job.chatId, statusMessageId: null, shareId: job.shareId, folderId: 'root', targetPath: job.targetPath, ...fields };
}

function recorder(): SaveNotifier & { told: Array<{ job: SaveShareJob; outcome: SaveOutcome }> } {
  const told: Array<{ job: SaveShareJob; outcome: SaveOutcome }> = [];
  return { told, progress: async () => undefined, outcome: async (job, outcome) => void told.push({ job, outcome }) };
}

describe('outcomes left untold', () => {
  it('a start tells each untold outcome once, into the status message the row names, and none told or from before', async () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    // Ended before outcomes were remembered (as migrated rows are): never announced.
    const old = jobOf(1);
    repo.createQueued(rowOf(old));
    expect(repo.finish(saveJobId(old), { state: 'saved' })).toBe(true);
    // Ended and told.
    const toldJob = jobOf(2);
    repo.createQueued(rowOf(toldJob));
    repo.finishUntold(saveJobId(toldJob), { state: 'saved' }, encodeUntold(toldJob, SAVED));
    repo.markTold(saveJobId(toldJob));
    // Ended, its status message sent after it was queued: the row names it.
    const untold = jobOf(3, { statusMessageFollows: true });
    repo.createQueued(rowOf(untold));
    repo.setStatusMessage(saveJobId(untold), 44);
    repo.finishUntold(saveJobId(untold), { state: 'saved' }, encodeUntold(untold, SAVED));
    // A second end of the same save (a re-delivered job) changes nothing.
    expect(repo.finishUntold(saveJobId(untold), { state: 'failed' }, encodeUntold(untold, { kind: 'failed', reason: 'busy' }))).toBe(false);

    const notifier = recorder();
    const remembering = rememberTold(notifier, repo);
    expect(tellUntoldOutcomes({ saves: repo, notifier: remembering, logger })).toBe(1);
    expect(notifier.told).toHaveLength(1);
    const [first] = notifier.told;
    expect(first!.outcome).toEqual(SAVED);
    expect(first!.job).toMatchObject({ chatId: 7001, sourceMessageId: 3, statusMessageId: 44, lang: 'zh' });
    expect(first!.job.statusMessageFollows).toBeUndefined();
    // The share's password is not kept with the outcome.
    expect(first!.job.password).toBeUndefined();

    await new Promise((resolve) => setImmediate(resolve));
    // Told: a further start tells nothing.
    expect(tellUntoldOutcomes({ saves: repo, notifier: remembering, logger })).toBe(0);
    expect(notifier.told).toHaveLength(1);
  });

  it('an outcome that could not be told stays untold; one older than a day is forgotten; the cap holds', async () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    for (const n of [1, 2, 3]) {
      const job = jobOf(n);
      repo.createQueued(rowOf(job));
      repo.finishUntold(saveJobId(job), { state: 'saved' }, encodeUntold(job, SAVED));
    }
    const failing: SaveNotifier = { progress: async () => undefined, outcome: async () => Promise.reject(new Error('cancelled at shutdown')) };
    expect(tellUntoldOutcomes({ saves: repo, notifier: rememberTold(failing, repo), logger }, { limit: 2 })).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(repo.untoldSince(0, 10).map((r) => r.jobId)).toEqual([1, 2, 3].map((n) => saveJobId(jobOf(n))));

    // A day and more later.
    db.db.update(saves).set({ finishedAt: Date.now() - UNTOLD_WINDOW_MS - 1000 }).where(eq(saves.jobId, saveJobId(jobOf(1)))).run();
    const notifier = recorder();
    expect(tellUntoldOutcomes({ saves: repo, notifier: rememberTold(notifier, repo), logger })).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(notifier.told.map((t) => t.job.sourceMessageId)).toEqual([2, 3]);
    expect(repo.untoldSince(0, 10)).toEqual([]);
  });
});
