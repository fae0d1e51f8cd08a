/**
 * Outcomes not yet told, kept on the save's row (`saves.untold_outcome`) until Telegram took them:
 * written in the same transaction that ends the save, cleared when the bot told it. A shutdown
 * that could not wait for Telegram's turn (or a crash) leaves the row marked, and the next start
 * tells it (src/bot/saving/told-outcomes.ts). What is stored is opaque text here (the jobs layer
 * encodes it): this layer knows rows, not outcomes.
 */
import { and, asc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { AppDatabase } from '../index.js';
import { saves } from '../schema/index.js';
import { preparedFor } from '../statement-cache.js';
import { createSaveLifecycle, type SaveFinish } from './lifecycle.js';

/** Marking an outcome told runs once per save: prepared once per database. */
const toldQueries = (db: AppDatabase) => ({
  markTold: db
    .update(saves)
    .set({ untoldOutcome: null })
    .where(and(eq(saves.jobId, sql.placeholder('jobId')), isNotNull(saves.untoldOutcome)))
    .prepare(),
});

/** A save whose outcome waits to be told. */
export interface UntoldRow {
  jobId: string;
  statusMessageId: number | null;
  untold: string;
}

export function createUntoldOutcomes(db: AppDatabase) {
  const lifecycle = createSaveLifecycle(db);
  return {
    /**
     * `finish`, and — only when this call ended the save — remembers `untold` as the outcome to
     * tell, atomically: no crash leaves an ended save with nothing to tell.
     */
    finishUntold(jobId: string, outcome: SaveFinish, untold: string): boolean {
      return lifecycle.finish(jobId, outcome, untold);
    },

    /** Telegram took the outcome (or refused it for good): it is never told again. */
    markTold(jobId: string): void {
      preparedFor(db, toldQueries).markTold.run({ jobId });
    },

    /** The oldest `limit` outcomes left untold by saves ended since `since` (epoch ms). */
    untoldSince(since: number, limit: number): UntoldRow[] {
      return db
        .select({ jobId: saves.jobId, statusMessageId: saves.statusMessageId, untold: saves.untoldOutcome })
        .from(saves)
        .where(and(isNotNull(saves.untoldOutcome), gte(saves.finishedAt, since)))
        .orderBy(asc(saves.finishedAt), asc(saves.id))
        .limit(limit)
        .all()
        .map((row) => ({ ...row, untold: row.untold ?? '' }));
    },

    /** Outcomes of saves ended before `before` are too old to tell now: forgets them. @returns how many. */
    forgetUntoldBefore(before: number): number {
      return db.update(saves).set({ untoldOutcome: null }).where(and(isNotNull(saves.untoldOutcome), lt(saves.finishedAt, before))).run().changes;
    },
  };
}
