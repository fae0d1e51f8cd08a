/**
 * The save notifier on a bare grammY `Api` (as in the worker process) against the Telegram
 * fake: one status message edited along, repeats skipped, Telegram's refusals swallowed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi } from '../../src/bot/api-config.js';
import { createPendingStore, type PendingStore } from '../../src/bot/saving/pending.js';
import { createSaveNotifier } from '../../src/bot/saving/save-notifier.js';
import { StatusMessages } from '../../src/bot/saving/status-messages.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import type { SaveNotifier } from '../../src/jobs/save-outcome.js';
import { saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { createLogger } from '../../src/logger.js';
import { startTelegramFake, type TelegramFake } from '../../src/sim/telegram/index.js';
import { holdEdits } from '../helpers/hold-edits.js';

const USER = { id: 7_100_001, first_name: 'Nora' };

describe('save notifier', () => {
  let tg: TelegramFake;
  let dir: string;
  let database: DatabaseHandle;
  let pending: PendingStore;
  let notifier: SaveNotifier;
  let statusMessages: StatusMessages;
  let api: Api;
  let warnings: string[];

  beforeEach(async () => {
    tg = await startTelegramFake({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'asb-notifier-'));
    database = openDatabase(join(dir, 'bot.sqlite'));
    pending = createPendingStore(database.db);
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
    configureApi(api, { maxRetryAttempts: 2, maxDelaySeconds: 2 });
    warnings = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().split('\n')) if (line.includes('"level":40')) warnings.push(line);
        callback();
      },
    });
    statusMessages = new StatusMessages({ saves: createSavesRepo(database.db), pollMs: 5 });
    notifier = createSaveNotifier({ api, pending, statusMessages, logger: createLogger('warn', sink), minEditIntervalMs: 0 });
  });

  afterEach(async () => {
    await tg.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A private chat's job: it always has a status message. */
  async function statusJob(): Promise<SaveShareJob & { statusMessageId: number }> {
    const source = tg.sendMessage({ from: USER, text: 'https://www.alipan.com/s/AbCdEfGh123' });
    const status = await api.sendMessage(USER.id, '⏳ Queued');
    return {
      chatId: USER.id,
      sourceMessageId: source.message_id,
      statusMessageId: status.message_id,
      requestedBy: USER.id,
      accountId: 1,
      shareId: 'AbCdEfGh123',
      targetPath: '/Saves',
      lang: 'en',
    };
  }

  it('edits one message from opening to copying to saved, skipping repeats', async () => {
    const job = await statusJob();
    await notifier.progress(job, { stage: 'opening' });
    await notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 1, total: 4 });
    await notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 1, total: 4 });
    await notifier.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 4 });
    const status = tg.message(USER.id, job.statusMessageId)!;
    expect(status.versions).toEqual(['⏳ Queued', '🔍 Opening share AbCdEfGh123…', '📥 Saving 「Show」: 1/4']);
    expect(status.plainText).toBe('✅ 「Show」 saved to /Saves (4 files)');
    expect(tg.calls('editMessageText')).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  it('treats "message is not modified" as success and survives a deleted status message', async () => {
    const job = await statusJob();
    const outcome = { kind: 'failed', reason: 'expired' } as const;
    await notifier.outcome(job, outcome);
    await notifier.outcome(job, outcome);
    expect(tg.calls('editMessageText').at(-1)?.error?.description).toMatch(/not modified/);
    expect(warnings).toEqual([]);

    await api.deleteMessage(USER.id, job.statusMessageId);
    // Progress for a deleted message is dropped; the outcome is told anew, once, under the source.
    await notifier.progress(job, { stage: 'copying', shareName: 'Gone', done: 1, total: 2 });
    await expect(notifier.outcome(job, { kind: 'failed', reason: 'busy' })).resolves.toBeUndefined();
    const resent = tg.botMessages(USER.id).filter((m) => m.replyToMessageId === job.sourceMessageId && !m.deleted);
    expect(resent.map((m) => m.plainText)).toEqual([expect.stringContaining('too busy') as string]);
    expect(warnings).toEqual([]);
  });

  it('a "log in again" outcome waits for the login; a "you logged out" one does not', async () => {
    const job = await statusJob();
    await notifier.outcome(job, { kind: 'failed', reason: 'logged_out', shareName: 'Film' });
    expect(tg.message(USER.id, job.statusMessageId)?.plainText).toContain('You logged out');
    expect(pending.login.get(USER.id)).toEqual([]);

    const second = await statusJob();
    await notifier.outcome(second, { kind: 'failed', reason: 'relogin' });
    expect(pending.login.get(USER.id).flatMap((w) => w.links.map((l) => l.shareId))).toEqual(['AbCdEfGh123']);
  });

  it('a password outcome remembers the share for the next message; a duplicate offers "save again"', async () => {
    const job = await statusJob();
    await notifier.outcome(job, { kind: 'failed', reason: 'missing_password', shareName: 'Locked' });
    expect(pending.password.get(USER.id, USER.id)).toEqual({ shareId: 'AbCdEfGh123', statusMessageId: job.statusMessageId });
    expect(tg.message(USER.id, job.statusMessageId)?.plainText).toContain('「Locked」 needs a password');

    const second = await statusJob();
    await notifier.outcome(second, { kind: 'duplicate', shareName: 'Seen', targetPath: '/Saves', savedAt: Date.UTC(2024, 0, 2, 4, 5) });
    const view = tg.message(USER.id, second.statusMessageId)!;
    expect(view.plainText).toContain('already saved to /Saves on 2024-01-02 12:05');
    expect(view.buttons.flat().map((b) => b.callbackData)).toEqual([`again:${second.statusMessageId}`]);
    expect(pending.again.take(USER.id, second.statusMessageId)?.shareId).toBe('AbCdEfGh123');
  });

  it('while an edit is held up, later progress waits and is replaced by newer news; the outcome lands last, and progress not yet sent is dropped', async () => {
    const job = await statusJob();
    const telegram = holdEdits(api);
    void notifier.progress(job, { stage: 'opening' });
    await expect.poll(() => telegram.inFlight()).toBe(1);
    // The caller is not held up: these return at once and queue behind the edit in flight.
    const copying1 = notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 1, total: 4 });
    const copying2 = notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 2, total: 4 });
    const saved = notifier.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 4 });
    // A late progress report must not overwrite the outcome waiting to go out.
    const late = notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 3, total: 4 });
    telegram.release();
    await Promise.all([copying1, copying2, saved, late]);

    const status = tg.message(USER.id, job.statusMessageId)!;
    // The held edit had not reached Telegram when the outcome came: it gave way (#20).
    expect(status.versions).toEqual(['⏳ Queued']);
    expect(status.plainText).toBe('✅ 「Show」 saved to /Saves (4 files)');
    expect(tg.calls('editMessageText')).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('an outcome edit cut off on the way is made again until it lands (#20: an outcome is never dropped)', async () => {
    const job = await statusJob();
    tg.failNext('editMessageText', { status: 'drop' }, 2);
    await notifier.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 4 });
    expect(tg.message(USER.id, job.statusMessageId)?.plainText).toBe('✅ 「Show」 saved to /Saves (4 files)');
    expect(tg.calls('editMessageText').map((c) => c.status)).toEqual([0, 0, 200]);
    expect(tg.botMessages(USER.id)).toHaveLength(1);
  });

  it('a progress report that comes after the outcome does not cover it', async () => {
    const job = await statusJob();
    await notifier.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 4 });
    await notifier.progress(job, { stage: 'copying', shareName: 'Show', done: 4, total: 4 });
    expect(tg.message(USER.id, job.statusMessageId)?.plainText).toBe('✅ 「Show」 saved to /Saves (4 files)');
    expect(tg.calls('editMessageText')).toHaveLength(1);
  });

  describe('with edits paced (as in production)', () => {
    let paced: SaveNotifier;
    beforeEach(() => {
      paced = createSaveNotifier({ api, pending, statusMessages, logger: createLogger('warn'), minEditIntervalMs: 200 });
    });

    it('a save done within the interval goes from "queued" straight to its outcome: one edit', async () => {
      const job = await statusJob();
      await paced.progress(job, { stage: 'opening' });
      await paced.progress(job, { stage: 'copying', shareName: 'Show', done: 1, total: 1 });
      await paced.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tg.message(USER.id, job.statusMessageId)?.versions).toEqual(['⏳ Queued']);
      expect(tg.calls('editMessageText')).toHaveLength(1);
    });

    it('a longer save shows the latest progress once the interval is over, then its outcome', async () => {
      const job = await statusJob();
      await paced.progress(job, { stage: 'opening' });
      await paced.progress(job, { stage: 'copying', shareName: 'Show', done: 1, total: 4 });
      await expect.poll(() => tg.message(USER.id, job.statusMessageId)?.plainText, { timeout: 1000 }).toBe('📥 Saving 「Show」: 1/4');
      await paced.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 4 });
      const status = tg.message(USER.id, job.statusMessageId)!;
      expect(status.versions).toEqual(['⏳ Queued', '📥 Saving 「Show」: 1/4']);
      expect(status.plainText).toBe('✅ 「Show」 saved to /Saves (4 files)');
    });
  });

  it('edits of different status messages do not wait for each other', async () => {
    const first = await statusJob();
    const second = await statusJob();
    const telegram = holdEdits(api);
    void notifier.progress(first, { stage: 'opening' });
    void notifier.progress(second, { stage: 'opening' });
    await expect.poll(() => telegram.inFlight()).toBe(2);
    telegram.release();
    await expect.poll(() => tg.calls('editMessageText').length).toBe(2);
    await Promise.all([
      notifier.outcome(first, { kind: 'failed', reason: 'expired' }),
      notifier.outcome(second, { kind: 'saved', shareName: 'Two', targetPath: '/Saves', items: 1 }),
    ]);
    expect(tg.message(USER.id, first.statusMessageId)?.versions.at(-1)).toBe('🔍 Opening share AbCdEfGh123…');
    expect(tg.message(USER.id, second.statusMessageId)?.plainText).toContain('「Two」');
  });
  /** A job queued before its status message was sent (as the bot queues private saves), with its row. */
  function followingJob(): SaveShareJob {
    const source = tg.sendMessage({ from: USER, text: 'https://www.alipan.com/s/AbCdEfGh123' });
    const job: SaveShareJob = {
      chatId: USER.id,
      sourceMessageId: source.message_id,
      statusMessageFollows: true,
      requestedBy: USER.id,
      accountId: 1,
      shareId: 'AbCdEfGh123',
      targetPath: '/Saves',
      lang: 'en',
    };
    createSavesRepo(database.db).createQueued({
      jobId: saveJobId(job),
      accountId: null,
      telegramUserId: USER.id,
      chatId: USER.id,
      statusMessageId: null,
      shareId: job.shareId,
      folderId: 'root',
      targetPath: job.targetPath,
    });
    return job;
  }

  it('a save that ends while its status message is on its way: the outcome waits for the message and lands on it; progress waiting for it is dropped', async () => {
    const job = followingJob();
    const sender = statusMessages.expect(saveJobId(job));
    const opening = notifier.progress(job, { stage: 'opening' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const saved = notifier.outcome(job, { kind: 'saved', shareName: 'Show', targetPath: '/Saves', items: 1, files: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tg.calls('editMessageText')).toHaveLength(0);

    const status = await api.sendMessage(USER.id, '⏳ Queued');
    sender.settle(status.message_id);
    await Promise.all([opening, saved]);
    const shown = tg.message(USER.id, status.message_id)!;
    expect(shown.versions).toEqual(['⏳ Queued']);
    expect(shown.plainText).toBe('✅ 「Show」 saved to /Saves (1 file)');
    // The row names it, so "share it" and /history find the save by it.
    expect(createSavesRepo(database.db).get(saveJobId(job))?.statusMessageId).toBe(status.message_id);
    expect(shown.buttons.flat().map((b) => b.callbackData)).toEqual([`sh:saved:${status.message_id}`, `follow:${status.message_id}`]);
  });

  it('a worker in another process finds the status message on the save\'s row', async () => {
    const job = followingJob();
    const bot = new StatusMessages({ saves: createSavesRepo(database.db) });
    const sender = bot.expect(saveJobId(job));
    // This notifier's board never heard of the job: it reads the row until the bot records it.
    const saved = notifier.outcome(job, { kind: 'failed', reason: 'expired', shareName: 'Old' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const status = await api.sendMessage(USER.id, '⏳ Queued');
    sender.settle(status.message_id);
    await saved;
    expect(tg.message(USER.id, status.message_id)?.plainText).toContain('「Old」');
    expect(tg.botMessages(USER.id)).toHaveLength(1);
  });

  it('a status message Telegram never took: the outcome comes as a new message, and a password is taken from a reply to it', async () => {
    const job = followingJob();
    statusMessages.expect(saveJobId(job)).settle(undefined);
    await notifier.progress(job, { stage: 'opening' });
    await notifier.outcome(job, { kind: 'failed', reason: 'missing_password', shareName: 'Locked' });
    expect(tg.calls('editMessageText')).toHaveLength(0);
    const told = tg.botMessages(USER.id);
    expect(told.map((m) => [m.replyToMessageId, m.plainText])).toEqual([[job.sourceMessageId, expect.stringContaining('「Locked」 needs a password')]]);
    expect(pending.password.get(USER.id, USER.id)).toEqual({ shareId: 'AbCdEfGh123', statusMessageId: told[0]!.messageId });
  });

  it('gives up waiting for a status message nobody records, and still tells the outcome once', async () => {
    const job = followingJob();
    const impatient = createSaveNotifier({
      api,
      pending,
      statusMessages: new StatusMessages({ saves: createSavesRepo(database.db), waitMs: 100, pollMs: 10 }),
      logger: createLogger('warn'),
      minEditIntervalMs: 0,
    });
    await impatient.outcome(job, { kind: 'duplicate', shareName: 'Seen', targetPath: '/Saves', savedAt: Date.UTC(2024, 0, 2, 4, 5) });
    const told = tg.botMessages(USER.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.plainText).toContain('already saved to /Saves');
    // "Save again" still works: keyed by the user's message.
    expect(told[0]?.buttons.flat().map((b) => b.callbackData)).toEqual([`again:${job.sourceMessageId}`]);
    expect(pending.again.take(USER.id, job.sourceMessageId)?.shareId).toBe('AbCdEfGh123');
  });
});
