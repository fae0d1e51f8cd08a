/**
 * The saves table stays bounded and its hot queries stay fast: each chat keeps its newest
 * HISTORY_KEEP_PER_CHAT ended saves (never a queued or running one, nor the copy record that
 * makes its retry exactly-once), and every query a save or a command runs is answered through
 * an index (EXPLAIN QUERY PLAN), never a full scan of `saves` or `save_copy_items`.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { countUnfinishedSaves, unfinishedSavesBeforeQueueing } from '../../src/db/unfinished-saves.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { saves } from '../../src/db/schema/index.js';
import { pruneHistoryTask, startMaintenance } from '../../src/maintenance.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };

type Repo = ReturnType<typeof createSavesRepo>;

/** A save in `chatId`, `minutesAgo` old, with two planned copies; ended unless `state` says otherwise. */
function addSave(repo: Repo, chatId: number, n: number, minutesAgo: number, state: 'saved' | 'failed' | 'queued' | 'running' = 'saved'): string {
  const jobId = `save_${chatId}_${n}`;
  repo.createQueued({ jobId, accountId: null, telegramUserId: 8001, chatId, statusMessageId: n, shareId: `S${chatId}x${n}`, folderId: 'root', targetPath: '/Saves', inFlightKey: state === 'queued' || state === 'running' ? `k${chatId}/${n}` : null });
  repo.recordPlan(jobId, {
    shareName: `Share ${n}`,
    aliyunUserId: 'u1',
    targetFolderId: 'folder1',
    items: [0, 1].map((i) => ({ sourceFileId: `f${chatId}_${n}_${i}`, sourceName: `file ${i}`, sourceKind: 'file' as const, batchNo: 0 })),
  });
  if (state === 'running') repo.markRunning(jobId);
  if (state === 'saved' || state === 'failed') repo.finish(jobId, state === 'saved' ? { state } : { state, failureKind: 'unknown' });
  db!.db.update(saves).set({ createdAt: Date.now() - minutesAgo * 60_000 }).where(eq(saves.jobId, jobId)).run();
  return jobId;
}

describe('history pruning', () => {
  it('keeps the newest N saves of each chat, and every queued or running save with its copy record', () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    // Chat A: the oldest two are still live (queued, running), then 6 ended saves, newest last.
    const queued = addSave(repo, -100, 0, 100, 'queued');
    const running = addSave(repo, -100, 1, 99, 'running');
    for (let n = 2; n < 8; n++) addSave(repo, -100, n, 100 - n, n === 2 ? 'failed' : 'saved');
    // Chat B: only 2 saves, under the bound.
    addSave(repo, -200, 0, 500);
    addSave(repo, -200, 1, 400);

    expect(repo.pruneHistory(3)).toBe(3); // chat A: 8 saves, the 3 newest stay, and the 2 live ones

    const kept = repo.recentHistory({ chatId: -100, limit: 100 }).map((entry) => entry.jobId);
    expect(kept).toEqual(['save_-100_7', 'save_-100_6', 'save_-100_5', running, queued]);
    expect(repo.items(queued)).toHaveLength(2);
    expect(repo.items(running)).toHaveLength(2);
    expect(repo.items('save_-100_4')).toEqual([]); // the copy record went with its save
    expect(repo.recentHistory({ chatId: -200 })).toHaveLength(2);
    expect(repo.pruneHistory(3)).toBe(0);
  });

  it('the maintenance sweep prunes at start', async () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    for (let n = 0; n < 5; n++) addSave(repo, -300, n, 10 - n);
    const maintenance = startMaintenance({ db: db.db, logger: silent, tasks: [pruneHistoryTask(2)], intervalMs: 60_000 });
    await maintenance.runOnce();
    await maintenance.stop();
    expect(repo.recentHistory({ chatId: -300, limit: 100 }).map((entry) => entry.jobId)).toEqual(['save_-300_4', 'save_-300_3']);
  });
});

describe('the per-user cap', () => {
  it('counts the queued and running saves of a user, and nothing for a job that has its row already', () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    const queued = addSave(repo, -500, 0, 3, 'queued');
    addSave(repo, -500, 1, 2, 'running');
    addSave(repo, -500, 2, 1, 'saved');
    expect(unfinishedSavesBeforeQueueing(db.db, 8001, 'save_-500_new')).toBe(2);
    expect(unfinishedSavesBeforeQueueing(db.db, 8002, 'save_-500_new')).toBe(0);
    expect(unfinishedSavesBeforeQueueing(db.db, 8001, queued)).toBe(0); // a repeat queues nothing new
    expect(unfinishedSavesBeforeQueueing(db.db, 8001, 'save_-500_2')).toBe(0); // nor does an ended one
  });
});

describe('hot queries use indexes', () => {
  it('no query a save or a command runs scans saves or save_copy_items', () => {
    db = tempDatabase();
    // Every statement the repositories prepare, recorded before any is prepared (they are cached).
    const statements = new Set<string>();
    const prepare = db.sqlite.prepare.bind(db.sqlite);
    db.sqlite.prepare = ((source: string) => {
      statements.add(source);
      return prepare(source);
    }) as typeof db.sqlite.prepare;
    const repo = createSavesRepo(db.db);
    for (let n = 0; n < 3; n++) addSave(repo, -400, n, 10 - n, n === 2 ? 'queued' : 'saved');

    // The hot paths: the per-user cap, /history (per chat and per user), the in-flight claim,
    // the copy ledger, the status message lookups, "saved before", the cached target folder.
    countUnfinishedSaves(db.db, 8001);
    unfinishedSavesBeforeQueueing(db.db, 8001, 'save_-400_9');
    repo.recentHistory({ chatId: -400 });
    repo.recentHistory({ telegramUserId: 8001 });
    repo.claimInFlight('save_-400_2', 'k-400/2');
    repo.get('save_-400_2');
    repo.items('save_-400_2');
    repo.markSent('save_-400_2', ['f-400_2_0']);
    repo.recordResults('save_-400_2', [{ sourceFileId: 'f-400_2_0', state: 'copied' }]);
    repo.byStatusMessage(-400, 1);
    repo.latestByStatusMessage(-400, 1);
    repo.queuedInChatSince(-400, Date.now() - 3_600_000);
    repo.findPreviousSave({ accountId: 1, aliyunUserId: 'u1' }, 'S-400x0', 'root');
    repo.findKnownTargetFolder({ accountId: 1, aliyunUserId: 'u1' }, '/Saves');

    const scans: string[] = [];
    for (const source of [...statements]) {
      if (!/\b(saves|save_copy_items)\b/.test(source) || /^\s*insert/i.test(source)) continue;
      const params = Array.from(source.matchAll(/\?/g), () => null);
      const plan = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as Array<{ detail: string }>;
      for (const { detail } of plan) if (/^SCAN (saves|save_copy_items)\b/.test(detail)) scans.push(`${detail}  ←  ${source}`);
    }
    expect(statements.size).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  });
});
