import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts.js';
import { nowMs } from './columns.js';

/** Per-chat preferences. A missing row means "all defaults"; the bot decides the defaults. */
export const chatSettings = sqliteTable('chat_settings', {
  chatId: integer('chat_id').primaryKey(),
  /** Telegram chat type: private | group | supergroup | channel. */
  chatType: text('chat_type').notNull(),
  title: text('title'),
  /** Target folder path such as `/Saves`; null = the bot's per-kind default. */
  saveFolder: text('save_folder'),
  /** Cached Aliyun file id of `save_folder` and the drive it lives in (cleared when the path changes). */
  saveFolderId: text('save_folder_id'),
  saveFolderDriveId: text('save_folder_drive_id'),
  language: text('language', { enum: ['zh', 'en'] }),
  /** Group binding: saves in this chat go to this account (the binder's). */
  boundAccountId: integer('bound_account_id').references(() => accounts.id, { onDelete: 'set null' }),
  boundByUserId: integer('bound_by_user_id'),
  autosave: integer('autosave', { mode: 'boolean' }).notNull().default(false),
  quiet: integer('quiet', { mode: 'boolean' }).notNull().default(false),
  membersCanSave: integer('members_can_save', { mode: 'boolean' }).notNull().default(false),
  /** Saves per hour allowed in this chat; null = the bot's default. */
  hourlyLimit: integer('hourly_limit'),
  updatedAt: integer('updated_at').notNull().default(nowMs),
});
