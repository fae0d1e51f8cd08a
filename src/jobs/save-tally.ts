/**
 * Pure: how far a save is and how it ended, from its copy record and the async tasks seen.
 * Units: an item copied at once counts 1; an item copied by an async task counts what the task
 * counts (`total_process`, every file and folder inside) once its task has been polled.
 */
import type { AsyncTask } from '../api/index.js';
import type { CopyItemRow } from '../db/saves.repo.js';
import { DRIVE_FULL_CODE, failureKindOfCode } from './save-failure.js';
import { MAX_FAILED_NAMES, type SaveOutcome } from './notifier.js';

/** A save's numbers. */
export interface SaveTally {
  /** Progress shown to the user: consumed units. */
  done: number;
  total: number;
  /** Units that made it into the drive (consumed minus failed, for tasks). */
  copied: number;
  /** Top-level items copied wholly or partly. */
  itemsCopied: number;
  itemsFailed: number;
  /** Some item or task reported a full drive. */
  driveFull: boolean;
  /** Some item was copied by an async task whose counts are known. */
  counted: boolean;
}

type ItemView = Pick<CopyItemRow, 'state' | 'asyncTaskId' | 'errorCode' | 'sourceName'>;
type TaskView = Pick<AsyncTask, 'total_process' | 'consumed_process' | 'failed_process'>;

/** Adds up a save's items; `tasks` holds the last answer seen per async task id. */
export function tallySave(items: readonly ItemView[], tasks: ReadonlyMap<string, TaskView>): SaveTally {
  const tally: SaveTally = { done: 0, total: 0, copied: 0, itemsCopied: 0, itemsFailed: 0, driveFull: false, counted: false };
  for (const item of items) {
    const landed = item.state === 'copied' || item.state === 'done';
    if (landed) tally.itemsCopied += 1;
    if (item.state === 'failed') tally.itemsFailed += 1;
    if (item.errorCode === DRIVE_FULL_CODE) tally.driveFull = true;
    const task = item.asyncTaskId ? tasks.get(item.asyncTaskId) : undefined;
    if (task && task.total_process > 0) {
      tally.counted = true;
      tally.total += task.total_process;
      tally.done += Math.min(task.consumed_process, task.total_process);
      tally.copied += Math.max(0, task.consumed_process - task.failed_process);
    } else {
      tally.total += 1;
      if (landed) {
        tally.done += 1;
        tally.copied += 1;
      } else if (item.state === 'failed') {
        tally.done += 1;
      }
    }
  }
  return tally;
}

/**
 * An item that did not wholly make it for a reason other than a full drive: it failed, or its
 * async copy ended `PartialSucceed` (some files inside failed).
 */
function fellShort(item: ItemView): boolean {
  if (item.errorCode === DRIVE_FULL_CODE) return false;
  return item.state === 'failed' || (item.state === 'done' && item.errorCode !== null);
}

/**
 * How a save ended, once nothing is pending, sent or running. A full drive with something
 * copied is `partial drive_full`; with nothing copied it is `failed drive_full`. Other item
 * failures fail the save when nothing was copied, and make it `partial some_failed` otherwise.
 */
export function saveOutcome(
  items: readonly ItemView[],
  tasks: ReadonlyMap<string, TaskView>,
  context: { shareName: string; targetPath: string },
): SaveOutcome {
  const tally = tallySave(items, tasks);
  const { shareName, targetPath } = context;
  if (tally.driveFull) {
    if (tally.copied > 0 && tally.itemsCopied > 0) {
      return { kind: 'partial', shareName, targetPath, copied: tally.copied, total: tally.total, reason: 'drive_full' };
    }
    return { kind: 'failed', reason: 'drive_full', shareName };
  }
  if (tally.itemsCopied === 0) {
    const firstFailure = items.find((item) => item.state === 'failed');
    const code = firstFailure?.errorCode ?? null;
    return { kind: 'failed', reason: failureKindOfCode(code), shareName, ...(code ? { detail: code } : {}) };
  }
  const short = items.filter(fellShort);
  if (short.length > 0) {
    return {
      kind: 'partial',
      shareName,
      targetPath,
      copied: tally.copied,
      total: tally.total,
      reason: 'some_failed',
      failedItems: short.length,
      failedNames: short.flatMap((item) => (item.sourceName ? [item.sourceName] : [])).slice(0, MAX_FAILED_NAMES),
    };
  }
  return {
    kind: 'saved',
    shareName,
    targetPath,
    items: tally.itemsCopied,
    ...(tally.counted ? { files: tally.copied } : {}),
  };
}
