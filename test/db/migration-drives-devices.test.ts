/**
 * Upgrading a database from before migration 0003: `accounts.default_drive_id` may be null, and
 * each Aliyun user's device moves to `aliyun_devices` so later /logins reuse it. The accounts
 * table is rebuilt for that, which must not cost the rows pointing at it their account.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 0003: drive ids may be unknown, devices outlive a login', () => {
  it('keeps saves and group bindings on their account, and keeps each Aliyun user its device', () => {
    dir = mkdtempSync(join(tmpdir(), 'asb-migrate-'));
    const before = join(dir, 'drizzle-0002');
    cpSync(join(process.cwd(), 'drizzle'), before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((entry) => /^000[0-2]/.test(entry.tag));
    writeFileSync(journalFile, JSON.stringify(journal));

    const file = join(dir, 'bot.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: before });
    old
      .prepare(
        `INSERT INTO accounts (id, telegram_user_id, aliyun_user_id, refresh_token_enc, device_id, device_private_key_enc, default_drive_id)
         VALUES (1, 42, 'aliyun-42', 'tok', 'dev-42', 'key-42', 'drive')`,
      )
      .run();
    old.prepare(`INSERT INTO saves (job_id, account_id, telegram_user_id, chat_id, share_id, state) VALUES ('j1', 1, 42, 42, 'S1', 'saved')`).run();
    old.prepare(`INSERT INTO chat_settings (chat_id, chat_type, bound_account_id, bound_by_user_id) VALUES (-100, 'group', 1, 42)`).run();
    old.close();

    const upgraded = openDatabase(file);
    try {
      const sqlite = upgraded.sqlite;
      expect(sqlite.prepare(`SELECT account_id FROM saves WHERE job_id = 'j1'`).get()).toEqual({ account_id: 1 });
      expect(sqlite.prepare(`SELECT bound_account_id FROM chat_settings WHERE chat_id = -100`).get()).toEqual({ bound_account_id: 1 });
      expect(sqlite.prepare(`SELECT default_drive_id FROM accounts WHERE id = 1`).get()).toEqual({ default_drive_id: 'drive' });
      expect(sqlite.prepare(`SELECT device_id, device_private_key_enc FROM aliyun_devices WHERE aliyun_user_id = 'aliyun-42'`).get()).toEqual({
        device_id: 'dev-42',
        device_private_key_enc: 'key-42',
      });
      // No drive id known is allowed now.
      sqlite.prepare(`UPDATE accounts SET default_drive_id = NULL WHERE id = 1`).run();
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      upgraded.close();
    }
  });
});
