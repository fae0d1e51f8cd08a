/**
 * Which save of a share is "the one in flight", as the database keeps it: one holder per
 * (account, share, folder, chosen files), given up when the save ends or goes quiet for hours —
 * even with the bot and a worker process writing the same SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createSavesRepo, type NewSave, type SavesRepo } from '../../src/db/saves.repo.js';
import { saveInFlightKey } from '../../src/jobs/save-share.job.js';

describe('saves in flight', () => {
  let dir: string;
  let bot: DatabaseHandle;
  let worker: DatabaseHandle;
  let saves: SavesRepo;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-in-flight-'));
    bot = openDatabase(join(dir, 'bot.sqlite'));
    worker = openDatabase(join(dir, 'bot.sqlite')); // a second process on the same file
    saves = createSavesRepo(bot.db);
  });
  afterEach(() => {
    bot.close();
    worker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const key = saveInFlightKey({ accountId: 7, shareId: 'ShareAbc123' });
  const request = (n: number, inFlightKey: string | null = key): NewSave => ({
    jobId: `save_10_${n}_ShareAbc123_all`,
    accountId: null,
    telegramUserId: 10,
    chatId: 10,
    statusMessageId: n + 1,
    shareId: 'ShareAbc123',
    folderId: 'root',
    targetPath: '/Saves',
    inFlightKey,
  });

  it('the first request holds the share; the next one does not until the first has ended', () => {
    const first = saves.createQueued(request(1)).row;
    const second = createSavesRepo(worker.db).createQueued(request(2)).row;
    expect([first.inFlightKey, second.inFlightKey]).toEqual([key, null]);

    expect(createSavesRepo(worker.db).claimInFlight(second.jobId, key)).toMatchObject({ claimed: false, holder: { jobId: first.jobId } });
    expect(saves.claimInFlight(first.jobId, key)).toEqual({ claimed: true }); // the holder again: still its own

    saves.finish(first.jobId, { state: 'saved' });
    expect(createSavesRepo(worker.db).claimInFlight(second.jobId, key)).toEqual({ claimed: true });
    expect(saves.get(second.jobId)?.inFlightKey).toBe(key);
  });

  it('a holder quiet for longer than the stale bound gives the share up to the next save', () => {
    const quiet = saves.createQueued(request(1)).row;
    const next = saves.createQueued(request(2)).row;
    expect(saves.claimInFlight(next.jobId, key, quiet.updatedAt - 1)).toMatchObject({ claimed: false });
    expect(saves.claimInFlight(next.jobId, key, quiet.updatedAt + 1)).toEqual({ claimed: true, tookOverFrom: quiet.jobId });
    expect(saves.get(quiet.jobId)?.inFlightKey).toBeNull();
  });

  it('the database itself refuses a second holder of one share', () => {
    saves.createQueued(request(1));
    const second = saves.createQueued(request(2)).row;
    expect(() => worker.sqlite.prepare('UPDATE saves SET in_flight_key = ? WHERE job_id = ?').run(key, second.jobId)).toThrow(/UNIQUE/);
  });

  it('the key tells apart accounts, folders and choices of files, but not the order files were chosen in', () => {
    const all = saveInFlightKey({ accountId: 7, shareId: 'S1' });
    expect(saveInFlightKey({ accountId: 8, shareId: 'S1' })).not.toBe(all);
    expect(saveInFlightKey({ accountId: 7, shareId: 'S1', folderId: 'f1' })).not.toBe(all);
    expect(saveInFlightKey({ accountId: 7, shareId: 'S1', fileIds: [] })).toBe(all);
    const ab = saveInFlightKey({ accountId: 7, shareId: 'S1', fileIds: ['a', 'b'] });
    expect(ab).not.toBe(all);
    expect(saveInFlightKey({ accountId: 7, shareId: 'S1', fileIds: ['b', 'a', 'a'] })).toBe(ab);
    expect(saveInFlightKey({ accountId: 7, shareId: 'S1', fileIds: ['a'] })).not.toBe(ab);
  });
});
