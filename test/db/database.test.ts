import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { accounts, chatSettings, saveCopyItems, saves } from '../../src/db/schema/index.js';
import { tempDatabase } from './temp-db.js';

/** Every migration drizzle-kit generated, as its journal lists them. */
const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
const migrationCount = journal.entries.length;

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  db?.dispose();
  db = undefined;
});

const tableNames = (handle: { sqlite: import('better-sqlite3').Database }) =>
  (handle.sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map(
    (row) => row.name,
  );

describe('openDatabase', () => {
  it('keeps the folder 0700 and the files 0600, even when they were looser, and zeroes deleted rows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asb-db-modes-'));
    try {
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      const file = join(dataDir, 'bot.sqlite');
      writeFileSync(file, '');
      chmodSync(file, 0o644);
      const handle = openDatabase(file);
      try {
        handle.sqlite.prepare('CREATE TABLE t (x)').run(); // the WAL and shared-memory files exist now
        const mode = (path: string) => statSync(path).mode & 0o777;
        expect([mode(dataDir), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o700, 0o600, 0o600, 0o600]);
        expect(handle.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
      } finally {
        handle.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a fresh file (and its folder) with every table, from every migration', () => {
    db = tempDatabase();
    expect(tableNames(db)).toEqual([
      '__drizzle_migrations',
      'accounts',
      'aliyun_devices',
      'chat_settings',
      'conversations',
      'favourite_folders',
      'follow_items',
      'follows',
      'pick_lists',
      'queue_jobs',
      'save_copy_items',
      'save_folders',
      'save_passwords',
      'saves',
      'skip_rules',
    ]);
    expect(db.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: migrationCount });
  });

  it('reopening keeps the data and applies nothing twice', () => {
    db = tempDatabase();
    db.db.insert(chatSettings).values({ chatId: -100123, chatType: 'supergroup', title: 'Movies' }).run();
    db.close();
    const again = db.reopen();
    expect(again.db.select().from(chatSettings).all()).toMatchObject([{ chatId: -100123, title: 'Movies' }]);
    expect(again.sqlite.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: migrationCount });
  });

  it('runs with WAL, foreign keys, a busy timeout and synchronous=NORMAL', () => {
    db = tempDatabase();
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('finds its migrations whatever the working directory', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'asb-cwd-'));
    const previous = process.cwd();
    process.chdir(elsewhere);
    try {
      const handle = openDatabase('relative.db');
      expect(tableNames(handle)).toContain('accounts');
      handle.close();
    } finally {
      process.chdir(previous);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('enforces the relations: logout keeps history, deleting a save deletes its copy records', () => {
    db = tempDatabase();
    const { id: accountId } = db.db
      .insert(accounts)
      .values({ telegramUserId: 42, aliyunUserId: 'u1', refreshTokenEnc: 'x', deviceId: 'd', devicePrivateKeyEnc: 'y', defaultDriveId: '1' })
      .returning()
      .get();
    db.db.insert(chatSettings).values({ chatId: -1001, chatType: 'group', boundAccountId: accountId, boundByUserId: 42 }).run();
    db.db.insert(saves).values({ jobId: 'save-1', accountId, telegramUserId: 42, chatId: 42, shareId: 's1' }).run();
    db.db.insert(saveCopyItems).values({ jobId: 'save-1', batchNo: 0, sourceFileId: 'f1', sourceName: 'a.mkv' }).run();

    expect(() => db!.db.insert(saveCopyItems).values({ jobId: 'no-such-save', batchNo: 0, sourceFileId: 'f', sourceName: 'b' }).run()).toThrow(
      /FOREIGN KEY/,
    );
    expect(() => db!.db.insert(saveCopyItems).values({ jobId: 'save-1', batchNo: 1, sourceFileId: 'f1', sourceName: 'a.mkv' }).run()).toThrow(
      /UNIQUE/,
    );

    db.db.delete(accounts).where(eq(accounts.id, accountId)).run();
    expect(db.db.select().from(chatSettings).get()).toMatchObject({ chatId: -1001, boundAccountId: null });
    expect(db.db.select().from(saves).get()).toMatchObject({ jobId: 'save-1', accountId: null });

    db.db.delete(saves).where(eq(saves.jobId, 'save-1')).run();
    expect(db.db.select().from(saveCopyItems).all()).toEqual([]);
  });
});
