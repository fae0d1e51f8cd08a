/** How many saves a Telegram user has queued or running: the per-user cap reads it. */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { saves } from './schema/index.js';

export function countUnfinishedSaves(db: AppDatabase, telegramUserId: number): number {
  const row = db.select({ n: count() }).from(saves)
    .where(and(eq(saves.telegramUserId, telegramUserId), inArray(saves.state, ['queued', 'running'])))
    .get();
  return row?.n ?? 0;
}
