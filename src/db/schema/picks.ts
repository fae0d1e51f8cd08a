import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { nowMs } from './columns.js';

/**
 * A /pick list: one share opened as a list of items to tick, living in one message. Kept here
 * (not in memory) so its buttons still work after a restart; the buttons carry only `id` and an
 * item's index in `entries`.
 */
export const pickLists = sqliteTable(
  'pick_lists',
  {
    /** Short random id, the first part of every button's data. */
    id: text('id').primaryKey(),
    telegramUserId: integer('telegram_user_id').notNull(),
    chatId: integer('chat_id').notNull(),
    /** The user's message with the share (keys the save job). */
    sourceMessageId: integer('source_message_id').notNull(),
    /** The message that shows the list (null until it is sent). */
    messageId: integer('message_id'),
    lang: text('lang', { enum: ['zh', 'en'] }),
    shareId: text('share_id').notNull(),
    /** Only this folder of the share (a `/folder/` link), else null. */
    folderId: text('folder_id'),
    password: text('password'),
    shareName: text('share_name').notNull().default(''),
    /** JSON `ShareEntry[]` (src/jobs/follow/share-tree.ts); null until the share was listed. */
    entries: text('entries'),
    /** JSON: indexes of ticked entries (a ticked folder stands for everything in it). */
    ticked: text('ticked').notNull().default('[]'),
    /** Index of the open folder in `entries`; -1 at the top. */
    folder: integer('folder').notNull().default(-1),
    page: integer('page').notNull().default(0),
    /** `list`, `target` (choosing the folder to save into), `done`. */
    step: text('step', { enum: ['list', 'target', 'done'] }).notNull().default('list'),
    createdAt: integer('created_at').notNull().default(nowMs),
    updatedAt: integer('updated_at').notNull().default(nowMs),
  },
  (t) => [index('pick_lists_updated_idx').on(t.updatedAt)],
);

/** A user's favourite save folders (up to 8), shown as buttons by /folder and /pick. */
export const favouriteFolders = sqliteTable(
  'favourite_folders',
  {
    telegramUserId: integer('telegram_user_id').notNull(),
    path: text('path').notNull(),
    createdAt: integer('created_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.telegramUserId, t.path] })],
);

/** A user's skip rules: a name pattern (`*.url`) or a least size in bytes (`min_size`). */
export const skipRules = sqliteTable(
  'skip_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    telegramUserId: integer('telegram_user_id').notNull(),
    kind: text('kind', { enum: ['name', 'min_size'] }).notNull(),
    value: text('value').notNull(),
    createdAt: integer('created_at').notNull().default(nowMs),
  },
  (t) => [index('skip_rules_user_idx').on(t.telegramUserId)],
);
