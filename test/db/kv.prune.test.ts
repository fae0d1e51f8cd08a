/**
 * The key/value table is written by several owners (pending waits, the share-list cache,
 * conversation state, group notices); pruning must remove what is dead and nothing else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPendingStore } from '../../src/bot/saving/pending.js';
import { createShareListCache } from '../../src/bot/share-links/list-cache.js';
import { createKvRepo, createKvStorage, KV_MAX_AGE_MS, pruneKvTask } from '../../src/db/kv.repo.js';
import { createLogger } from '../../src/logger.js';
import { startMaintenance } from '../../src/maintenance.js';
import type { SaveShareJob } from '../../src/jobs/save-share.job.js';
import { tempDatabase } from './temp-db.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

/** Fills the table the way the bot does, all written at about `Date.now()`. */
function fill(handle: ReturnType<typeof tempDatabase>) {
  const start = Date.now();
  const pending = createPendingStore(handle.db, () => start);
  pending.password.set(1, 7, { shareId: 'pw-share', statusMessageId: 10 });
  const job: SaveShareJob = { chatId: 1, sourceMessageId: 5, requestedBy: 7, accountId: 3, shareId: 'again-share', password: 'secret', targetPath: '/Saves' };
  pending.again.set(1, 11, job);
  pending.refused.add(99);
  createShareListCache(handle.db, () => start).set(7, { accountId: 3, fetchedAt: start, shares: [] });
  createKvStorage<{ step: string }>(handle.db, { prefix: 'conversation:' }).write('1', { step: 'pick-folder' });
  const kv = createKvRepo(handle.db);
  kv.set('group:paused:-100', String(start));
  kv.set('group:limit-noticed:-100', String(start));
  kv.set('pending:login:unreadable', '{not json');
  kv.set('PENDING:shouting', JSON.stringify({ note: 'another prefix: case matters' }));
  return { start, kv };
}

describe('pruning the key/value table', () => {
  it('drops rows whose stored expiry has passed, and nothing younger than its prefix age', () => {
    db = tempDatabase();
    const { start, kv } = fill(db);
    const all = kv.keys('');
    expect(all).toHaveLength(9);

    expect(kv.pruneExpired(start)).toBe(0);
    expect(kv.pruneExpired(start + 31 * MINUTE)).toBe(1); // the password wait (30 min)
    expect(kv.keys('pending:password:')).toEqual([]);
    expect(createPendingStore(db.db, () => start).again.take(1, 11)).toBeDefined(); // a "save again" lasts a day
  });

  it('drops what is a day old: "save again" jobs (with their password), list caches, hourly notices, unreadable waits', () => {
    db = tempDatabase();
    const { start, kv } = fill(db);
    const deleted = kv.pruneExpired(start + DAY + MINUTE);
    expect(deleted).toBe(5);
    expect(kv.keys('pending:')).toEqual([]);
    expect(kv.keys('myshares:list:')).toEqual([]);
    expect(kv.keys('group:limit-noticed:')).toEqual([]);
    expect(kv.keys('conversation:')).toEqual(['conversation:1']);
    expect(kv.keys('access:refused:')).toEqual(['access:refused:99']); // its own expiry is a year away
    expect(kv.keys('group:paused:')).toEqual(['group:paused:-100']); // no age: kept until cleared
    expect(kv.keys('PENDING:')).toEqual(['PENDING:shouting']);
  });

  it('drops conversation state untouched for a week, and keeps rows with no expiry and no prefix age', () => {
    db = tempDatabase();
    const { start, kv } = fill(db);
    expect(kv.pruneExpired(start + 7 * DAY - MINUTE)).toBe(5);
    expect(kv.keys('conversation:')).toEqual(['conversation:1']);
    expect(kv.pruneExpired(start + 7 * DAY + MINUTE)).toBe(1);
    expect(kv.keys('')).toEqual(['PENDING:shouting', 'access:refused:99', 'group:paused:-100']);
    expect(kv.pruneExpired(start + 366 * DAY)).toBe(1);
    expect(kv.keys('')).toEqual(['PENDING:shouting', 'group:paused:-100']);
  });

  it('a row judged by age goes once its prefix age has passed since its last write', () => {
    db = tempDatabase();
    const kv = createKvRepo(db.db);
    kv.set('myshares:list:5', '{"accountId":1,"fetchedAt":0,"shares":[]}');
    const later = Date.now() + DAY - MINUTE;
    expect(kv.pruneExpired(later)).toBe(0);
    expect(kv.pruneExpired(later + 2 * MINUTE)).toBe(1);
    expect(kv.get('myshares:list:5')).toBeUndefined();
  });

  it('documents prefixes that do not overlap', () => {
    const prefixes = Object.keys(KV_MAX_AGE_MS);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(a.startsWith(b)).toBe(false);
  });

  it('runs as a maintenance task', async () => {
    db = tempDatabase();
    const { start, kv } = fill(db);
    const maintenance = startMaintenance({ db: db.db, logger: createLogger('silent'), tasks: [pruneKvTask], now: () => start + 8 * DAY });
    await maintenance.runOnce();
    await maintenance.stop();
    expect(kv.keys('')).toEqual(['PENDING:shouting', 'access:refused:99', 'group:paused:-100']);
  });
});
