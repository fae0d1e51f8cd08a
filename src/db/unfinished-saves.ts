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
