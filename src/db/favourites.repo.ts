/** A user's favourite save folders (`favourite_folders`), at most {@link MAX_FAVOURITES}, oldest first. */
import { and, asc, eq } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { favouriteFolders } from './schema/index.js';

/** Favourites one user may keep (they are buttons, and a keyboard should fit a phone). */
export const MAX_FAVOURITES = 8;

export function createFavouritesRepo(db: AppDatabase) {
  const list = (userId: number): string[] =>
    db
      .select({ path: favouriteFolders.path })
      .from(favouriteFolders)
      .where(eq(favouriteFolders.telegramUserId, userId))
      .orderBy(asc(favouriteFolders.createdAt), asc(favouriteFolders.path))
      .all()
      .map((row) => row.path);
  return {
    list,
    /** @returns `added`, `already` (a favourite before) or `full` ({@link MAX_FAVOURITES} kept). */
    add(userId: number, path: string): 'added' | 'already' | 'full' {
      const paths = list(userId);
      if (paths.includes(path)) return 'already';
      if (paths.length >= MAX_FAVOURITES) return 'full';
      db.insert(favouriteFolders).values({ telegramUserId: userId, path }).onConflictDoNothing().run();
      return 'added';
    },
    remove(userId: number, path: string): boolean {
      return db.delete(favouriteFolders).where(and(eq(favouriteFolders.telegramUserId, userId), eq(favouriteFolders.path, path))).run().changes > 0;
    },
  };
}
