import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts.js';
import { nowMs } from './columns.js';

export const saveStates = ['queued', 'running', 'saved', 'partial', 'failed', 'duplicate'] as const;
export type SaveState = (typeof saveStates)[number];

/** One row per save job: the user's history and the job's live progress. */
export const saves = sqliteTable(
  'saves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull().unique(),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    /**
     * The Aliyun user whose drive the save went into, recorded when the save is planned. An
     * account row is re-linked in place by a /login to another Aliyun account (same `account_id`),
     * so "saved before" and the cached target folder match on this too.
     */
    aliyunUserId: text('aliyun_user_id'),
    telegramUserId: integer('telegram_user_id').notNull(),
    chatId: integer('chat_id').notNull(),
    /** The bot's message that shows this save's progress. */
    statusMessageId: integer('status_message_id'),
    shareId: text('share_id').notNull(),
    /** Sub-folder of the share that was asked for; `root` for the whole share. */
    folderId: text('folder_id').notNull().default('root'),
    shareName: text('share_name'),
    targetPath: text('target_path'),
    targetFolderId: text('target_folder_id'),
    state: text('state', { enum: saveStates }).notNull().default('queued'),
    failureKind: text('failure_kind'),
    itemsTotal: integer('items_total'),
    /** Files left out by the user's skip rules (/skip) when the save was planned. */
    itemsSkipped: integer('items_skipped'),
    filesTotal: integer('files_total'),
    filesCopied: integer('files_copied').notNull().default(0),
    bytes: integer('bytes'),
    errorMessage: text('error_message'),
    createdAt: integer('created_at').notNull().default(nowMs),
    updatedAt: integer('updated_at').notNull().default(nowMs),
    finishedAt: integer('finished_at'),
    /**
     * What the save copies — (account, share, folder, chosen files), see `saveInFlightKey` — while
     * it is queued or running; NULL once it ended. Unique: one save of the same thing at a time.
     */
    inFlightKey: text('in_flight_key'),
    /**
     * The ended save's outcome not yet told (JSON: the job and its outcome, see
     * src/db/saves/untold-outcomes.ts): written with the outcome, cleared once Telegram took it,
     * so a restart tells what a shutdown (or a crash) left untold. NULL: nothing left to tell.
     */
    untoldOutcome: text('untold_outcome'),
  },
  (t) => [
    // SQLite lets any number of rows hold NULL in a unique index: only live saves compete.
    uniqueIndex('saves_in_flight_uq').on(t.inFlightKey),
    index('saves_account_share_idx').on(t.accountId, t.shareId, t.folderId),
    index('saves_chat_created_idx').on(t.chatId, t.createdAt),
    index('saves_user_created_idx').on(t.telegramUserId, t.createdAt),
    // Only the few rows with an outcome left to tell: a restart finds them without a scan.
    index('saves_untold_idx').on(t.finishedAt).where(sql`untold_outcome IS NOT NULL`),
  ],
);

export const copyItemStates = ['pending', 'sent', 'copied', 'accepted', 'failed', 'done'] as const;
export type CopyItemState = (typeof copyItemStates)[number];

/**
 * Exactly-once record of the copies a save job asked Aliyun for: a retried job reads this
 * before copying again, so a file is never copied twice into the user's drive.
 */
export const saveCopyItems = sqliteTable(
  'save_copy_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => saves.jobId, { onDelete: 'cascade' }),
    batchNo: integer('batch_no').notNull(),
    sourceFileId: text('source_file_id').notNull(),
    sourceName: text('source_name').notNull(),
    /** `file` or `folder`, as the share listing reported it. */
    sourceKind: text('source_kind', { enum: ['file', 'folder'] }).notNull().default('file'),
    sourceSize: integer('source_size'),
    /** Folder path below the save's target folder the item goes into (`''`: the target itself). */
    targetDir: text('target_dir').notNull().default(''),
    state: text('state', { enum: copyItemStates }).notNull().default('pending'),
    /** Set when Aliyun answered the copy with an async task to poll. */
    asyncTaskId: text('async_task_id'),
    resultFileId: text('result_file_id'),
    errorCode: text('error_code'),
    createdAt: integer('created_at').notNull().default(nowMs),
    updatedAt: integer('updated_at').notNull().default(nowMs),
  },
  (t) => [uniqueIndex('save_copy_items_job_source_uq').on(t.jobId, t.sourceFileId)],
);
