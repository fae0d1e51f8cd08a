/**
 * A save's row in `saves` from queued to ended: the in-flight claim that keeps two saves of one
 * share from copying at once, the status message, progress numbers and the outcome, recorded once.
 */
import { and, desc, eq, isNotNull, isNull, lt, ne, notInArray, sql } from 'drizzle-orm';
import { createSaveFoldersRepo } from '../save-folders.repo.js';
import type { AppDatabase } from '../index.js';
import { saves, type SaveState } from '../schema/index.js';
import { preparedFor } from '../statement-cache.js';

export type SaveRow = typeof saves.$inferSelect;

/** States a save never leaves. */
export const FINAL_SAVE_STATES: readonly SaveState[] = ['saved', 'partial', 'failed', 'duplicate'];

/** Whether a save has ended (its outcome was recorded). */
export function isFinalSaveState(state: SaveState): boolean {
  return FINAL_SAVE_STATES.includes(state);
}

/** What the bot knows when it queues a save. */
export interface NewSave {
  jobId: string;
  /** null only when the account is gone (history outlives an unlinked account). */
  accountId: number | null;
  telegramUserId: number;
  chatId: number;
  statusMessageId: number | null;
  shareId: string;
  /** `root` for the whole share. */
  folderId: string;
  targetPath: string;
  /**
   * `saveInFlightKey` of the job: the row takes it unless another queued or running save holds
   * it (then the processor decides: report a duplicate, or wait for an `again`).
   */
  inFlightKey?: string | null;
}

/**
 * A claim on an in-flight key: taken (possibly from a holder that went quiet for too long), or
 * held by another save that is still queued or running.
 */
export type InFlightClaim = { claimed: true; tookOverFrom?: string } | { claimed: false; holder: SaveRow };

/**
 * A holder untouched for this long has lost its job (a queue that failed it without running it,
 * a flushed Redis) and gives its key up. Running saves touch their row at least every poll.
 */
export const IN_FLIGHT_STALE_MS = 6 * 60 * 60_000;

/**
 * The drive a save goes into: the linked account, and the Aliyun user it is linked to now (a
 * /login to another Aliyun account keeps the account's id but changes the drive).
 */
export interface SaveDrive {
  accountId: number;
  aliyunUserId: string;
}

/** How a save ended, as stored. */
export interface SaveFinish {
  state: Extract<SaveState, 'saved' | 'partial' | 'failed' | 'duplicate'>;
  failureKind?: string | null;
  filesCopied?: number;
  filesTotal?: number | null;
  errorMessage?: string | null;
  shareName?: string | null;
}

/** Job ids of saves of chosen items (see `saveJobId`): they never count as "the share saved before". */
const SELECTION_JOB_ID = /_sel[0-9a-z]+(?:_again)?$/;

/** The queries every save runs, prepared once per database. */
const hotQueries = (db: AppDatabase) => ({
  byJobId: db.select().from(saves).where(eq(saves.jobId, sql.placeholder('jobId'))).prepare(),
  /** Returns the row: a run starts from it without reading it first. */
  markRunning: db
    .update(saves)
    .set({ state: 'running', updatedAt: sql`${sql.placeholder('now')}` })
    .where(and(eq(saves.jobId, sql.placeholder('jobId')), notInArray(saves.state, [...FINAL_SAVE_STATES])))
    .returning()
    .prepare(),
  knownTargetFolder: db
    .select({ targetFolderId: saves.targetFolderId })
    .from(saves)
    .where(
      and(
        eq(saves.accountId, sql.placeholder('accountId')),
        eq(saves.aliyunUserId, sql.placeholder('aliyunUserId')),
        eq(saves.targetPath, sql.placeholder('targetPath')),
        isNotNull(saves.targetFolderId),
      ),
    )
    .orderBy(desc(saves.updatedAt), desc(saves.id))
    .limit(1)
    .prepare(),
  savedBefore: db
    .select()
    .from(saves)
    .where(
      and(
        eq(saves.accountId, sql.placeholder('accountId')),
        eq(saves.aliyunUserId, sql.placeholder('aliyunUserId')),
        eq(saves.shareId, sql.placeholder('shareId')),
        eq(saves.folderId, sql.placeholder('folderId')),
        eq(saves.state, 'saved'),
        ne(saves.jobId, sql.placeholder('excludeJobId')),
      ),
    )
    .orderBy(desc(saves.finishedAt), desc(saves.id))
    .prepare(),
  setStatusMessage: db
    .update(saves)
    .set({ statusMessageId: sql`${sql.placeholder('messageId')}` })
    .where(and(eq(saves.jobId, sql.placeholder('jobId')), isNull(saves.statusMessageId)))
    .prepare(),
  inFlightHolder: db
    .select()
    .from(saves)
    .where(and(eq(saves.inFlightKey, sql.placeholder('key')), ne(saves.jobId, sql.placeholder('jobId'))))
    .prepare(),
  insertQueued: db
    .insert(saves)
    .values({
      jobId: sql.placeholder('jobId'),
      accountId: sql.placeholder('accountId'),
      telegramUserId: sql.placeholder('telegramUserId'),
      chatId: sql.placeholder('chatId'),
      statusMessageId: sql.placeholder('statusMessageId'),
      shareId: sql.placeholder('shareId'),
      folderId: sql.placeholder('folderId'),
      targetPath: sql.placeholder('targetPath'),
      inFlightKey: sql.placeholder('inFlightKey'),
      state: 'queued',
    })
    // A second call with the same job id inserts nothing (and returns no row); a key another
    // save holds fails on the unique index instead (see `createQueued`).
    .onConflictDoNothing({ target: saves.jobId })
    .returning()
    .prepare(),
  takeInFlightKey: db
    .update(saves)
    .set({ inFlightKey: sql`${sql.placeholder('key')}`, updatedAt: sql`${sql.placeholder('now')}` })
    .where(and(eq(saves.jobId, sql.placeholder('jobId')), notInArray(saves.state, [...FINAL_SAVE_STATES])))
    .prepare(),
  /** Absent fields of the outcome (null placeholders, or `setFilesTotal` 0) leave the stored value. */
  finish: db
    .update(saves)
    .set({
      state: sql`${sql.placeholder('state')}`,
      // An ended save copies nothing more: the next save of the same share may start.
      inFlightKey: null,
      failureKind: sql`${sql.placeholder('failureKind')}`,
      errorMessage: sql`${sql.placeholder('errorMessage')}`,
      finishedAt: sql`${sql.placeholder('now')}`,
      updatedAt: sql`${sql.placeholder('now')}`,
      filesCopied: sql`coalesce(${sql.placeholder('filesCopied')}, ${saves.filesCopied})`,
      filesTotal: sql`iif(${sql.placeholder('setFilesTotal')}, ${sql.placeholder('filesTotal')}, ${saves.filesTotal})`,
      shareName: sql`coalesce(${sql.placeholder('shareName')}, ${saves.shareName})`,
      // Only a save this statement ends gets it: one statement, so no crash splits the two.
      untoldOutcome: sql`coalesce(${sql.placeholder('untold')}, ${saves.untoldOutcome})`,
    })
    .where(and(eq(saves.jobId, sql.placeholder('jobId')), notInArray(saves.state, [...FINAL_SAVE_STATES])))
    .prepare(),
});

/** Whether `error` is SQLite refusing a second holder of an in-flight key (`saves_in_flight_uq`). */
function isInFlightKeyTaken(error: unknown): boolean {
  return (
    (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('in_flight_key')
  );
}

/** Synchronous (better-sqlite3); a claim is one IMMEDIATE transaction. */
export function createSaveLifecycle(db: AppDatabase) {
  const hot = preparedFor(db, hotQueries);
  const folders = createSaveFoldersRepo(db);
  const touch = () => ({ updatedAt: Date.now() });

  /**
   * Who holds `key` besides `jobId`, inside a write transaction. A holder quiet since before
   * `staleBefore` is stripped of the key and reported as `stale`.
   */
  const holderOf = (key: string, jobId: string, staleBefore: number): { holder?: SaveRow; stale?: SaveRow } => {
    const holder = hot.inFlightHolder.get({ key, jobId });
    if (!holder || holder.updatedAt >= staleBefore) return holder ? { holder } : {};
    db.update(saves).set({ inFlightKey: null }).where(and(eq(saves.id, holder.id), lt(saves.updatedAt, staleBefore))).run();
    return { stale: holder };
  };

  // better-sqlite3's own transactions, made once: drizzle's `db.transaction` wraps a new one on
  // every call. Every query inside runs on the one connection, so it is inside the transaction.
  // The usual case is one statement (atomic on its own): the insert, or the key taken. Only when
  // the unique index refuses the key does a transaction look at (and maybe strip) its holder.
  const insertQueued = (save: NewSave, key: string | null): { created: boolean; row: SaveRow } => {
    const row = hot.insertQueued.get({ ...save, inFlightKey: key });
    if (row) return { created: true, row };
    return { created: false, row: hot.byJobId.get({ jobId: save.jobId })! };
  };

  const createQueuedTx = db.$client.transaction((save: NewSave, staleBefore: number): { created: boolean; row: SaveRow } => {
    const existing = hot.byJobId.get({ jobId: save.jobId });
    if (existing) return { created: false, row: existing };
    const key = save.inFlightKey ?? null;
    const taken = key !== null && holderOf(key, save.jobId, staleBefore).holder !== undefined;
    return insertQueued(save, taken ? null : key);
  });

  const claimInFlightTx = db.$client.transaction((jobId: string, key: string, staleBefore: number): InFlightClaim => {
    const { holder, stale } = holderOf(key, jobId, staleBefore);
    if (holder) return { claimed: false, holder };
    hot.takeInFlightKey.run({ jobId, key, now: Date.now() });
    return stale ? { claimed: true, tookOverFrom: stale.jobId } : { claimed: true };
  });

  return {
    /**
     * Inserts the row of a new save (state `queued`), holding `save.inFlightKey` unless another
     * save in flight holds it. A second call with the same job id changes nothing.
     * One IMMEDIATE transaction: two processes queueing the same share at once cannot both hold it.
     * @returns whether a row was created, and the row.
     */
    createQueued(save: NewSave, staleBefore = Date.now() - IN_FLIGHT_STALE_MS): { created: boolean; row: SaveRow } {
      try {
        return insertQueued(save, save.inFlightKey ?? null);
      } catch (error) {
        if (!isInFlightKeyTaken(error)) throw error;
        return createQueuedTx.immediate(save, staleBefore);
      }
    },

    /**
     * Makes `jobId` the save in flight for `key`, unless another queued or running save holds it
     * (one that ended holds nothing). Idempotent for the holder. A holder untouched since
     * `staleBefore` loses the key to this save. One IMMEDIATE transaction, and the unique index
     * behind it: of two processes claiming at once, one wins.
     */
    claimInFlight(jobId: string, key: string, staleBefore = Date.now() - IN_FLIGHT_STALE_MS): InFlightClaim {
      try {
        hot.takeInFlightKey.run({ jobId, key, now: Date.now() });
        return { claimed: true };
      } catch (error) {
        if (!isInFlightKeyTaken(error)) throw error;
        return claimInFlightTx.immediate(jobId, key, staleBefore);
      }
    },

    get(jobId: string): SaveRow | undefined {
      return hot.byJobId.get({ jobId });
    },

    /**
     * Records the status message of a save queued before it was sent (see `SaveShareJob.statusMessageFollows`).
     * A row that already names one keeps it.
     */
    setStatusMessage(jobId: string, messageId: number): void {
      hot.setStatusMessage.run({ jobId, messageId });
    },

    /** Removes a save that was never queued (the queue refused it). */
    deleteQueued(jobId: string): void {
      db.delete(saves).where(and(eq(saves.jobId, jobId), eq(saves.state, 'queued'))).run();
    },

    /**
     * queued → running (a retried run keeps `running`); a finished save is left alone.
     * @returns the row as marked, or undefined when the save has ended (or has no row).
     */
    markRunning(jobId: string): SaveRow | undefined {
      return hot.markRunning.get({ jobId, now: Date.now() });
    },

    /** The target folder was found again under a new id. */
    setTargetFolder(jobId: string, targetFolderId: string): void {
      db.update(saves).set({ targetFolderId, ...touch() }).where(eq(saves.jobId, jobId)).run();
    },

    /** Stores the live progress numbers shown to the user. */
    setProgress(jobId: string, filesCopied: number, filesTotal: number): void {
      db.update(saves).set({ filesCopied, filesTotal, ...touch() }).where(eq(saves.jobId, jobId)).run();
    },

    /**
     * Records the outcome, once: only a save that has not ended yet changes; with `untold`,
     * remembered as the outcome to tell (see untold-outcomes.ts), in the same statement.
     * @returns true if this call ended the save (so the caller tells the user), false if it had
     * ended before (a retried or re-delivered job: say nothing).
     */
    finish(jobId: string, outcome: SaveFinish, untold: string | null = null): boolean {
      const result = hot.finish.run({
        untold,
        jobId,
        now: Date.now(),
        state: outcome.state,
        failureKind: outcome.failureKind ?? null,
        errorMessage: outcome.errorMessage ?? null,
        filesCopied: outcome.filesCopied ?? null,
        setFilesTotal: outcome.filesTotal === undefined ? 0 : 1,
        filesTotal: outcome.filesTotal ?? null,
        shareName: outcome.shareName || null,
      });
      return result.changes === 1;
    },

    /**
     * The latest completed save of this share (and folder) into this drive — the account, while
     * linked to the same Aliyun user — other than `excludeJobId`; saves of chosen items do not count.
     */
    findPreviousSave(drive: SaveDrive, shareId: string, folderId: string, excludeJobId?: string): SaveRow | undefined {
      // No job id is empty: '' excludes nothing.
      const rows = hot.savedBefore.all({ ...drive, shareId, folderId, excludeJobId: excludeJobId ?? '' });
      return rows.find((row) => !SELECTION_JOB_ID.test(row.jobId));
    },

    /**
     * The folder id resolved for `targetPath` in this drive (same account, same Aliyun user) — at
     * /login, on /folder, or by an earlier save — so a known folder costs no Aliyun call, even on
     * a user's first save. The newest resolution wins (a re-resolved id replaces a stale one).
     */
    findKnownTargetFolder(drive: SaveDrive, targetPath: string): string | undefined {
      return (
        folders.find({ ...drive, path: targetPath }) ?? hot.knownTargetFolder.get({ ...drive, targetPath })?.targetFolderId ?? undefined
      );
    },

    /** A save resolved `targetPath` afresh (the known folder was missing): later saves use this one. */
    rememberTargetFolder(drive: SaveDrive, targetPath: string, folderId: string): void {
      folders.remember({ ...drive, path: targetPath }, folderId);
    },
  };
}
