/**
 * The copy record of a save is only needed while the save may run again: the hourly sweep
 * deletes it 30 days after the save ended, and leaves the history row and live saves alone.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { COPY_ITEMS_KEEP_MS, createSavesRepo } from '../../src/db/saves.repo.js';
import { saves } from '../../src/db/schema/index.js';
import { pruneCopyItemsTask, startMaintenance, type MaintenanceTask } from '../../src/maintenance.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const DAY = 24 * 60 * 60_000;
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** A save of `items` top-level items; ended `endedDaysAgo` days ago, or still running. */
function addSave(repo: ReturnType<typeof createSavesRepo>, n: number, items: number, endedDaysAgo: number | null): string {
  const jobId = `save_prune_${n}`;
  repo.createQueued({ jobId, accountId: null, telegramUserId: 7001, chatId: 7001, statusMessageId: 10 + n, shareId: `S${n}`, folderId: 'root', targetPath: '/Saves' });
  repo.recordPlan(jobId, {
    shareName: `Share ${n}`,
    aliyunUserId: 'u1',
    targetFolderId: 'folder1',
    items: Array.from({ length: items }, (_, i) => ({ sourceFileId: `f${n}_${i}`, sourceName: `file ${i}`, sourceKind: 'file' as const, batchNo: 0 })),
  });
  if (endedDaysAgo !== null) {
    repo.finish(jobId, { state: 'saved' });
    db!.db.update(saves).set({ finishedAt: Date.now() - endedDaysAgo * DAY }).where(eq(saves.jobId, jobId)).run();
  }
  return jobId;
}

describe('pruning finished copy records', () => {
  it('deletes the items of saves that ended over 30 days ago, keeps the rest and every history row', () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    const old = addSave(repo, 1, 250, 31);
    const recent = addSave(repo, 2, 3, 29);
    const running = addSave(repo, 3, 2, null);

    expect(repo.pruneFinishedCopyItems(COPY_ITEMS_KEEP_MS)).toBe(250);
    expect(repo.items(old)).toEqual([]);
    expect(repo.items(recent)).toHaveLength(3);
    expect(repo.items(running)).toHaveLength(2);
    expect(repo.get(old)?.state).toBe('saved');
    expect(repo.recentHistory({ telegramUserId: 7001 })).toHaveLength(3);
    expect(repo.pruneFinishedCopyItems(COPY_ITEMS_KEEP_MS)).toBe(0);
  });

  it('the maintenance sweep runs the prune at start, survives a failing task, and stops cleanly', async () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    const old = addSave(repo, 1, 5, 40);
    const ran: string[] = [];
    const failing: MaintenanceTask = {
      name: 'broken',
      run: () => {
        ran.push('broken');
        throw new Error('boom');
      },
    };
    const after: MaintenanceTask = { name: 'after', run: () => void ran.push('after') };
    const warnings: unknown[] = [];
    const maintenance = startMaintenance({
      db: db.db,
      logger: { ...silent, warn: (obj: unknown) => void warnings.push(obj) },
      tasks: [failing, pruneCopyItemsTask, after],
      intervalMs: 60 * 60_000,
    });
    await maintenance.runOnce();
    expect(repo.items(old)).toEqual([]);
    // Once at start, once asked for; a failure stops neither the sweep nor the tasks after it.
    expect(ran).toEqual(['broken', 'after', 'broken', 'after']);
    expect(warnings).toHaveLength(2);
    await maintenance.stop();
    await maintenance.stop();
  });
});
