/**
 * The share password a save was asked with, sealed at rest (secret-box), so that a 🔔 follow of
 * that save later knows it. One row per save; it goes when the save's history row goes.
 */
import { eq } from 'drizzle-orm';
import { open, seal, SecretBoxError, type SecretKey } from '../secret-box.js';
import type { AppDatabase } from './index.js';
import { savePasswords } from './schema/index.js';

function context(jobId: string): string {
  return `saves/${jobId}/password`;
}

export function createSavePasswordsRepo(db: AppDatabase, key: SecretKey) {
  return {
    /** Keeps the password of a save whose row exists (a save without one keeps nothing). */
    remember(jobId: string, password: string | undefined): void {
      if (!password) return;
      db.insert(savePasswords)
        .values({ jobId, passwordEnc: seal(key, password, context(jobId)) })
        .onConflictDoUpdate({ target: savePasswords.jobId, set: { passwordEnc: seal(key, password, context(jobId)) } })
        .run();
    },
    /** The save's password, opened; undefined without one (or when SECRET_KEY changed). */
    passwordOf(jobId: string): string | undefined {
      const row = db.select().from(savePasswords).where(eq(savePasswords.jobId, jobId)).get();
      if (!row) return undefined;
      try {
        return open(key, row.passwordEnc, context(jobId));
      } catch (error) {
        if (error instanceof SecretBoxError) return undefined;
        throw error;
      }
    },
  };
}
