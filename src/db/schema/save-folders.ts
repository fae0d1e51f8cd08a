import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';
import { accounts } from './accounts.js';

/**
 * Save folders already found (or created) in an account's drive, by path: resolved at /login and
 * on /folder, so even a user's first save costs no folder lookup. A folder found missing during
 * a save is resolved again there and the row replaced.
 */
export const saveFolders = sqliteTable(
  'save_folders',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The Aliyun user whose drive holds it (a /login to another user re-links the same account row). */
    aliyunUserId: text('aliyun_user_id').notNull(),
    path: text('path').notNull(),
    folderId: text('folder_id').notNull(),
    resolvedAt: integer('resolved_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.path] })],
);
