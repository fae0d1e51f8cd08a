import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts.js';
import { nowMs } from './columns.js';
import { saves } from './saves.js';

/**
 * `waiting`: its first save is still running (the folder it saves into is not known yet);
 * `active`: checked on schedule; `paused`: not checked (the share is gone, or the user paused it).
 */
export const followStates = ['waiting', 'active', 'paused'] as const;
export type FollowState = (typeof followStates)[number];

/**
 * 追更: a user's follow of a share. Each check copies what the share holds that this follow never
 * saved into the folder its first save created (`target_*`), at the same relative path.
 */
export const follows = sqliteTable(
  'follows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    telegramUserId: integer('telegram_user_id').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Where notices go, and in which language. */
    chatId: integer('chat_id').notNull(),
    lang: text('lang', { enum: ['zh', 'en'] }),
    shareId: text('share_id').notNull(),
    /** The share's password, `secret-box` sealed; null without one. */
    passwordEnc: text('password_enc'),
    shareName: text('share_name').notNull().default(''),
    /** The folder the first save copied into (its path as shown, its id and drive). */
    targetPath: text('target_path').notNull(),
    targetFolderId: text('target_folder_id'),
    targetDriveId: text('target_drive_id'),
    /** The save whose end makes a `waiting` follow active. */
    saveJobId: text('save_job_id'),
    state: text('state', { enum: followStates }).notNull().default('waiting'),
    /** Why it is paused: `user`, or a share-gone reason (`cancelled`, `expired`, `forbidden`, `not_found`), `wrong_password`, `relogin`. */
    pausedReason: text('paused_reason'),
    /** The embedded scheduler's due time (ms); BullMQ keeps its own schedule. */
    nextCheckAt: integer('next_check_at').notNull().default(0),
    lastCheckedAt: integer('last_checked_at'),
    lastNewAt: integer('last_new_at'),
    lastNewName: text('last_new_name'),
    /** Name filters (JSON arrays of glob patterns, see jobs/follow/filters.ts); empty = every name. */
    includePatterns: text('include_patterns', { mode: 'json' }).$type<string[]>().notNull().default([]),
    excludePatterns: text('exclude_patterns', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Files smaller than this (bytes) are skipped; 0 = no minimum. */
    minSize: integer('min_size').notNull().default(0),
    /** Rename rule of saved copies (jobs/follow/rename-rule.ts): names matching the glob get the template. */
    renamePattern: text('rename_pattern'),
    renameTemplate: text('rename_template'),
    createdAt: integer('created_at').notNull().default(nowMs),
    updatedAt: integer('updated_at').notNull().default(nowMs),
  },
  (t) => [
    uniqueIndex('follows_account_share_uq').on(t.accountId, t.shareId),
    index('follows_share_idx').on(t.shareId),
    index('follows_due_idx').on(t.state, t.nextCheckAt),
    index('follows_user_idx').on(t.telegramUserId, t.createdAt),
  ],
);

export const followItemStates = ['known', 'sent', 'saved', 'skipped'] as const;
export type FollowItemState = (typeof followItemStates)[number];

/**
 * A follow's memory, by the share's file ids: `known` were in the share when the follow began
 * (its first save took them), `sent` are being copied (maybe copied: looked for before sending
 * again), `saved` were copied by a check, `skipped` were turned away by the follow's filters
 * (never copied later, even when the filters change). Never derived from the drive, so a file the user
 * deleted or moved is not brought back.
 */
export const followItems = sqliteTable(
  'follow_items',
  {
    followId: integer('follow_id')
      .notNull()
      .references(() => follows.id, { onDelete: 'cascade' }),
    shareFileId: text('share_file_id').notNull(),
    /** The item's path inside the share when it was recorded, e.g. `剧名/S01E03.mkv`. */
    relPath: text('rel_path').notNull(),
    kind: text('kind', { enum: ['file', 'folder'] }).notNull().default('file'),
    state: text('state', { enum: followItemStates }).notNull(),
    /** The copy's file id in the user's drive (or the folder created for a new share folder). */
    newFileId: text('new_file_id'),
    updatedAt: integer('updated_at').notNull().default(nowMs),
  },
  (t) => [primaryKey({ columns: [t.followId, t.shareFileId] })],
);

/**
 * The share password a save was asked with, sealed (secret-box, context `saves/<job id>/password`),
 * so a 🔔 follow of that save knows it. Goes with the save's row.
 */
export const savePasswords = sqliteTable('save_passwords', {
  jobId: text('job_id')
    .primaryKey()
    .references(() => saves.jobId, { onDelete: 'cascade' }),
  passwordEnc: text('password_enc').notNull(),
});
