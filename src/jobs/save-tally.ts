/**
 * Pure: how far a save is and how it ended, from its copy record and the async tasks seen.
 *
 * Units are files wherever they are known: an item whose async task reported counts counts what
 * the task counts (`total_process`: the files inside, never the folders); a file item copied at
 * once is one file (the share listing said it is a file). An item whose files are unknown — a
 * folder whose task said nothing (the real service may answer `total_process: 0`) — counts 1 in
 * the progress, and the outcome falls back to counting top-level items.
 */
import type { AsyncTask } from '../api/index.js';
import type { CopyItemRow } from '../db/saves.repo.js';
import { DRIVE_FULL_CODE, failureKindOfCode } from './save-failure.js';
import { MAX_FAILED_NAMES, type CountUnit, type SaveOutcome } from './save-outcome.js';

/** A save's numbers. */
export interface SaveTally {
  /** Progress shown to the user: files (or items whose files are unknown) done, of `total`. */
  done: number;
  total: number;
  /** Of `total`, those that made it into the drive (consumed minus failed, for tasks). */
  copied: number;
  /** Every item's files are known: `done`, `total` and `copied` are all files. */
  filesKnown: boolean;
  /** Top-level items chosen. */
  items: number;
  /** Top-level items copied wholly or partly. */
  itemsCopied: number;
  /** Top-level items copied wholly (no file inside failed). */
  itemsWhole: number;
  itemsFailed: number;
  /** Some item or task reported a full drive. */
  driveFull: boolean;
}

type ItemView = Pick<CopyItemRow, 'state' | 'asyncTaskId' | 'errorCode' | 'sourceName' | 'sourceKind'>;
type TaskView = Pick<AsyncTask, 'total_process' | 'consumed_process' | 'failed_process'>;

/** One item's share of the numbers. */
interface ItemCount {
  total: number;
  done: number;
  copied: number;
  files: boolean;
}

function countItem(item: ItemView, task: TaskView | undefined): ItemCount {
  if (task && task.total_process > 0) {
    const done = Math.min(task.consumed_process, task.total_process);
    return { total: task.total_process, done, copied: Math.max(0, done - task.failed_process), files: true };
  }
  const landed = item.state === 'copied' || item.state === 'done';
  // `sourceKind` is a guess ('file') for a chosen id whose listing entry was not read (no name).
  const isFile = item.sourceKind === 'file' && item.sourceName !== '';
  return { total: 1, done: landed || item.state === 'failed' ? 1 : 0, copied: landed ? 1 : 0, files: isFile };
}

/** Adds up a save's items; `tasks` holds the last answer seen per async task id. */
export function tallySave(items: readonly ItemView[], tasks: ReadonlyMap<string, TaskView>): SaveTally {
  const tally: SaveTally = {
    done: 0,
    total: 0,
    copied: 0,
    filesKnown: true,
    items: items.length,
    itemsCopied: 0,
    itemsWhole: 0,
    itemsFailed: 0,
    driveFull: false,
  };
  for (const item of items) {
    const landed = item.state === 'copied' || item.state === 'done';
    if (landed) tally.itemsCopied += 1;
    if (landed && item.errorCode === null) tally.itemsWhole += 1;
    if (item.state === 'failed') tally.itemsFailed += 1;
    if (item.errorCode === DRIVE_FULL_CODE) tally.driveFull = true;
    const count = countItem(item, item.asyncTaskId ? tasks.get(item.asyncTaskId) : undefined);
    tally.total += count.total;
    tally.done += count.done;
    tally.copied += count.copied;
    if (!count.files) tally.filesKnown = false;
  }
  return tally;
}

/** What a `partial` outcome counts: files when every item's files are known, else whole items. */
function partialCounts(tally: SaveTally): { copied: number; total: number; unit: CountUnit } {
  return tally.filesKnown
    ? { copied: tally.copied, total: tally.total, unit: 'files' }
    : { copied: tally.itemsWhole, total: tally.items, unit: 'items' };
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
 * Counts are files when known for every item (see the module comment), else top-level items.
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
      return { kind: 'partial', shareName, targetPath, ...partialCounts(tally), reason: 'drive_full' };
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
      ...partialCounts(tally),
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
    ...(tally.filesKnown ? { files: tally.copied } : {}),
  };
}
