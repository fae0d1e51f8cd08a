/** A save's share password, kept for a later 🔔 follow: sealed at rest, bound to its save, gone with it. */
import { createSecretKey, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSavePasswordsRepo } from '../../src/db/save-passwords.repo.js';
import { createSavesRepo } from '../../src/db/saves.repo.js';
import { tempDatabase } from './temp-db.js';

describe('save passwords', () => {
  let db: ReturnType<typeof tempDatabase> | undefined;
  afterEach(() => {
    db?.dispose();
    db = undefined;
  });

  const save = (jobId: string) => ({ jobId, accountId: null, statusMessageId: null, telegramUserId: 1, chatId: 1, shareId: 'share1', folderId: 'root', targetPath: '/Saves' });

  it('are sealed at rest, open only for their own save, and go with the save row', () => {
    db = tempDatabase();
    const key = createSecretKey(randomBytes(32));
    const saves = createSavesRepo(db.db);
    saves.createQueued(save('job-a'));
    saves.createQueued(save('job-b'));
    const passwords = createSavePasswordsRepo(db.db, key);
    passwords.remember('job-a', 'ab12');
    passwords.remember('job-b', undefined);
    expect(passwords.passwordOf('job-a')).toBe('ab12');
    expect(passwords.passwordOf('job-b')).toBeUndefined();
    const rows = db.sqlite.prepare('select job_id, password_enc from save_passwords').all() as Array<{ job_id: string; password_enc: string }>;
    expect(rows.map((r) => r.job_id)).toEqual(['job-a']);
    expect(rows[0]!.password_enc).not.toContain('ab12');
    // A sealed value moved to another save's row does not open there.
    saves.createQueued(save('job-c'));
    db.sqlite.prepare("insert into save_passwords (job_id, password_enc) values ('job-c', ?)").run(rows[0]!.password_enc);
    expect(passwords.passwordOf('job-c')).toBeUndefined();
    // Another key opens nothing.
    expect(createSavePasswordsRepo(db.db, createSecretKey(randomBytes(32))).passwordOf('job-a')).toBeUndefined();
    db.sqlite.prepare("delete from saves where job_id = 'job-a'").run();
    expect(passwords.passwordOf('job-a')).toBeUndefined();
  });
});
