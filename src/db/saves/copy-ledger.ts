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

/** What `recordPlan` records. */
interface Plan {
  shareName: string;
  aliyunUserId: string;
  targetFolderId: string;
  items: readonly PlannedItem[];
  skipped?: number;
}

/** Run on every save, prepared once per database. */
const hotQueries = (db: AppDatabase) => ({
  items: db
    .select()
    .from(saveCopyItems)
    .where(eq(saveCopyItems.jobId, sql.placeholder('jobId')))
    .orderBy(saveCopyItems.batchNo, saveCopyItems.id)
    .prepare(),
  /** `itemsSkipped` null leaves the stored count. */
  plan: db
    .update(saves)
    .set({
      shareName: sql`${sql.placeholder('shareName')}`,
      aliyunUserId: sql`${sql.placeholder('aliyunUserId')}`,
      targetFolderId: sql`${sql.placeholder('targetFolderId')}`,
      itemsTotal: sql`${sql.placeholder('itemsTotal')}`,
      itemsSkipped: sql`coalesce(${sql.placeholder('itemsSkipped')}, ${saves.itemsSkipped})`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .where(eq(saves.jobId, sql.placeholder('jobId')))
    .prepare(),
  planItem: db
    .insert(saveCopyItems)
    .values({
      jobId: sql.placeholder('jobId'),
      sourceFileId: sql.placeholder('sourceFileId'),
      sourceName: sql.placeholder('sourceName'),
      sourceKind: sql.placeholder('sourceKind'),
      sourceSize: sql.placeholder('sourceSize'),
      batchNo: sql.placeholder('batchNo'),
      targetDir: sql.placeholder('targetDir'),
      state: 'pending',
    })
    .onConflictDoNothing()
    .returning()
    .prepare(),
  /** `ids`: a JSON array of source file ids (one statement whatever the batch's size). */
  markSent: db
    .update(saveCopyItems)
    .set({ state: 'sent', updatedAt: sql`${sql.placeholder('now')}` })
    .where(
      and(
        eq(saveCopyItems.jobId, sql.placeholder('jobId')),
        sql`${saveCopyItems.sourceFileId} in (select value from json_each(${sql.placeholder('ids')}))`,
        eq(saveCopyItems.state, 'pending'),
      ),
    )
    .prepare(),
  /** A field whose `set…` flag is 0 keeps its stored value. */
  result: db
    .update(saveCopyItems)
    .set({
      state: sql`${sql.placeholder('state')}`,
      asyncTaskId: sql`iif(${sql.placeholder('setAsyncTaskId')}, ${sql.placeholder('asyncTaskId')}, ${saveCopyItems.asyncTaskId})`,
      resultFileId: sql`iif(${sql.placeholder('setResultFileId')}, ${sql.placeholder('resultFileId')}, ${saveCopyItems.resultFileId})`,
      errorCode: sql`iif(${sql.placeholder('setErrorCode')}, ${sql.placeholder('errorCode')}, ${saveCopyItems.errorCode})`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .where(and(eq(saveCopyItems.jobId, sql.placeholder('jobId')), eq(saveCopyItems.sourceFileId, sql.placeholder('sourceFileId'))))
    .prepare(),
});

export function createCopyLedger(db: AppDatabase) {
  const hot = preparedFor(db, hotQueries);

  // better-sqlite3's own transactions, made once (drizzle's `db.transaction` wraps a new one per call).
  const recordPlanTx = db.$client.transaction((jobId: string, plan: Plan) => {
    const now = Date.now();
    hot.plan.run({
      jobId,
      now,
      shareName: plan.shareName,
      aliyunUserId: plan.aliyunUserId,
      targetFolderId: plan.targetFolderId,
      itemsTotal: plan.items.length,
      itemsSkipped: plan.skipped || null,
    });
    const inserted: CopyItemRow[] = [];
    for (const item of plan.items) {
      const row = hot.planItem.get({
        jobId,
        sourceFileId: item.sourceFileId,
        sourceName: item.sourceName,
        sourceKind: item.sourceKind,
        sourceSize: item.sourceSize ?? null,
        batchNo: item.batchNo,
        targetDir: item.targetDir ?? '',
      });
      if (row) inserted.push(row);
    }
    return inserted;
  });

  const recordResult = (jobId: string, now: number, result: ItemResult) =>
    hot.result.run({
      jobId,
      now,
      sourceFileId: result.sourceFileId,
      state: result.state,
      setAsyncTaskId: result.asyncTaskId === undefined ? 0 : 1,
      asyncTaskId: result.asyncTaskId ?? null,
      setResultFileId: result.resultFileId === undefined ? 0 : 1,
      resultFileId: result.resultFileId ?? null,
      setErrorCode: result.errorCode === undefined ? 0 : 1,
      errorCode: result.errorCode ?? null,
    });

  const recordResultsTx = db.$client.transaction((jobId: string, results: readonly ItemResult[]) => {
    const now = Date.now();
    for (const result of results) recordResult(jobId, now, result);
  });

  return {
    /**
     * Records what the job will copy, in one transaction: the share's name, the Aliyun user whose
     * drive it goes into, the target folder and every item (state `pending`). Items already
     * planned are kept as they are.
     * @returns the rows it inserted (in batch order), so the run need not read them back.
     */
    recordPlan(jobId: string, plan: Plan): CopyItemRow[] {
      return recordPlanTx(jobId, plan);
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
      hot.markSent.run({ jobId, ids: JSON.stringify(sourceFileIds), now: Date.now() });
    },

    /** Records Aliyun's answer per item, in one transaction. */
    recordResults(jobId: string, results: readonly ItemResult[]): void {
      if (results.length === 0) return;
      // One statement is atomic on its own: no transaction around a one-item answer.
      if (results.length === 1) recordResult(jobId, Date.now(), results[0]!);
      else recordResultsTx(jobId, results);
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
