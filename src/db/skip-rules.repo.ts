/** A user's skip rules (`skip_rules`): name patterns and at most one least size. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { SkipRules } from '../jobs/skip-rules.js';
import type { AppDatabase } from './index.js';
import { skipRules } from './schema/index.js';
import { preparedFor } from './statement-cache.js';

export type SkipRuleRow = typeof skipRules.$inferSelect;

/** Rules one user may keep. */
export const MAX_SKIP_RULES = 20;

/** Read on every save, prepared once per database. */
const byUser = (db: AppDatabase) =>
  db.select().from(skipRules).where(eq(skipRules.telegramUserId, sql.placeholder('userId'))).orderBy(asc(skipRules.id)).prepare();

export function createSkipRulesRepo(db: AppDatabase) {
  const list = (userId: number): SkipRuleRow[] => preparedFor(db, byUser).all({ userId });
  return {
    list,
    /** The rules as a save applies them; undefined when the user has none. */
    rulesOf(userId: number): SkipRules | undefined {
      const rows = list(userId);
      if (rows.length === 0) return undefined;
      const size = rows.find((row) => row.kind === 'min_size');
      return {
        patterns: rows.filter((row) => row.kind === 'name').map((row) => row.value),
        ...(size ? { minBytes: Number(size.value) } : {}),
      };
    },
    /** Adds a pattern, or sets the least size (replacing the one before). @returns false when full or already there. */
    add(userId: number, kind: 'name' | 'min_size', value: string): boolean {
      const rows = list(userId);
      if (kind === 'min_size') {
        db.delete(skipRules).where(and(eq(skipRules.telegramUserId, userId), eq(skipRules.kind, 'min_size'))).run();
      } else if (rows.some((row) => row.kind === 'name' && row.value === value) || rows.length >= MAX_SKIP_RULES) {
        return false;
      }
      db.insert(skipRules).values({ telegramUserId: userId, kind, value }).run();
      return true;
    },
    remove(userId: number, id: number): boolean {
      return db.delete(skipRules).where(and(eq(skipRules.telegramUserId, userId), eq(skipRules.id, id))).run().changes > 0;
    },
    clear(userId: number): number {
      return db.delete(skipRules).where(eq(skipRules.telegramUserId, userId)).run().changes;
    },
  };
}
