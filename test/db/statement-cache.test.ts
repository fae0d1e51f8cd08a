/**
 * The statement cache under drizzle: a query run again reuses its prepared statement, and a
 * statement drizzle put in raw (array) mode answers with objects for the next caller.
 */
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createKvRepo } from '../../src/db/kv.repo.js';
import { schema } from '../../src/db/index.js';
import { cacheStatements } from '../../src/db/statement-cache.js';
import { tempDatabase } from './temp-db.js';

describe('statement cache', () => {
  let db: ReturnType<typeof tempDatabase> | undefined;
  afterEach(() => {
    db?.dispose();
    db = undefined;
  });

  it('reuses the statement of a query run again, and the results stay right', () => {
    db = tempDatabase();
    const kv = createKvRepo(db.db);
    kv.set('a', '1');
    kv.set('b', '2');
    const text = db.db.select({ value: schema.conversations.value }).from(schema.conversations).where(eq(schema.conversations.key, 'a')).toSQL().sql;
    expect(db.sqlite.prepare(text)).toBe(db.sqlite.prepare(text));
    expect(kv.get('a')).toBe('1');
    expect(kv.get('b')).toBe('2');
    expect(kv.get('missing')).toBeUndefined();
    kv.set('a', '3');
    expect(kv.get('a')).toBe('3');
  });

  it('a statement left in raw mode by drizzle answers the next plain caller with objects', () => {
    db = tempDatabase();
    createKvRepo(db.db).set('k', 'v');
    const select = db.db.select({ key: schema.conversations.key }).from(schema.conversations);
    expect(select.values()).toEqual([['k']]); // drizzle reads rows as arrays (raw mode)
    expect(db.sqlite.prepare(select.toSQL().sql).all()).toEqual([{ key: 'k' }]);
    expect(select.all()).toEqual([{ key: 'k' }]);
  });

  it('keeps only the most recently used statements', () => {
    const sqlite = new Database(':memory:');
    try {
      cacheStatements(sqlite, 2);
      const one = sqlite.prepare('select 1 as n');
      const two = sqlite.prepare('select 2 as n');
      expect(sqlite.prepare('select 1 as n')).toBe(one); // now the most recent
      sqlite.prepare('select 3 as n'); // drops "select 2"
      expect(sqlite.prepare('select 1 as n')).toBe(one);
      expect(sqlite.prepare('select 2 as n')).not.toBe(two);
      expect(sqlite.prepare('select 2 as n').get()).toEqual({ n: 2 });
    } finally {
      sqlite.close();
    }
  });
});
