/** Save folders already resolved in an account's drive, by path (see schema/save-folders.ts). */
import { and, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from './index.js';
import { saveFolders } from './schema/index.js';

export interface SaveFolderKey {
  accountId: number;
  aliyunUserId: string;
  path: string;
}

export type SaveFoldersRepo = ReturnType<typeof createSaveFoldersRepo>;

export function createSaveFoldersRepo(db: AppDatabase) {
  const find = db
    .select({ folderId: saveFolders.folderId })
    .from(saveFolders)
    .where(
      and(
        eq(saveFolders.accountId, sql.placeholder('accountId')),
        eq(saveFolders.aliyunUserId, sql.placeholder('aliyunUserId')),
        eq(saveFolders.path, sql.placeholder('path')),
      ),
    )
    .prepare();
  const remember = db
    .insert(saveFolders)
    .values({
      accountId: sql.placeholder('accountId'),
      aliyunUserId: sql.placeholder('aliyunUserId'),
      path: sql.placeholder('path'),
      folderId: sql.placeholder('folderId'),
    })
    .onConflictDoUpdate({
      target: [saveFolders.accountId, saveFolders.path],
      set: { aliyunUserId: sql`excluded.aliyun_user_id`, folderId: sql`excluded.folder_id`, resolvedAt: sql`excluded.resolved_at` },
    })
    .prepare();
  return {
    find: (key: SaveFolderKey): string | undefined => find.get({ ...key })?.folderId,
    /** Remembers (or replaces) the folder at `key.path`. */
    remember(key: SaveFolderKey, folderId: string): void {
      remember.run({ ...key, folderId });
    },
  };
}
