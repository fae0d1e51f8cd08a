/**
 * The group notifier on a bare grammY `Api` against the Telegram fake: a post's one status
 * message is rebuilt from its saves rows; while an edit is in flight the news of later reports
 * waits, merged per job, and a job's outcome is never overwritten by its own stale progress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi } from '../../src/bot/api-config.js';
import { createChatSaveNotifier } from '../../src/bot/groups/group-notifier.js';
import { createPendingStore } from '../../src/bot/saving/pending.js';
import { StatusMessages } from '../../src/bot/saving/status-messages.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import type { SaveNotifier } from '../../src/jobs/save-outcome.js';
import { saveInFlightKey, saveJobId, type SaveShareJob } from '../../src/jobs/save-share.job.js';
import { startTelegramFake, type TelegramFake } from '../../src/sim/telegram/index.js';
import { holdEdits } from '../helpers/hold-edits.js';

const USER = { id: 7_200_001, first_name: 'Gus' };

describe('group save notifier', () => {
  let tg: TelegramFake;
  let dir: string;
  let database: DatabaseHandle;
  let api: Api;
  let notifier: SaveNotifier;
  let closing: AbortController;

  beforeEach(async () => {
    tg = await startTelegramFake({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'asb-group-notifier-'));
    database = openDatabase(join(dir, 'bot.sqlite'));
    api = new Api(tg.token, { apiRoot: tg.apiRoot });
    configureApi(api, { maxRetryAttempts: 2, maxDelaySeconds: 2 });
    closing = new AbortController();
    notifier = createChatSaveNotifier({
      closing: closing.signal,
      api,
      db: database.db,
      pending: createPendingStore(database.db),
      statusMessages: new StatusMessages({ saves: createSavesRepo(database.db) }),
      logger: pino({ level: 'silent' }), minEditIntervalMs: 0,
    });
  });

  afterEach(async () => {
    await tg.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two links of one post: edits go out in order, merged while one is in flight, outcomes last', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Saves' });
    const post = tg.sendMessage({ from: USER, chat: group.id, text: 'two links' });
    const status = await api.sendMessage(group.id, 'queued');
    const job = (shareId: string): SaveShareJob => ({
      chatId: group.id, sourceMessageId: post.message_id, statusMessageId: status.message_id, requestedBy: USER.id,
      accountId: 1, shareId, targetPath: '/G', lang: 'en',
    });
    const [a, b] = [job('AAAAAAAAAAA'), job('BBBBBBBBBBB')];
    const saves = createSavesRepo(database.db);
    for (const j of [a, b]) {
      saves.createQueued({
        jobId: saveJobId(j), accountId: null, telegramUserId: USER.id, chatId: j.chatId, statusMessageId: j.statusMessageId ?? null,
        shareId: j.shareId, folderId: 'root', targetPath: j.targetPath, inFlightKey: saveInFlightKey(j),
      });
    }

    const telegram = holdEdits(api);
    saves.markRunning(saveJobId(a));
    void notifier.progress(a, { stage: 'opening' });
    await expect.poll(() => telegram.inFlight()).toBe(1);
    // Queued behind the edit in flight, without waiting for it:
    saves.markRunning(saveJobId(b));
    const bOpening = notifier.progress(b, { stage: 'opening' });
    saves.finish(saveJobId(a), { state: 'saved', shareName: 'Alpha' });
    const aSaved = notifier.outcome(a, { kind: 'saved', shareName: 'Alpha', targetPath: '/G', items: 1 });
    const aLate = notifier.progress(a, { stage: 'copying', shareName: 'Alpha', done: 1, total: 2 }); // stale
    telegram.release();
    await Promise.all([bOpening, aSaved, aLate]);

    // The held progress edit had not reached Telegram when A's outcome came: it gave way (#20);
    // one edit carries both jobs' news: A saved, B opening.
    expect(tg.calls('editMessageText')).toHaveLength(1);
    const text = tg.message(group.id, status.message_id)?.plainText ?? '';
    expect(text).toContain('「Alpha」');
    expect(text).toContain('BBBBBBBBBBB');
    expect(text).not.toContain('1/2');

    saves.finish(saveJobId(b), { state: 'saved', shareName: 'Beta' });
    await notifier.outcome(b, { kind: 'saved', shareName: 'Beta', targetPath: '/G', items: 1 });
    expect(tg.message(group.id, status.message_id)?.plainText).toMatch(/Alpha[\s\S]*Beta/);
  });

  it('an outcome held by Telegram when the shutdown comes is not told: its row stays untold', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Held' });
    const saves = createSavesRepo(database.db);
    const post = tg.sendMessage({ from: USER, chat: group.id, text: 'links' });
    const status = await api.sendMessage(group.id, 'queued');
    const job = (shareId: string, extra: Partial<SaveShareJob> = {}): SaveShareJob => {
      const j: SaveShareJob = {
        chatId: group.id, sourceMessageId: post.message_id, statusMessageId: status.message_id, requestedBy: USER.id,
        accountId: 1, shareId, targetPath: '/G', lang: 'en', ...extra,
      };
      saves.createQueued({
        jobId: saveJobId(j), accountId: null, telegramUserId: USER.id, chatId: j.chatId, statusMessageId: j.statusMessageId ?? null,
        shareId: j.shareId, folderId: 'root', targetPath: j.targetPath, inFlightKey: saveInFlightKey(j),
      });
      saves.finishUntold(saveJobId(j), { state: 'saved', shareName: shareId }, 'x');
      return j;
    };
    const saved = (j: SaveShareJob) => notifier.outcome(j, { kind: 'saved', shareName: j.shareId, targetPath: '/G', items: 1 });
    const untold = () => saves.untoldSince(0, 10).map((row) => row.jobId).sort();

    // Two links of one post, and a quiet post's 👍: Telegram makes all of them wait an hour.
    tg.failNext('editMessageText', { status: 429, retryAfter: 3600 });
    tg.failNext('setMessageReaction', { status: 429, retryAfter: 3600 });
    const [a, b] = [job('AAAAAAAAAAA'), job('BBBBBBBBBBB')];
    const quiet = job('QQQQQQQQQQQ', { statusMessageId: undefined });
    const told = [saved(a), saved(b), saved(quiet)].map((p) => p.then(() => 'told', () => 'untold'));
    await expect.poll(() => tg.calls().filter((c) => c.injected).length).toBe(2);
    closing.abort();
    expect(await Promise.all(told)).toEqual(['untold', 'untold', 'untold']);
    expect(untold()).toEqual([a, b, quiet].map(saveJobId).sort());
    expect(tg.message(group.id, status.message_id)?.plainText).toBe('queued');
    expect(tg.message(group.id, post.message_id)?.reactions).toEqual([]);
  });

  it('an outcome Telegram refuses for good (message deleted, bot removed, reactions off) counts as told and is not tried again', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Refused' });
    const saves = createSavesRepo(database.db);
    const post = tg.sendMessage({ from: USER, chat: group.id, text: 'links' });
    const job = (shareId: string, statusMessageId: number | undefined): SaveShareJob => {
      const j: SaveShareJob = {
        chatId: group.id, sourceMessageId: post.message_id, requestedBy: USER.id,
        accountId: 1, shareId, targetPath: '/G', lang: 'en', ...(statusMessageId !== undefined ? { statusMessageId } : {}),
      };
      saves.createQueued({
        jobId: saveJobId(j), accountId: null, telegramUserId: USER.id, chatId: j.chatId, statusMessageId: statusMessageId ?? null,
        shareId: j.shareId, folderId: 'root', targetPath: j.targetPath, inFlightKey: saveInFlightKey(j),
      });
      saves.finishUntold(saveJobId(j), { state: 'saved', shareName: shareId }, 'x');
      return j;
    };
    const saved = (j: SaveShareJob) => notifier.outcome(j, { kind: 'saved', shareName: j.shareId, targetPath: '/G', items: 1 });

    const deleted = await api.sendMessage(group.id, 'queued');
    await api.deleteMessage(group.id, deleted.message_id);
    await saved(job('DDDDDDDDDDD', deleted.message_id));
    const kicked = await api.sendMessage(group.id, 'queued');
    tg.failNext('editMessageText', { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
    await saved(job('KKKKKKKKKKK', kicked.message_id));
    tg.failNext('setMessageReaction', { status: 400, description: 'Bad Request: REACTION_INVALID' });
    await saved(job('RRRRRRRRRRR', undefined));
    expect(saves.untoldSince(0, 10)).toEqual([]);
    expect(tg.calls('editMessageText')).toHaveLength(2);
    expect(tg.calls('setMessageReaction')).toHaveLength(1);
  });

  it('"saving is paused" held by Telegram when the shutdown comes stays untold, and is news again for the next notifier', async () => {
    const group = tg.addChat({ type: 'supergroup', title: 'Paused' });
    const saves = createSavesRepo(database.db);
    const post = tg.sendMessage({ from: USER, chat: group.id, text: 'a link' });
    const j: SaveShareJob = { chatId: group.id, sourceMessageId: post.message_id, requestedBy: USER.id, accountId: 1, shareId: 'PPPPPPPPPPP', targetPath: '/G', lang: 'en' };
    saves.createQueued({
      jobId: saveJobId(j), accountId: null, telegramUserId: USER.id, chatId: j.chatId, statusMessageId: null,
      shareId: j.shareId, folderId: 'root', targetPath: j.targetPath, inFlightKey: saveInFlightKey(j),
    });
    saves.finishUntold(saveJobId(j), { state: 'failed', failureKind: 'relogin' }, 'x');
    const relogin = { kind: 'failed', reason: 'relogin' } as const;

    tg.failNext('sendMessage', { status: 429, retryAfter: 3600 });
    const told = notifier.outcome(j, relogin).then(() => 'told', () => 'untold');
    await expect.poll(() => tg.calls('sendMessage').filter((c) => c.injected).length).toBe(1);
    closing.abort();
    expect(await told).toBe('untold');
    expect(saves.untoldSince(0, 10).map((row) => row.jobId)).toEqual([saveJobId(j)]);

    // The next bot (its own Api and flood gate) tells it.
    const next = new Api(tg.token, { apiRoot: tg.apiRoot });
    configureApi(next, { maxRetryAttempts: 2, maxDelaySeconds: 2 });
    const nextNotifier = createChatSaveNotifier({
      api: next, db: database.db, pending: createPendingStore(database.db),
      statusMessages: new StatusMessages({ saves }), logger: pino({ level: 'silent' }),
    });
    await nextNotifier.outcome(j, relogin);
    const replies = tg.botMessages(group.id).filter((m) => m.replyToMessageId === post.message_id);
    expect(replies.map((m) => m.plainText)).toEqual([expect.stringContaining('Saving is paused')]);
    expect(saves.untoldSince(0, 10)).toEqual([]);
  });
});
