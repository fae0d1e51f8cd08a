import { afterEach, describe, expect, it } from 'vitest';
import { createKvRepo, createKvStorage } from '../../src/db/kv.repo.js';
import { tempDatabase } from './temp-db.js';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

describe('key/value storage', () => {
  it('stores, overwrites and deletes strings', () => {
    db = tempDatabase();
    const kv = createKvRepo(db.db);
    expect(kv.get('a')).toBeUndefined();
    kv.set('a', '1');
    kv.set('a', '2');
    expect(kv.get('a')).toBe('2');
    kv.delete('a');
    expect(kv.get('a')).toBeUndefined();
  });

  it('a claim holds until it expires, then the next one wins (one operator alert a day)', () => {
    db = tempDatabase();
    const kv = createKvRepo(db.db);
    const day = 24 * 60 * 60_000;
    const t0 = 1_000_000;
    expect(kv.claimUntil('alert:x', t0 + day, t0)).toBe(true);
    expect(kv.claimUntil('alert:x', t0 + 2 * day, t0 + 1)).toBe(false);
    expect(kv.claimUntil('alert:x', t0 + 2 * day, t0 + day - 1)).toBe(false);
    // Another key is its own claim.
    expect(kv.claimUntil('alert:y', t0 + day, t0 + 1)).toBe(true);
    expect(kv.claimUntil('alert:x', t0 + 2 * day, t0 + day)).toBe(true);
    expect(kv.claimUntil('alert:x', t0 + 3 * day, t0 + day + 1)).toBe(false);
    // A value that is not a claim does not block one.
    kv.set('alert:z', 'not json');
    expect(kv.claimUntil('alert:z', t0 + day, t0)).toBe(true);
  });

  it('is a grammY storage adapter: JSON values survive a restart', () => {
    db = tempDatabase();
    type Session = { step: string; folders: string[] };
    const storage = createKvStorage<Session>(db.db, { prefix: 'session:' });
    expect(storage.read('42')).toBeUndefined();
    expect(storage.has('42')).toBe(false);
    storage.write('42', { step: 'pick-folder', folders: ['/Saves', '/电影'] });
    expect(storage.has('42')).toBe(true);

    const afterRestart = createKvStorage<Session>(db.reopen().db, { prefix: 'session:' });
    expect(afterRestart.read('42')).toEqual({ step: 'pick-folder', folders: ['/Saves', '/电影'] });
    afterRestart.delete('42');
    expect(storage.read('42')).toBeUndefined();
  });

  it('keeps prefixes apart, case-sensitively', () => {
    db = tempDatabase();
    const sessions = createKvStorage<number>(db.db, { prefix: 'session:' });
    const conversations = createKvStorage<number>(db.db, { prefix: 'conv:' });
    const shouting = createKvStorage<number>(db.db, { prefix: 'SESSION:' });
    sessions.write('1', 1);
    sessions.write('2', 2);
    conversations.write('1', 10);
    shouting.write('9', 9);
    expect(conversations.read('1')).toBe(10);
    expect(sessions.read('1')).toBe(1);
    expect([...sessions.readAllKeys()]).toEqual(['1', '2']);
    expect([...conversations.readAllKeys()]).toEqual(['1']);
  });
});
