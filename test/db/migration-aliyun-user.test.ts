/**
 * Upgrading a database from before `saves.aliyun_user_id`: earlier saves are filled in with the
 * Aliyun user of the account they name, so "already saved" keeps working after the upgrade.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('migration 0002: saves remember their Aliyun user', () => {
  it('fills in the Aliyun user of earlier saves from their account', () => {
    dir = mkdtempSync(join(tmpdir(), 'asb-migrate-'));
    // The migrations as they were before 0002.
    const before = join(dir, 'drizzle-0001');
    cpSync(join(process.cwd(), 'drizzle'), before, { recursive: true });
    const journalFile = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((entry) => entry.tag.startsWith('0000') || entry.tag.startsWith('0001'));
    writeFileSync(journalFile, JSON.stringify(journal));

    const file = join(dir, 'bot.sqlite');
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: before });
    old
      .prepare(
        `INSERT INTO accounts (id, telegram_user_id, aliyun_user_id, refresh_token_enc, device_id, device_private_key_enc, default_drive_id)
         VALUES (1, 42, 'aliyun-42', 'x', 'd', 'x', 'drive')`,
      )
      .run();
    old.prepare(`INSERT INTO saves (job_id, account_id, telegram_user_id, chat_id, share_id, state, target_path, target_folder_id, finished_at) VALUES ('j1', 1, 42, 42, 'S1', 'saved', '/Saves', 'fid', 1)`).run();
    old.prepare(`INSERT INTO saves (job_id, account_id, telegram_user_id, chat_id, share_id, state) VALUES ('j2', NULL, 42, 42, 'S2', 'failed')`).run();
    old.close();

    const upgraded = openDatabase(file);
    try {
      const saves = createSavesRepo(upgraded.db);
      expect(saves.get('j1')?.aliyunUserId).toBe('aliyun-42');
      expect(saves.get('j2')?.aliyunUserId).toBeNull();
      const drive = { accountId: 1, aliyunUserId: 'aliyun-42' };
      expect(saves.findPreviousSave(drive, 'S1', 'root')?.jobId).toBe('j1');
      expect(saves.findKnownTargetFolder(drive, '/Saves')).toBe('fid');
      // The same account row linked to another Aliyun user: nothing of the old drive matches.
      const other = { accountId: 1, aliyunUserId: 'aliyun-other' };
      expect(saves.findPreviousSave(other, 'S1', 'root')).toBeUndefined();
      expect(saves.findKnownTargetFolder(other, '/Saves')).toBeUndefined();
    } finally {
      upgraded.close();
    }
  });
});
