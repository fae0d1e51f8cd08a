/**
 * The processor on its own, as a plain function of (job, deps) — no queue: a run that has
 * already ended does nothing, async copies that never end within the bound are reported
 * as "busy" on the last attempt (and retried before it), and items that fail for reasons other
 * than a full drive are named in a `partial` outcome. Runs are driven one by one, so what
 * happens between them (a file vanishing from the share) is certain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FinalJobError, RateLimitedJobError } from '../../src/jobs/errors.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { saveJobId } from '../../src/jobs/save-share.job.js';
import { processSaveShare } from '../../src/jobs/index.js';
import type { SaveNotifier } from '../../src/jobs/save-outcome.js';
import { startRig, type Rig, type TestAccount } from './harness.js';

describe('the save processor', () => {
  let rig: Rig;
  let ada: TestAccount;

  beforeAll(async () => {
    rig = await startRig('embedded');
    ada = await rig.link('ada');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a run of a save that already ended calls nothing and says nothing', async () => {
    const share = rig.sim.addShare({ name: 'done.txt', files: [{ name: 'done.txt', size: 10 }] });
    const job = rig.job(ada, { shareId: share.shareId });
    await rig.save(job);
    await rig.notifier.outcome1(saveJobId(job));
    rig.sim.resetStats();

    await processSaveShare({ id: saveJobId(job), data: job, attemptsMade: 2 }, rig.deps);

    expect(rig.sim.stats().total).toBe(0);
    expect(rig.notifier.outcomes(saveJobId(job))).toHaveLength(1);
  });

  it('the save does not wait for its progress reports: a Telegram that never answers them delays nothing', async () => {
    const share = rig.sim.addShare({ name: 'unhurried.txt', files: [{ name: 'unhurried.txt', size: 10 }] });
    const job = rig.job(ada, { shareId: share.shareId });
    const id = saveJobId(job);
    createSavesRepo(rig.database.db).createQueued({
      jobId: id, accountId: ada.id, telegramUserId: job.requestedBy, chatId: job.chatId, statusMessageId: job.statusMessageId ?? null,
      shareId: job.shareId, folderId: 'root', targetPath: job.targetPath,
    });
    const reported: string[] = [];
    const stuck: SaveNotifier = {
      progress: (_job, progress) => {
        reported.push(progress.stage);
        return new Promise<void>(() => undefined); // never answers
      },
      outcome: async (_job, outcome) => {
        reported.push(outcome.kind);
      },
    };

    await processSaveShare({ id, data: job, attemptsMade: 0 }, { ...rig.deps, notifier: stuck });

    expect(reported).toEqual(['opening', 'saved']);
    expect(createSavesRepo(rig.database.db).get(id)?.state).toBe('saved');
  });

  it('a copy still running past the poll bound is retried, then reported "busy" on the last attempt', async () => {
    rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
    try {
      const share = rig.sim.addShare({ name: 'slow', files: [{ name: 'slow', children: [{ name: 'a.bin', size: 10 }] }] });
      const job = rig.job(ada, { shareId: share.shareId, targetPath: '/Slow' });
      const id = saveJobId(job);
      const deps = { ...rig.deps, poll: { firstMs: 10, maxMs: 20, overallMs: 150 }, maxAttempts: 3 };

      await expect(processSaveShare({ id, data: job, attemptsMade: 0 }, deps)).rejects.toThrow(/still running/);
      expect(rig.notifier.outcomes(id)).toEqual([]);
      await expect(processSaveShare({ id, data: job, attemptsMade: 2 }, deps)).rejects.toBeInstanceOf(FinalJobError);
      expect(rig.notifier.outcomes(id)).toEqual([{ kind: 'failed', reason: 'busy', shareName: 'slow', detail: expect.stringMatching(/still running/) }]);
      // The second run polled the task it was given; it never copied again.
      expect(rig.sim.countCopiesOf(share.shareId, ada.sim.userId)).toBe(1);
    } finally {
      rig.sim.setKnobs({ asyncTaskPolls: 2 });
    }
  });

  it('items that failed for other reasons than a full drive are named: partial "some_failed"', async () => {
    const share = rig.sim.addShare({
      name: 'mixed bag',
      files: [
        { name: 'kept.txt', size: 10 },
        { name: 'vanished-mb.txt', size: 10 },
        { name: 'Extras-mb', children: ['x1', 'x2', 'x3', 'x4'].map((n) => ({ name: `${n}.txt`, size: 10 })) },
      ],
    });
    const published = rig.sim.files(rig.sim.catalogue.ownerUserId);
    const idOf = (suffix: string) => {
      const id = published.find((f) => f.path.endsWith(`/${suffix}`))?.fileId;
      if (!id) throw new Error(`no published file ${suffix}`);
      return id;
    };
    const job = rig.job(ada, { shareId: share.shareId, targetPath: '/Mixed' });
    const id = saveJobId(job);
    try {
      // Run 1 plans the copy; Aliyun asks for a long pause before the batch goes out.
      rig.sim.failNext('/adrive/v4/batch', { status: 429, code: 'TooManyRequests', retryAfterMs: 5_000 });
      await expect(processSaveShare({ id, data: job, attemptsMade: 0 }, rig.deps)).rejects.toBeInstanceOf(RateLimitedJobError);
      // Meanwhile the sharer deletes a file: run 2 sends the batch, that item fails, the folder's copy starts.
      rig.sim.removeFile(rig.sim.catalogue.ownerUserId, idOf('vanished-mb.txt'));
      rig.sim.setKnobs({ asyncTaskPolls: 100_000 });
      await expect(processSaveShare({ id, data: job, attemptsMade: 0 }, { ...rig.deps, poll: { overallMs: 0 } })).rejects.toThrow(/still running/);
      // A file inside the folder vanishes while its copy runs: the task ends PartialSucceed.
      rig.sim.removeFile(rig.sim.catalogue.ownerUserId, idOf('Extras-mb/x4.txt'));
      rig.sim.setKnobs({ asyncTaskPolls: 2 });
      await processSaveShare({ id, data: job, attemptsMade: 1 }, rig.deps);
    } finally {
      rig.sim.setKnobs({ asyncTaskPolls: 2 });
    }

    // Files: kept.txt and 3 of the folder's 4 made it; vanished-mb.txt and x4.txt did not.
    // copied/total count files (4/6); failedItems counts top-level items (2).
    expect(rig.notifier.outcomes(id)).toEqual([
      {
        kind: 'partial',
        reason: 'some_failed',
        shareName: 'mixed bag',
        targetPath: '/Mixed',
        copied: 4,
        total: 6,
        unit: 'files',
        failedItems: 2,
        failedNames: ['vanished-mb.txt', 'Extras-mb'],
      },
    ]);
    expect(rig.sim.tree(ada.sim.userId)['/Mixed']).toBe(1);
    expect(rig.sim.tree(ada.sim.userId)['/Mixed/Extras-mb']).toBe(3);
    expect(createSavesRepo(rig.database.db).get(id)).toMatchObject({ state: 'partial', failureKind: 'some_failed', filesCopied: 4, filesTotal: 6 });
  });
});
