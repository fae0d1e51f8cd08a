/**
 * The exactly-once copy record (`save_copy_items`): what a save plans to copy, what was sent
 * (maybe copied) and how Aliyun answered per item, so a retried job never copies a file twice.
 * Every multi-row change is one transaction, so a crash leaves either all of it or none.
 */
import { and, eq, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { AppDatabase } from '../index.js';
import { saveCopyItems, saves, type CopyItemState } from '../schema/index.js';
import { preparedFor } from '../statement-cache.js';

export type CopyItemRow = typeof saveCopyItems.$inferSelect;

/** Copy records of saves that ended longer ago than this are pruned (see `pruneFinishedCopyItems`). */
export const COPY_ITEMS_KEEP_MS = 30 * 24 * 60 * 60_000;

/** One item to copy, as planned before the first batch is sent. */
export interface PlannedItem {
  sourceFileId: string;
  /** `""` when the share listing was not read (a `/folder/` link or chosen ids below the top). */
  sourceName: string;
  sourceKind: 'file' | 'folder';
  sourceSize?: number | null;
  batchNo: number;
  /** Folder path below the target the item goes into (default `''`: the target itself). */
  targetDir?: string;
}

/** How Aliyun answered for one item. */
export interface ItemResult {
  sourceFileId: string;
  state: CopyItemState;
  asyncTaskId?: string | null;
  resultFileId?: string | null;
  errorCode?: string | null;
}

/** Read on every save, prepared once per database. */
const hotQueries = (db: AppDatabase) => ({
  items: db
    .select()
    .from(saveCopyItems)
    .where(eq(saveCopyItems.jobId, sql.placeholder('jobId')))
    .orderBy(saveCopyItems.batchNo, saveCopyItems.id)
    .prepare(),
});

export function createCopyLedger(db: AppDatabase) {
  const hot = preparedFor(db, hotQueries);
  const touch = () => ({ updatedAt: Date.now() });

  return {
    /**
     * Records what the job will copy, in one transaction: the share's name, the Aliyun user whose
     * drive it goes into, the target folder and every item (state `pending`). Items already
     * planned are kept as they are.
     */
    recordPlan(
      jobId: string,
      plan: { shareName: string; aliyunUserId: string; targetFolderId: string; items: readonly PlannedItem[]; skipped?: number },
    ): void {
      db.transaction((tx) => {
        tx.update(saves)
          .set({
            shareName: plan.shareName,
            aliyunUserId: plan.aliyunUserId,
            targetFolderId: plan.targetFolderId,
            itemsTotal: plan.items.length,
            ...(plan.skipped ? { itemsSkipped: plan.skipped } : {}),
            ...touch(),
          })
          .where(eq(saves.jobId, jobId))
          .run();
        for (const item of plan.items) {
          tx.insert(saveCopyItems)
            .values({ jobId, ...item, sourceSize: item.sourceSize ?? null, targetDir: item.targetDir ?? '', state: 'pending' })
            .onConflictDoNothing()
            .run();
        }
      });
    },

    /** Every planned item of a job, in batch order. */
    items(jobId: string): CopyItemRow[] {
      return hot.items.all({ jobId });
    },

    /** Items whose names were not known when planned, found later in the share listing. */
    setItemNames(jobId: string, names: ReadonlyMap<string, { name: string; kind: 'file' | 'folder' }>): void {
      db.transaction((tx) => {
        for (const [sourceFileId, { name, kind }] of names) {
          tx.update(saveCopyItems)
            .set({ sourceName: name, sourceKind: kind })
            .where(and(eq(saveCopyItems.jobId, jobId), eq(saveCopyItems.sourceFileId, sourceFileId)))
            .run();
        }
      });
    },

    /**
     * pending → sent for a batch about to go out, in one transaction, BEFORE the request: if
     * the process dies mid-request, `sent` says "maybe copied, look before sending again".
     */
    markSent(jobId: string, sourceFileIds: readonly string[]): void {
      if (sourceFileIds.length === 0) return;
      db.update(saveCopyItems)
        .set({ state: 'sent', ...touch() })
        .where(
          and(
            eq(saveCopyItems.jobId, jobId),
            inArray(saveCopyItems.sourceFileId, [...sourceFileIds]),
            eq(saveCopyItems.state, 'pending'),
          ),
        )
        .run();
    },

    /** Records Aliyun's answer per item, in one transaction. */
    recordResults(jobId: string, results: readonly ItemResult[]): void {
      if (results.length === 0) return;
      db.transaction((tx) => {
        for (const result of results) {
          const set: Partial<CopyItemRow> = { state: result.state, ...touch() };
          if (result.asyncTaskId !== undefined) set.asyncTaskId = result.asyncTaskId;
          if (result.resultFileId !== undefined) set.resultFileId = result.resultFileId;
          if (result.errorCode !== undefined) set.errorCode = result.errorCode;
          tx.update(saveCopyItems)
            .set(set)
            .where(and(eq(saveCopyItems.jobId, jobId), eq(saveCopyItems.sourceFileId, result.sourceFileId)))
            .run();
        }
      });
    },

    /**
     * Deletes the copy records (`save_copy_items`) of saves that ended more than `olderThanMs`
     * before `now`: a big share leaves hundreds of rows that only a retry of that save needed.
     * "🔗 share it" on such an old save finds the items by name in the target folder instead.
     * @returns how many rows were deleted.
     */
    pruneFinishedCopyItems(olderThanMs: number = COPY_ITEMS_KEEP_MS, now: number = Date.now()): number {
      const endedJobs = db
        .select({ jobId: saves.jobId })
        .from(saves)
        .where(and(isNotNull(saves.finishedAt), lt(saves.finishedAt, now - olderThanMs)));
      return db.delete(saveCopyItems).where(inArray(saveCopyItems.jobId, endedJobs)).run().changes;
    },
  };
}
