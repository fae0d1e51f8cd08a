/** How many saves a Telegram user has queued or running: the per-user cap reads it. */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { saves } from './schema/index.js';
import { preparedFor } from './statement-cache.js';

/** Read on every queued save, prepared once per database. */
const unfinishedOf = (db: AppDatabase) =>
  db.select({ n: count() }).from(saves)
    .where(and(eq(saves.telegramUserId, sql.placeholder('telegramUserId')), inArray(saves.state, ['queued', 'running'])))
    .prepare();

export function countUnfinishedSaves(db: AppDatabase, telegramUserId: number): number {
  return preparedFor(db, unfinishedOf).get({ telegramUserId })?.n ?? 0;
}

/** Read on every queued save, prepared once per database. */
const unfinishedUnlessSeen = (db: AppDatabase) =>
  db.$client.prepare<[string, number], { n: number }>(
    `select iif(exists(select 1 from saves where job_id = ?), 0,
       (select count(*) from saves where telegram_user_id = ? and state in ('queued', 'running'))) as n`,
  );

/**
 * How many saves a Telegram user has queued or running — 0 when job `jobId` has a row already
 * (a repeat queues nothing new, so no cap applies). One statement for the two questions.
 */
export function unfinishedSavesBeforeQueueing(db: AppDatabase, telegramUserId: number, jobId: string): number {
  return preparedFor(db, unfinishedUnlessSeen).get(jobId, telegramUserId)?.n ?? 0;
}
