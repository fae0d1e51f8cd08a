/**
 * The saves repository's reads for the bot: the saves behind a status message, and a chat's
 * recent saves (the hourly limit). Writes and the exactly-once record are tested with the
 * save pipeline in test/jobs.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createSavesRepo, type NewSave } from '../../src/db/saves.repo.js';
import { saves } from '../../src/db/schema/index.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

function newSave(n: number, fields: Partial<NewSave> = {}): NewSave {
  return {
    jobId: `save_job_${n}`,
    accountId: null,
    telegramUserId: 7001,
    chatId: -1001,
    statusMessageId: 50,
    shareId: `Share${n}`,
    folderId: 'root',
    targetPath: '/Club',
    ...fields,
  };
}

describe('saves repository: reads for the bot', () => {
  it('finds the saves behind one status message, oldest first, and the newest of them', () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    repo.createQueued(newSave(1));
    repo.createQueued(newSave(2, { chatId: -1002 })); // same message id, another chat
    repo.createQueued(newSave(3, { statusMessageId: 51 }));
    repo.createQueued(newSave(4));
    repo.createQueued(newSave(5, { statusMessageId: null })); // quiet mode: no status message

    expect(repo.byStatusMessage(-1001, 50).map((row) => row.jobId)).toEqual(['save_job_1', 'save_job_4']);
    expect(repo.latestByStatusMessage(-1001, 50)?.jobId).toBe('save_job_4');
    expect(repo.byStatusMessage(-1001, 52)).toEqual([]);
    expect(repo.latestByStatusMessage(-1001, 52)).toBeUndefined();
  });

  it('counts a chat’s saves queued since a moment, and says when the oldest of them was', () => {
    db = tempDatabase();
    const repo = createSavesRepo(db.db);
    expect(repo.queuedInChatSince(-1001, 0)).toEqual({ count: 0, oldestAt: null });
    for (const [n, createdAt] of [[1, 1_000], [2, 5_000], [3, 9_000]] as const) {
      repo.createQueued(newSave(n));
      db.db.update(saves).set({ createdAt }).where(eq(saves.jobId, `save_job_${n}`)).run();
    }
    repo.createQueued(newSave(4, { chatId: -1002 }));
    expect(repo.queuedInChatSince(-1001, 5_000)).toEqual({ count: 2, oldestAt: 5_000 });
    expect(repo.queuedInChatSince(-1001, 0)).toEqual({ count: 3, oldestAt: 1_000 });
    expect(repo.queuedInChatSince(-1001, 9_001)).toEqual({ count: 0, oldestAt: null });
  });
});
