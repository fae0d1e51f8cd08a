/**
 * StatusMessages hands a status message's id from the bot (which sends it beside the queued
 * save) to the notifier. Whatever goes wrong on the way, a save waiting for the id must not
 * wait forever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusMessages } from '../../src/bot/saving/status-messages.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';

const JOB_ID = 'save_42_7_AbCdEfGh123_all';

describe('status messages', () => {
  let dir: string;
  let database: DatabaseHandle;
  let closed = false;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asb-status-'));
    database = openDatabase(join(dir, 'bot.sqlite'));
    closed = false;
    createSavesRepo(database.db).createQueued({
      jobId: JOB_ID,
      accountId: null,
      telegramUserId: 42,
      chatId: 42,
      statusMessageId: null,
      shareId: 'AbCdEfGh123',
      folderId: 'root',
      targetPath: '/Saves',
    });
  });

  afterEach(() => {
    if (!closed) database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the id reaches a lookup made before it was sent, and the row records it', async () => {
    const board = new StatusMessages({ saves: createSavesRepo(database.db) });
    const sender = board.expect(JOB_ID);
    const looked = board.lookup(JOB_ID);
    sender.settle(501);
    await expect(looked).resolves.toBe(501);
    expect(createSavesRepo(database.db).get(JOB_ID)?.statusMessageId).toBe(501);
    // A second sender of the same job (an update delivered twice) changes nothing.
    board.expect(JOB_ID).settle(777);
    await expect(board.lookup(JOB_ID)).resolves.toBe(501);
  });

  it('a row that cannot be written still hands the id over in this process', async () => {
    const board = new StatusMessages({ saves: createSavesRepo(database.db) });
    const sender = board.expect(JOB_ID);
    const looked = board.lookup(JOB_ID);
    database.close();
    closed = true;
    expect(() => sender.settle(502)).toThrow();
    await expect(looked).resolves.toBe(502);
  });

  it('a sender that never answers is given up on, and the lookup says "no message"', async () => {
    const board = new StatusMessages({ saves: createSavesRepo(database.db), senderWaitMs: 100 });
    board.expect(JOB_ID);
    const started = Date.now();
    await expect(board.lookup(JOB_ID)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('a dropped request names no message: lookups read the row instead', async () => {
    const board = new StatusMessages({ saves: createSavesRepo(database.db), waitMs: 60, pollMs: 10 });
    board.expect(JOB_ID).drop();
    await expect(board.lookup(JOB_ID)).resolves.toBeUndefined();
    createSavesRepo(database.db).setStatusMessage(JOB_ID, 600);
    await expect(board.lookup(JOB_ID)).resolves.toBe(600);
  });
});
