/**
 * What /history and /stats read: a user's and a chat's saves, newest first, and failures by kind.
 * Real SQLite file, the repository the pipeline writes through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createSavesRepo, type SavesRepo } from '../../src/db/saves.repo.js';

describe('save history and stats', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let saves: SavesRepo;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-saves-'));
    handle = openDatabase(join(dir, 'bot.sqlite'));
    saves = createSavesRepo(handle.db);
  });
  afterEach(() => {
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const queue = (n: number, user: number, chat: number) =>
    saves.createQueued({
      jobId: `save_${chat}_${n}_share${n}_all`,
      accountId: null, // no linked account needed to keep history
      telegramUserId: user,
      chatId: chat,
      statusMessageId: n + 1,
      shareId: `share${n}`,
      folderId: 'root',
      targetPath: '/Saves',
    }).row.jobId;

  it('lists a user\'s saves newest first, and a group\'s saves by anyone in it', () => {
    const a = queue(1, 10, 10);
    const b = queue(2, 10, -100);
    const c = queue(3, 11, -100);
    saves.finish(a, { state: 'saved', filesCopied: 3, filesTotal: 3, shareName: 'first' });
    saves.finish(b, { state: 'failed', failureKind: 'expired' });

    expect(saves.recentHistory({ telegramUserId: 10 }).map((e) => e.jobId)).toEqual([b, a]);
    expect(saves.recentHistory({ chatId: -100 }).map((e) => [e.jobId, e.state])).toEqual([
      [c, 'queued'],
      [b, 'failed'],
    ]);
    expect(saves.recentHistory({ telegramUserId: 10, limit: 1 })).toHaveLength(1);
    expect(saves.recentHistory({ telegramUserId: 10 }).at(-1)).toMatchObject({ shareName: 'first', filesCopied: 3, filesTotal: 3 });
  });

  it('an outcome is recorded once: a second finish changes nothing', () => {
    const a = queue(1, 10, 10);
    expect(saves.finish(a, { state: 'saved' })).toBe(true);
    expect(saves.finish(a, { state: 'failed', failureKind: 'busy' })).toBe(false);
    expect(saves.get(a)).toMatchObject({ state: 'saved', failureKind: null });
  });

  it('counts saves since a time by state, and failures by kind', () => {
    const since = Date.now() - 1000;
    const ids = [1, 2, 3, 4, 5].map((n) => queue(n, 10, 10));
    saves.finish(ids[0] as string, { state: 'saved' });
    saves.finish(ids[1] as string, { state: 'failed', failureKind: 'wrong_password' });
    saves.finish(ids[2] as string, { state: 'failed', failureKind: 'wrong_password' });
    saves.finish(ids[3] as string, { state: 'failed', failureKind: 'drive_full' });

    expect(saves.stats(since)).toEqual({
      total: 5,
      byState: { saved: 1, failed: 3, queued: 1 },
      failuresByKind: { wrong_password: 2, drive_full: 1 },
    });
    expect(saves.stats(Date.now() + 60_000).total).toBe(0);
  });
});
